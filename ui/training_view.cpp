#include "ui/training_view.h"

#include <QGridLayout>
#include <QResizeEvent>

#include <cmath>
#include <limits>

#include "ui/metric_plot.h"

namespace vaco::ui {

TrainingView::TrainingView(QWidget* parent) : QScrollArea(parent) {
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

void TrainingView::fill(const QString& id, const QString& series, const QVector<double>& steps,
                        const QVector<double>& walls, const QVector<double>& values) {
  MetricPlot* p = plots_[id];
  p->appendPoints(series, steps, walls, values);
  if (!filled_.contains(p)) {
    filled_.insert(p);
    if (policy_started_) p->setPhaseBoundary(last_value_step_);  // the others got it when the policy phase began
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

void TrainingView::append(const StreamBatch& batch) {
  // Series per plot: phase-qualified for the critic (its losses appear in both phases).
  struct Points {
    QVector<double> steps, walls, values;
  };
  QMap<QPair<QString, QString>, Points> out;
  for (const train::MetricRecord& r : batch.records) {
    // The phase boundary: the last value-phase step, once policy-phase records follow.
    if (r.phase == "value") last_value_step_ = double(r.step);
    if (r.phase == "policy" && std::isfinite(last_value_step_) && !policy_started_) {
      policy_started_ = true;
      for (MetricPlot* p : filled_) p->setPhaseBoundary(last_value_step_);
    }
    for (const auto& [key, value] : r.values) {
      const QString name = QString::fromStdString(key);
      const QString id = plotIdFor(name);
      if (id.isEmpty()) continue;
      Points& p = out[{id, name}];
      p.steps.push_back(double(r.step));
      p.walls.push_back(r.wall_time);
      p.values.push_back(value);
    }
  }
  for (auto it = out.cbegin(); it != out.cend(); ++it)
    fill(it.key().first, it.key().second, it->steps, it->walls, it->values);
  if (!batch.evals.isEmpty()) {
    Points score;
    for (const StreamEval& e : batch.evals) {
      score.steps.push_back(double(e.step));
      score.walls.push_back(e.wall_time);
      score.values.push_back(e.score_mean);
    }
    fill("score", "score", score.steps, score.walls, score.values);
    for (const StreamEval& e : batch.evals) {
      eval_steps_.push_back(double(e.step));
      eval_mean_.push_back(e.score_mean);
      eval_std_.push_back(e.score_std);
    }
    // The shaded std only: the "score" series already draws the mean.
    plots_["score"]->setBand("± std over episodes", eval_steps_, eval_mean_, eval_std_, /*meanLine=*/false);
  }
}

void TrainingView::clear() {
  for (MetricPlot* p : plots_) {
    p->clear();
    p->setPhaseBoundary(std::numeric_limits<double>::quiet_NaN());
  }
  filled_.clear();
  last_value_step_ = std::numeric_limits<double>::quiet_NaN();
  policy_started_ = false;
  layOut(columns_);
  eval_steps_.clear();
  eval_mean_.clear();
  eval_std_.clear();
}

void TrainingView::setStreaming(bool on) {
  for (MetricPlot* p : plots_) p->setStreaming(on);
}

}  // namespace vaco::ui
