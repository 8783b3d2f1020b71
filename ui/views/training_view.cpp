#include "ui/views/training_view.h"

#include <QGridLayout>
#include <QResizeEvent>

#include <cmath>
#include <limits>

#include "ui/plots/metric_plot.h"

namespace vaco::ui {

TrainingView::TrainingView(const MetricStore& store, QWidget* parent) : QScrollArea(parent), store_(store) {
  struct Spec {
    const char *id, *title, *y;
  };
  const Spec specs[] = {
      {"inner", "Policy loss", "loss"},
      {"outer", "Outer loss: −Q(s, π_θ'(s) + ε)", "loss"},
      {"critic", "Critic losses", "loss"},
      {"q", "Critic: mean Q(s, a) of the batch", "Q"},
      {"sigma", "Outer-loss noise σ_t", "σ"},
      {"ess", "Effective sample size of the weights", "ESS / B"},
      {"weights", "Weight statistics (mean is 1)", "weight"},
      {"grad", "Gradient norms", "‖g‖"},
      {"score", "Evaluation: normalized score (shaded: ± std over episodes)", "score"},
      {"other", "Other metrics", "value"},
  };
  host_ = new QWidget(this);
  for (const Spec& s : specs) {
    auto* p = new MetricPlot(QString::fromUtf8(s.title), QString::fromUtf8(s.y), host_);
    p->setObjectName(QString("plot-") + s.id);
    p->setMinimumHeight(240);
    p->setVisible(false);  // shown once the run fills it
    plots_.insert(s.id, p);
    order_.push_back(p);
  }
  setWidget(host_);
  setWidgetResizable(true);
  setFrameShape(QFrame::NoFrame);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  layOut(3);
  connect(&store_, &MetricStore::appended, this, [this](const QList<int>& runs) {
    if (runs.contains(run_)) update();
  });
  connect(&store_, &MetricStore::runRemoved, this, [this](int run) {
    if (run == run_) showRun(-1);
  });
}

void TrainingView::layOut(int columns) {
  QVector<MetricPlot*> shown;
  for (MetricPlot* p : order_)
    if (filled_.contains(p)) shown.push_back(p);
  if (columns == columns_ && shown == shown_) return;
  columns_ = columns;
  shown_ = shown;
  delete host_->layout();
  auto* grid = new QGridLayout(host_);
  grid->setContentsMargins(4, 4, 4, 4);
  grid->setSpacing(6);
  for (MetricPlot* p : order_) p->setVisible(filled_.contains(p));
  for (int i = 0; i < int(shown.size()); ++i) grid->addWidget(shown[i], i / columns, i % columns);
  for (int c = 0; c < columns; ++c) grid->setColumnStretch(c, 1);
}

void TrainingView::resizeEvent(QResizeEvent* event) {
  layOut(std::clamp(event->size().width() / kMinColumnWidth, 1, 3));
  QScrollArea::resizeEvent(event);
}

void TrainingView::setPolicyLoss(const QString& policyLoss) {
  QString title = policyLoss.isEmpty() ? QStringLiteral("Policy loss") : policyLoss;
  title[0] = title[0].toUpper();
  plots_["inner"]->setTitle(title);
}

QStringList TrainingView::shownPlotIds() const {
  QStringList ids;
  for (MetricPlot* p : shown_) ids << plots_.key(p);
  return ids;
}

void TrainingView::drawMetric(const QString& id, const QString& series, const QString& metric) {
  MetricPlot* p = plots_[id];
  if (p->points(series))
    p->sourceChanged(series);
  else
    p->setSource(series, [this, run = run_, metric] { return store_.series(run, metric); });
  if (!filled_.contains(p)) {
    filled_.insert(p);
    p->setPhaseBoundary(boundary_);  // the others got it when the policy phase began
    layOut(columns_);
  }
}

QString TrainingView::plotIdFor(const QString& name) {
  if (name == "inner_loss" || name == "policy_loss") return "inner";
  if (name == "outer_loss") return "outer";
  if (name == "q_loss" || name == "v_loss") return "critic";
  if (name == "q_mean") return "q";
  if (name == "sigma") return "sigma";
  if (name == "ess" || name == "ess_raw") return "ess";
  if (name.startsWith("weight_")) return name == "weight_mean" ? QString() : "weights";
  if (name.startsWith("grad_norm")) return "grad";
  if (name == "steps_per_s") return QString();  // the progress bar shows the rate
  return "other";
}

void TrainingView::showRun(int run) {
  clear();
  run_ = run;
  update();
}

void TrainingView::update() {
  const StoredRun* r = store_.run(run_);
  if (!r) return;
  if (std::isnan(boundary_) && !std::isnan(r->phaseBoundary)) {
    boundary_ = r->phaseBoundary;
    for (MetricPlot* p : filled_) p->setPhaseBoundary(boundary_);
  }
  for (auto it = r->series.cbegin(); it != r->series.cend(); ++it) {
    const QString& name = it.key();
    if (name == MetricStore::kEvalScore || name == MetricStore::kEvalReturn) continue;
    const QString id = plotIdFor(name);
    qsizetype& done = drawn_[name];
    if (id.isEmpty() || done >= it->values.size()) continue;
    drawMetric(id, name, name);
    done = it->values.size();
  }
  if (evals_drawn_ < r->evals.size()) {
    drawMetric("score", "score", MetricStore::kEvalScore);
    evals_drawn_ = r->evals.size();
    QVector<double> band_steps, mean, std;
    for (const train::EvalLine& e : r->evals) {
      band_steps.push_back(double(e.step));
      mean.push_back(e.score_mean);
      std.push_back(e.score_std);
    }
    // The shaded std only: the "score" series already draws the mean.
    plots_["score"]->setBand("± std over episodes", band_steps, mean, std, /*meanLine=*/false);
  }
}

void TrainingView::clear() {
  for (MetricPlot* p : plots_) {
    p->clear();
    p->setPhaseBoundary(std::numeric_limits<double>::quiet_NaN());
  }
  filled_.clear();
  drawn_.clear();
  evals_drawn_ = 0;
  boundary_ = std::numeric_limits<double>::quiet_NaN();
  layOut(columns_);
}

void TrainingView::setStreaming(bool on) {
  for (MetricPlot* p : plots_) p->setStreaming(on);
}

}  // namespace vaco::ui
