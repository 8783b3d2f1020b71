#include "ui/plots/episode_strip_plot.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <QFile>
#include <QTextStream>
#include <QVBoxLayout>

#include "ui/plots/plot_export.h"
#include "ui/plots/plot_style.h"

namespace vaco::ui {

namespace {

// A vertical line at x = 0 in `rect`.
QCPItemStraightLine* cursorLine(QCustomPlot* plot, QCPAxisRect* rect) {
  auto* line = new QCPItemStraightLine(plot);
  line->setClipAxisRect(rect);
  line->point1->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  line->point2->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  line->point1->setCoords(0, 0);
  line->point2->setCoords(0, 1);
  line->setPen(QPen(QColor(200, 40, 40), 1.5));
  return line;
}

}  // namespace

EpisodeStripPlot::EpisodeStripPlot(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  setObjectName("episodeStrips");
  applyPlotStyle(plot_);
  plot_->setMinimumSize(320, 300);  // three strips of about 70 px each
  // Top: reward (the plot's default axis rect); below it: weight, sharing the time range.
  plot_->plotLayout()->clear();
  auto* rewardRect = new QCPAxisRect(plot_);
  weightRect_ = new QCPAxisRect(plot_);
  rewardTitle_ = new QCPTextElement(plot_, "Reward per step", QFont(font().family(), -1, QFont::Bold));
  weightText_ = "Weight per step";
  weightTitle_ = new QCPTextElement(plot_, weightText_, QFont(font().family(), -1, QFont::Bold));
  plot_->plotLayout()->addElement(0, 0, rewardTitle_);
  plot_->plotLayout()->addElement(1, 0, rewardRect);
  plot_->plotLayout()->addElement(2, 0, weightTitle_);
  plot_->plotLayout()->addElement(3, 0, weightRect_);
  auto* probeRect = new QCPAxisRect(plot_);
  probeTitle_ = new QCPTextElement(plot_, "Q and |a − π(s)| per step", QFont(font().family(), -1, QFont::Bold));
  plot_->plotLayout()->addElement(4, 0, probeTitle_);
  plot_->plotLayout()->addElement(5, 0, probeRect);
  auto* margins = new QCPMarginGroup(plot_);
  rewardRect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
  weightRect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
  probeRect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
  for (QCPAxisRect* other : {rewardRect, weightRect_})
    connect(other->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
            probeRect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));
  connect(rewardRect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
          weightRect_->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));
  connect(weightRect_->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
          rewardRect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));
  rewardRect->axis(QCPAxis::atLeft)->setLabel("reward");
  weightRect_->axis(QCPAxis::atLeft)->setLabel("weight");
  probeRect->axis(QCPAxis::atBottom)->setLabel("time step");
  probeRect->axis(QCPAxis::atLeft)->setLabel("Q");
  probeRect->axis(QCPAxis::atRight)->setVisible(true);
  probeRect->axis(QCPAxis::atRight)->setLabel("|a − π(s)|");
  q_graph_ = plot_->addGraph(probeRect->axis(QCPAxis::atBottom), probeRect->axis(QCPAxis::atLeft));
  q_graph_->setPen(QPen(paletteColor(3), 1.5));
  distance_graph_ = plot_->addGraph(probeRect->axis(QCPAxis::atBottom), probeRect->axis(QCPAxis::atRight));
  distance_graph_->setPen(QPen(paletteColor(1), 1.2, Qt::DashLine));
  probeCursor_ = cursorLine(plot_, probeRect);
  probeRect->setRangeZoom(Qt::Horizontal);
  reward_ = plot_->addGraph(rewardRect->axis(QCPAxis::atBottom), rewardRect->axis(QCPAxis::atLeft));
  reward_->setPen(QPen(paletteColor(2), 1.5));
  policyReward_ = plot_->addGraph(rewardRect->axis(QCPAxis::atBottom), rewardRect->axis(QCPAxis::atLeft));
  policyReward_->setPen(QPen(paletteColor(4), 1.5, Qt::DashLine));
  weight_ = plot_->addGraph(weightRect_->axis(QCPAxis::atBottom), weightRect_->axis(QCPAxis::atLeft));
  weight_->setPen(QPen(paletteColor(0), 1.5));
  rewardCursor_ = cursorLine(plot_, rewardRect);
  weightCursor_ = cursorLine(plot_, weightRect_);
  plot_->setInteractions(QCP::iRangeZoom);
  rewardRect->setRangeZoom(Qt::Horizontal);
  weightRect_->setRangeZoom(Qt::Horizontal);
  connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
    if (e->button() == Qt::LeftButton) pickAt(e->position().x());
  });
  connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
    if (e->buttons() & Qt::LeftButton) pickAt(e->position().x());
  });
  installExportMenu(plot_, [this](const QString& path) { return saveCsv(path); });
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
}

QVector<double> EpisodeStripPlot::steps(qsizetype n) {
  QVector<double> steps(n);
  std::iota(steps.begin(), steps.end(), 0.0);
  return steps;
}

int EpisodeStripPlot::span() const { return int(std::max(rewards_.size(), policyRewards_.size())); }

void EpisodeStripPlot::fitTimeAxis() {
  reward_->keyAxis()->setRange(0, std::max<double>(1.0, double(span() - 1)));
  reward_->rescaleValueAxis(false, true);
  if (!policyRewards_.isEmpty()) policyReward_->rescaleValueAxis(true, true);
}

void EpisodeStripPlot::setEpisode(const QVector<double>& rewards) {
  rewards_ = rewards;
  reward_->setData(steps(), rewards_, true);
  policyRewards_.clear();
  policyReward_->data()->clear();
  rewardTitle_->setText("Reward per step");
  fitTimeAxis();
  setWeights({});
  setProbe({}, {});
  cursor_ = -1;
  setCursorStep(0);
}

void EpisodeStripPlot::setWeights(const QVector<double>& weights, const QString& note) {
  weights_ = weights.size() == rewards_.size() ? weights : QVector<double>();
  weight_->setData(weights_.isEmpty() ? QVector<double>() : steps(), weights_, true);
  if (weights_.isEmpty()) {
    weightText_ = "Weight per step — " + (note.isEmpty() ? QString("no run's weights for this episode") : note);
    weight_->valueAxis()->setRange(0, 2);
  } else {
    const double mean = std::accumulate(weights_.begin(), weights_.end(), 0.0) / weights_.size();
    weightText_ = QString("Weight per step — mean %1").arg(mean, 0, 'f', 2);
    weight_->rescaleValueAxis(false, true);
    const QCPRange r = weight_->valueAxis()->range();
    weight_->valueAxis()->setRange(std::min(0.0, r.lower), std::max(r.upper * 1.05, 1.2));
  }
  fitTitle();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void EpisodeStripPlot::setProbe(const QVector<double>& q, const QVector<double>& actionDistance, const QString& note) {
  q_ = q.size() == rewards_.size() ? q : QVector<double>();
  distance_ = actionDistance.size() == rewards_.size() ? actionDistance : QVector<double>();
  q_graph_->setData(q_.isEmpty() ? QVector<double>() : steps(), q_, true);
  distance_graph_->setData(distance_.isEmpty() ? QVector<double>() : steps(), distance_, true);
  if (!q_.isEmpty()) q_graph_->rescaleValueAxis(false, true);
  if (!distance_.isEmpty()) {
    distance_graph_->rescaleValueAxis(false, true);
    distance_graph_->valueAxis()->setRangeLower(0);
  }
  probeText_ = q_.isEmpty() && distance_.isEmpty()
                   ? "Q and |a − π(s)| per step — " + (note.isEmpty() ? QString("from a live run") : note)
                   : QString("Q (solid) and |a − π(s)| (dashed, right axis) per step");
  fitTitle();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void EpisodeStripPlot::setPolicyRewards(const QVector<double>& rewards) {
  policyRewards_ = rewards;
  policyReward_->setData(steps(rewards.size()), rewards, true);
  rewardTitle_->setText(rewards.isEmpty() ? QString("Reward per step")
                                          : QString("Reward per step — the data's (solid), the run's policy from the same start (dashed)"));
  fitTimeAxis();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void EpisodeStripPlot::setCursorStep(int step) {
  step = std::clamp(step, 0, std::max(0, span() - 1));
  if (step == cursor_) return;
  cursor_ = step;
  for (QCPItemStraightLine* line : {rewardCursor_, weightCursor_, probeCursor_}) {
    line->point1->setCoords(step, 0);
    line->point2->setCoords(step, 1);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString EpisodeStripPlot::weightTitle() const { return weightText_; }

// The weight strip's title breaks after "Weight per step" when one line would be clipped.
void EpisodeStripPlot::fitTitle() {
  setFittedTitle(weightTitle_, weightText_, " — ", std::max(1, width() - 20));
  setFittedTitle(probeTitle_, probeText_, " — ", std::max(1, width() - 20));
}

void EpisodeStripPlot::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  fitTitle();
}

void EpisodeStripPlot::pickAt(double pixelX) {
  if (rewards_.isEmpty()) return;
  const double step = reward_->keyAxis()->pixelToCoord(pixelX);
  emit stepPicked(int(std::lround(std::clamp(step, 0.0, double(span() - 1)))));
}

bool EpisodeStripPlot::saveCsv(const QString& path) const {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
  QTextStream out(&f);
  const bool policy = !policyRewards_.isEmpty();
  out << "step,reward,weight,q,action_distance" << (policy ? ",policy_reward\n" : "\n");
  const auto field = [](const QVector<double>& v, int i) { return i < v.size() ? QString::number(v[i], 'g', 9) : QString(); };
  for (int i = 0; i < (policy ? span() : int(rewards_.size())); ++i) {
    out << i << ',' << field(rewards_, i) << ',' << field(weights_, i) << ',' << field(q_, i) << ',' << field(distance_, i);
    if (policy) out << ',' << field(policyRewards_, i);
    out << '\n';
  }
  return f.error() == QFile::NoError;
}

}  // namespace vaco::ui
