#include "ui/views/lesson_view.h"

#include <QCoreApplication>
#include <QDir>
#include <QComboBox>
#include <QFileDialog>
#include <QTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "core/analysis/snapshot.h"
#include "core/envs/projectile.h"
#include "core/train/presets.h"
#include "ui/session/run_request_check.h"
#include "ui/views/projectile_view.h"

namespace vaco::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const QStringList kBehaviours = {"near-optimal", "uniform", "lob"};
// Green for the good throws; the others apart from the runs' curves (BC is orange).
const QList<QColor> kBehaviourColours = {QColor(40, 200, 60), QColor(215, 215, 215), QColor(230, 90, 200)};

struct StepText {
  const char* title;
  const char* caption;
};

// Titles and captions, one short paragraph each, in the lesson's order.
const StepText kSteps[LessonView::StepCount] = {
    {"The task",
     "A ball leaves a height h at 10 m/s; the launch angle θ decides how far it flies (colour: the range "
     "in metres). The dashed curve is the best angle θ*(h): the higher you stand, the flatter you throw."},
    {"The data",
     "The dataset holds throws of three behaviours. Few are near-optimal; most are uniform guesses or high "
     "lobs. Nothing in the file says which is which: a learner sees only (h, θ, range)."},
    {"BC's mistake",
     "Behaviour cloning copies every throw alike, so its angle follows where the data is densest (the lobs), "
     "not where the throws land farthest."},
    {"What the critic believes",
     "A critic Q(h, θ) learns from the throws how far each angle flies. Where the data has throws, Q follows "
     "the true range; where it has none (grey), Q is a guess, and a policy must not chase it."},
    {"The weights learn",
     "VACO's scorer gives each throw a weight, trained so that cloning the weighted data raises Q. The points "
     "are coloured by their weight as it learns: the good throws take the weight."},
    {"VACO's fix",
     "Cloning the weighted data, VACO's angle follows θ*(h); BC's follows the lobs. IQL, a value-weighted "
     "baseline, is shown beside them. The table gives each one's angle at every height."},
};

// Cells of the worker's Q grid (see SnapshotPayload).
constexpr int kQH = SnapshotPayload::kQHeights, kQA = SnapshotPayload::kQAngles;

const QString kCloner = QString::fromLatin1(train::LessonPreset::cloner);
const QString kLearner = QString::fromLatin1(train::LessonPreset::learner);
const QString kBaseline = QString::fromLatin1(train::LessonPreset::baseline);

double deg(double rad) { return rad * 180.0 / std::numbers::pi; }
double rad(double d) { return d * std::numbers::pi / 180.0; }

}  // namespace

const QStringList& LessonView::lessonAlgorithms() {
  static const QStringList algos = {kCloner, kLearner, kBaseline};
  return algos;
}

LessonView::LessonView(QWidget* parent) : QWidget(parent) {
  setObjectName("lessonView");
  setFocusPolicy(Qt::StrongFocus);
  steps_ = new QListWidget(this);
  steps_->setObjectName("lessonSteps");
  for (int i = 0; i < StepCount; ++i) steps_->addItem(QString("%1. %2").arg(i + 1).arg(kSteps[i].title));
  steps_->setFocusPolicy(Qt::NoFocus);
  // The steps run along the top as one row (a narrow window scrolls it), so that the drawing
  // keeps the whole width.
  steps_->setFlow(QListView::LeftToRight);
  steps_->setWrapping(false);
  steps_->setSpacing(4);
  steps_->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
  steps_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  caption_ = new QLabel(this);
  caption_->setObjectName("lessonCaption");
  caption_->setWordWrap(true);
  detail_ = new QLabel(this);
  detail_->setObjectName("lessonDetail");
  detail_->setWordWrap(true);
  view_ = new ProjectileView(this);
  view_->setAngleRange(-90, 90);
  table_ = new QTableWidget(this);
  table_->setObjectName("lessonTable");
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  table_->setFocusPolicy(Qt::NoFocus);
  table_->hide();
  back_ = new QPushButton("◀ Back", this);
  next_ = new QPushButton("Next ▶", this);
  auto* slides = new QPushButton("Export slides...", this);
  auto* leave = new QPushButton("Leave lesson", this);
  for (QPushButton* b : {back_, next_, slides, leave}) b->setFocusPolicy(Qt::NoFocus);
  back_->setToolTip("Previous step (Left arrow)");
  next_->setToolTip("Next step (Right arrow or space)");
  leave->setToolTip("Back to the workbench (Escape)");

  auto* content = new QHBoxLayout;
  content->addWidget(view_, 3);
  content->addWidget(table_, 2);
  speed_box_ = new QComboBox(this);
  speed_box_->setObjectName("lessonSpeed");
  for (double x : {0.25, 0.5, 1.0, 2.0, 4.0, 8.0}) speed_box_->addItem(QString("playback %1x").arg(x), x);
  speed_box_->setCurrentIndex(2);
  speed_box_->setFocusPolicy(Qt::NoFocus);
  speed_box_->hide();  // shown while a recording plays
  connect(speed_box_, &QComboBox::currentIndexChanged, this, [this] { speed_ = speed_box_->currentData().toDouble(); });
  player_ = new QTimer(this);
  player_->setInterval(30);
  connect(player_, &QTimer::timeout, this, &LessonView::playTick);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(leave);
  buttons->addWidget(slides);
  buttons->addWidget(speed_box_);
  buttons->addStretch(1);
  buttons->addWidget(back_);
  buttons->addWidget(next_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(steps_);
  layout->addWidget(caption_);
  layout->addWidget(detail_);
  layout->addLayout(content, 1);
  layout->addLayout(buttons);

  connect(back_, &QPushButton::clicked, this, &LessonView::back);
  connect(next_, &QPushButton::clicked, this, &LessonView::next);
  connect(leave, &QPushButton::clicked, this, &LessonView::leaveRequested);
  connect(slides, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, "Export the lesson's slides into");
    if (dir.isEmpty()) return;
    const QString problem = exportSlides(dir);
    detail_->setText(problem.isEmpty() ? "Slides written to " + dir : "Cannot export the slides: " + problem);
  });
  connect(steps_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0 && row != step_) setStep(row);
  });
  applyFonts();
  setStep(Task);
}

void LessonView::setThrows(const QVector<double>& heights, const QVector<double>& anglesDeg, const QVector<int>& labels) {
  heights_ = heights;
  angles_ = anglesDeg;
  labels_ = labels;
  view_->setOutOfData(heights_, angles_);  // the data does not change: its coverage is computed once
  dataShown_ = DataShown::None;
  refresh();
}

void LessonView::setStep(int step) {
  step = std::clamp(step, 0, StepCount - 1);
  step_ = step;
  if (steps_->currentRow() != step) steps_->setCurrentRow(step);
  if (step >= BcMistake) need(kCloner);
  if (step >= Critic) need(kLearner);
  if (step >= VacoFix) need(kBaseline);
  back_->setEnabled(step > 0);
  next_->setEnabled(step < StepCount - 1);
  refresh();
}

void LessonView::next() { setStep(step_ + 1); }
void LessonView::back() { setStep(step_ - 1); }

QString LessonView::title() const { return QString("%1. %2").arg(step_ + 1).arg(kSteps[step_].title); }
QString LessonView::caption() const { return caption_->text(); }
QString LessonView::detail() const { return detail_->text(); }

void LessonView::need(const QString& algo) {
  Run& run = runs_[algo];
  if (run.requested) return;
  run.requested = true;
  if (!isPlayback()) emit trainRequested(algo);  // a played lesson's runs arrive from the recording
}

QString LessonView::recordTo(const QString& dir) { return recorder_.open(dir); }

QString LessonView::play(const QString& dir) {
  QString error;
  std::vector<LessonEvent> events = readLessonRecording(dir, &error);
  if (events.empty()) return error;
  playback_ = std::move(events);
  next_event_ = 0;
  played_seconds_ = 0;
  for (const QString& algo : lessonAlgorithms()) runs_[algo].requested = true;  // nothing trains
  speed_box_->show();
  player_->start();
  refresh();
  return {};
}

void LessonView::setPlaybackSpeed(double speed) {
  speed_ = std::clamp(speed, 0.25, 8.0);
  const QSignalBlocker block(speed_box_);
  for (int i = 0; i < speed_box_->count(); ++i)
    if (speed_box_->itemData(i).toDouble() <= speed_) speed_box_->setCurrentIndex(i);
}

void LessonView::playTick() {
  played_seconds_ += speed_ * player_->interval() / 1000.0;
  while (next_event_ < playback_.size() && playback_[next_event_].seconds <= played_seconds_) {
    const LessonEvent& e = playback_[next_event_++];
    if (e.kind == LessonEvent::Started) {
      runStarted(e.algo);
    } else if (e.kind == LessonEvent::Snapshot) {
      live_ = e.algo;
      showSnapshot(e.payload);
    } else {
      live_ = e.algo;
      runFinished(e.status);
    }
  }
  if (playbackDone()) player_->stop();
}

void LessonView::runStarted(const QString& algo) {
  recorder_.append({LessonEvent::Started, 0, algo, {}, {}});
  live_ = algo;
  Run& run = runs_[algo];
  run.requested = true;
  run.running = true;
  run.done = false;
  refresh();
}

void LessonView::showSnapshot(const SnapshotPayload& payload) {
  if (live_.isEmpty() || !payload.snapshot) return;
  recorder_.append({LessonEvent::Snapshot, 0, live_, {}, payload});
  Run& run = runs_[live_];
  if (!payload.heights.isEmpty()) {
    run.heights = payload.heights;
    run.anglesDeg = payload.anglesDeg;
  }
  if (!payload.qGrid.isEmpty()) run.qGrid = payload.qGrid;
  const analysis::AnalysisSnapshot& s = *payload.snapshot;
  run.probeWeights = QVector<double>(s.probe_weights.begin(), s.probe_weights.end());
  run.probeLabels = QVector<int>(s.probe_labels.begin(), s.probe_labels.end());
  // Keep the probe's points for colouring by weight.
  if (live_ == kLearner && s.obs_dim == 1 && s.act_dim == 1) {
    QVector<double> h, a;
    for (size_t i = 0; i < s.probe_size(); ++i) {
      h.push_back(s.probe_observations[i]);
      a.push_back(s.probe_actions[i] * 90.0);
    }
    probeHeights_ = h;
    probeAngles_ = a;
  }
  refresh();
}

void LessonView::runFinished(const QString& status) {
  if (live_.isEmpty()) return;
  recorder_.append({LessonEvent::Finished, 0, live_, status, {}});
  Run& run = runs_[live_];
  run.running = false;
  run.done = status == "completed";
  if (!run.done && !isPlayback()) run.requested = false;  // a stopped or failed run may be asked for again
  live_.clear();
  refresh();
}

double LessonView::meanOverHeights(const QString& algo, const std::function<double(double h, double angleDeg)>& f) const {
  const auto it = runs_.find(algo);
  if (it == runs_.end() || it->heights.isEmpty()) return kNaN;
  double sum = 0;
  for (int k = 0; k <= 100; ++k) {
    const double h = 0.1 * k;
    sum += f(h, angleAtHeight(it->heights, it->anglesDeg, h));
  }
  return sum / 101.0;
}

double LessonView::meanAngleError(const QString& algo) const {
  return meanOverHeights(algo, [](double h, double angle) { return std::abs(angle - deg(projectile::optimal_angle(h))); });
}

double LessonView::meanRangeLost(const QString& algo) const {
  return meanOverHeights(algo, [](double h, double angle) {
    return projectile::range(h, projectile::optimal_angle(h)) - projectile::range(h, rad(angle));
  });
}

QPair<double, double> LessonView::nearOptimalWeightShare() const {
  const auto it = runs_.find(kLearner);
  if (it == runs_.end() || it->probeWeights.isEmpty() || it->probeLabels.size() != it->probeWeights.size())
    return {kNaN, kNaN};
  double good = 0, all = 0;
  int count = 0;
  for (qsizetype i = 0; i < it->probeWeights.size(); ++i) {
    all += it->probeWeights[i];
    if (it->probeLabels[i] == 0) {
      good += it->probeWeights[i];
      ++count;
    }
  }
  return {all > 0 ? good / all : kNaN, double(count) / double(it->probeWeights.size())};
}

QString LessonView::runState(const QString& algo) const {
  const QString name = algorithmLabel(algo);
  const auto it = runs_.find(algo);
  if (it == runs_.end() || !it->requested) return name + " has not trained yet.";
  if (it->running) return name + " is training…";
  if (!it->done && it->heights.isEmpty()) return name + " waits for its turn on the worker…";
  return {};
}

void LessonView::refresh() {
  caption_->setText(kSteps[step_].caption);
  // Which runs' curves this step shows: the cloner from step 3, all three in step 6.
  const QStringList runsBefore = view_->runNames();
  for (const QString& algo : lessonAlgorithms()) {
    const bool shown = step_ >= VacoFix || (algo == kCloner && step_ >= BcMistake);
    const Run run = runs_.value(algo);
    if (shown && !run.heights.isEmpty())
      view_->setRunAngles(algorithmLabel(algo), run.heights, run.anglesDeg);
    else
      view_->removeRun(algorithmLabel(algo));
  }
  // The data: none, by behaviour, or (step 5) by VACO's weight.
  const Run vaco = runs_.value(kLearner);
  // The throws by behaviour stay drawn while they stay asked for and the runs shown stay the same
  // (redrawn, they list after the runs' curves in the legend); weights change with each snapshot.
  const bool weighted = step_ == WeightsLearn && !vaco.probeWeights.isEmpty() && probeHeights_.size() == vaco.probeWeights.size();
  const DataShown data = step_ == Task ? DataShown::None : weighted ? DataShown::Weights : DataShown::Behaviour;
  if (data == DataShown::Weights) {
    view_->setDataPoints(probeHeights_, probeAngles_, vaco.probeWeights);
  } else if (data != dataShown_ || view_->runNames() != runsBefore) {
    view_->setDataCategories(data == DataShown::None ? QVector<double>() : heights_,
                             data == DataShown::None ? QVector<double>() : angles_,
                             data == DataShown::None ? QVector<int>() : labels_, kBehaviours, kBehaviourColours);
  }
  dataShown_ = data;
  // The landscape: the true range, or (step 4) the critic's Q with the out-of-data cells greyed.
  if (step_ == Critic && !vaco.qGrid.isEmpty()) view_->setLearnedQ(algorithmLabel(kLearner), kQH, kQA, vaco.qGrid);
  view_->setColourMap(step_ == Critic ? ProjectileMap::LearnedQ : ProjectileMap::Range);
  view_->setOutOfDataShown(step_ == Critic);
  view_->setFollowPointer(step_ == Task);
  table_->setVisible(step_ == VacoFix);
  if (step_ == VacoFix) fillTable();

  QString detail;
  switch (step_) {
    case Task:
      detail = QString("θ*(0 m) = %1°, θ*(5 m) = %2°, θ*(10 m) = %3°")
                   .arg(deg(projectile::optimal_angle(0)), 0, 'f', 1)
                   .arg(deg(projectile::optimal_angle(5)), 0, 'f', 1)
                   .arg(deg(projectile::optimal_angle(10)), 0, 'f', 1);
      break;
    case Data: {
      QVector<int> count(kBehaviours.size(), 0);
      for (int l : labels_)
        if (l >= 0 && l < count.size()) ++count[l];
      QStringList parts;
      for (qsizetype i = 0; i < kBehaviours.size(); ++i)
        parts << QString("%1 %2%").arg(kBehaviours[i]).arg(100.0 * count[i] / std::max<qsizetype>(1, labels_.size()), 0, 'f', 0);
      detail = QString("%1 throws: ").arg(labels_.size()) + parts.join(" · ");
      break;
    }
    case BcMistake: {
      const QString wait = runState(kCloner);
      const double err = meanAngleError(kCloner);
      detail = std::isnan(err) ? wait
                               : QString("%1's angle is %2° from θ* on average; it throws %3 m short per throw "
                                         "(mean over h = 0…10 m)%4")
                                     .arg(algorithmLabel(kCloner))
                                     .arg(err, 0, 'f', 1)
                                     .arg(meanRangeLost(kCloner), 0, 'f', 2)
                                     .arg(runs_.value(kCloner).running ? " — still training" : "");
      break;
    }
    case Critic: {
      if (vaco.qGrid.size() != kQH * kQA) {
        detail = runState(kLearner);
        if (detail.isEmpty()) detail = algorithmLabel(kLearner) + "'s critic has no snapshot yet…";
        break;
      }
      double inside = 0, outside = 0;
      int n_in = 0, n_out = 0;
      for (int i = 0; i < kQH; ++i)
        for (int j = 0; j < kQA; ++j) {
          const double h = 10.0 * i / (kQH - 1), th = -90.0 + 180.0 * j / (kQA - 1);
          const double e = std::abs(vaco.qGrid[i * kQA + j] - projectile::range(h, rad(th)));
          if (view_->isOutOfData(h, th)) {
            outside += e;
            ++n_out;
          } else {
            inside += e;
            ++n_in;
          }
        }
      detail = QString("The critic is off by %1 m on average where the data has throws, by %2 m where it has none "
                       "(%3% of the landscape)")
                   .arg(inside / std::max(1, n_in), 0, 'f', 2)
                   .arg(outside / std::max(1, n_out), 0, 'f', 2)
                   .arg(100.0 * n_out / (kQH * kQA), 0, 'f', 0);
      break;
    }
    case WeightsLearn: {
      const auto [weight, data] = nearOptimalWeightShare();
      detail = std::isnan(weight) ? runState(kLearner)
                                  : QString("Near-optimal throws: %1% of the data, %2% of the weight%3")
                                        .arg(100.0 * data, 0, 'f', 0)
                                        .arg(100.0 * weight, 0, 'f', 0)
                                        .arg(runs_.value(kLearner).running ? " — still training" : "");
      if (detail.isEmpty()) detail = algorithmLabel(kLearner) + "'s weights arrive with its policy phase…";
      break;
    }
    case VacoFix: {
      QStringList parts;
      for (const QString& algo : {kLearner, kBaseline, kCloner}) {
        const double err = meanAngleError(algo);
        parts << (std::isnan(err) ? runState(algo) : QString("%1 %2°").arg(algorithmLabel(algo)).arg(err, 0, 'f', 1));
      }
      detail = "Mean angle error from θ*: " + parts.join(" · ");
      break;
    }
    default:
      break;
  }
  detail_->setText(detail);
}

void LessonView::fillTable() {
  const QStringList algos = {kCloner, kBaseline, kLearner};
  table_->setColumnCount(5);
  table_->setHorizontalHeaderLabels({"h (m)", "θ*", algorithmLabel(kCloner), algorithmLabel(kBaseline), algorithmLabel(kLearner)});
  table_->setRowCount(12);
  QVector<double> errSum(algos.size(), 0.0);
  for (int k = 0; k <= 10; ++k) {
    const double h = k, best = deg(projectile::optimal_angle(h));
    table_->setItem(k, 0, new QTableWidgetItem(QString::number(k)));
    table_->setItem(k, 1, new QTableWidgetItem(QString("%1°").arg(best, 0, 'f', 1)));
    for (qsizetype a = 0; a < algos.size(); ++a) {
      const Run run = runs_.value(algos[a]);
      const double angle = angleAtHeight(run.heights, run.anglesDeg, h);
      QString text = "–";
      if (!std::isnan(angle)) {
        errSum[a] += std::abs(angle - best);
        text = QString("%1° (%2%3)").arg(angle, 0, 'f', 1).arg(angle >= best ? "+" : "−").arg(std::abs(angle - best), 0, 'f', 1);
      }
      table_->setItem(k, int(a) + 2, new QTableWidgetItem(text));
    }
  }
  table_->setItem(11, 0, new QTableWidgetItem("mean |error|"));
  table_->setItem(11, 1, new QTableWidgetItem(""));
  for (qsizetype a = 0; a < algos.size(); ++a) {
    const double err = meanAngleError(algos[a]);
    table_->setItem(11, int(a) + 2, new QTableWidgetItem(std::isnan(err) ? "–" : QString("%1°").arg(err, 0, 'f', 1)));
  }
  table_->resizeColumnsToContents();
}

void LessonView::setFontScale(double scale) {
  font_scale_ = std::clamp(scale, 0.5, 3.0);
  applyFonts();
}

void LessonView::applyFonts() {
  QFont base = QWidget::font();
  const double pt = base.pointSizeF() > 0 ? base.pointSizeF() : 10.0;
  QFont caption = base, detail = base, list = base;
  caption.setPointSizeF(pt * 1.6 * font_scale_);
  detail.setPointSizeF(pt * 1.25 * font_scale_);
  detail.setBold(true);
  list.setPointSizeF(pt * 1.2 * font_scale_);
  caption_->setFont(caption);
  detail_->setFont(detail);
  steps_->setFont(list);
  QFont table = base;
  table.setPointSizeF(pt * font_scale_);
  table_->setFont(table);
  steps_->setFixedHeight(steps_->sizeHintForRow(0) + steps_->horizontalScrollBar()->sizeHint().height() + 2 * steps_->frameWidth() + 8);
}

QString LessonView::exportSlides(const QString& dir) {
  if (!QDir().mkpath(dir)) return "cannot create " + dir;
  const int keep = step_;
  for (int s = 0; s < StepCount; ++s) {
    setStep(s);
    // The plots redraw on queued replots: draw them now, so the grab shows this step.
    view_->landscapePlot()->replot(QCustomPlot::rpImmediateRefresh);
    view_->arcPlot()->replot(QCustomPlot::rpImmediateRefresh);
    QCoreApplication::processEvents();
    const QString file = QDir(dir).filePath(QString("step-%1.png").arg(s + 1));
    if (!grab().save(file)) {
      setStep(keep);
      return "cannot write " + file;
    }
  }
  setStep(keep);
  return {};
}

void LessonView::keyPressEvent(QKeyEvent* event) {
  const bool ctrl = event->modifiers() & Qt::ControlModifier;
  if (ctrl && (event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal)) {
    setFontScale(font_scale_ * 1.15);
  } else if (ctrl && event->key() == Qt::Key_Minus) {
    setFontScale(font_scale_ / 1.15);
  } else if (ctrl && event->key() == Qt::Key_0) {
    setFontScale(1.0);
  } else if (event->key() == Qt::Key_Right || event->key() == Qt::Key_Space || event->key() == Qt::Key_PageDown) {
    next();
  } else if (event->key() == Qt::Key_Left || event->key() == Qt::Key_Backspace || event->key() == Qt::Key_PageUp) {
    back();
  } else if (event->key() == Qt::Key_Escape) {
    emit leaveRequested();
  } else {
    QWidget::keyPressEvent(event);
  }
}

}  // namespace vaco::ui
