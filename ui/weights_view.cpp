#include "ui/weights_view.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include "ui/histogram_plot.h"
#include "ui/weight_scatter_plot.h"

namespace vaco::ui {
namespace {

QVector<double> to_qvector(const std::vector<double>& v) { return QVector<double>(v.begin(), v.end()); }

// Labels for the scatter: empty when every label is unknown (-1).
QVector<int> usable_labels(const std::vector<int>& labels, const QStringList& names) {
  if (names.isEmpty() || labels.empty()) return {};
  for (int l : labels)
    if (l < 0 || l >= names.size()) return {};
  return QVector<int>(labels.begin(), labels.end());
}

}  // namespace

WeightsView::WeightsView(QWidget* parent) : QWidget(parent) {
  caption_ = new QLabel("No snapshot yet: start a run; snapshots arrive every few seconds.", this);
  refresh_ = new QPushButton("Refresh now", this);
  refresh_->setEnabled(false);
  refresh_->setToolTip("Score the probe set with the current networks");
  connect(refresh_, &QPushButton::clicked, this, &WeightsView::refreshRequested);
  sample_ = new WeightScatterPlot(WeightScatterPlot::Mode::PerSample, this);
  trajectory_ = new WeightScatterPlot(WeightScatterPlot::Mode::PerTrajectory, this);
  histogram_ = new HistogramPlot("weight (probe set, mean 1)", this);

  auto* top = new QHBoxLayout();
  top->addWidget(caption_, 1);
  top->addWidget(refresh_);
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(4, 4, 4, 4);
  grid->addLayout(top, 0, 0, 1, 2);
  grid->addWidget(sample_, 1, 0);
  grid->addWidget(trajectory_, 1, 1);
  grid->addWidget(histogram_, 2, 0, 1, 2);
  grid->setRowStretch(1, 3);
  grid->setRowStretch(2, 2);
}

void WeightsView::setSnapshot(const SnapshotPayload& payload, const QStringList& labelNames) {
  if (!payload.snapshot) return;
  const analysis::AnalysisSnapshot& s = *payload.snapshot;
  const QVector<double> w = to_qvector(s.probe_weights);
  if (!s.probe_q.empty()) {
    sample_->setPoints(to_qvector(s.probe_q), w, usable_labels(s.probe_labels, labelNames), labelNames);
  } else {
    sample_->setPoints({}, {});
  }
  trajectory_->setPoints(to_qvector(s.trajectory_return), to_qvector(s.trajectory_mean_weight),
                         usable_labels(s.trajectory_labels, labelNames), labelNames);
  histogram_->setValues(w, 50);
  QString text = QString("%1 at step %L2: %L3 probe samples%4, %L5 trajectories")
                     .arg(QString::fromStdString(s.algo))
                     .arg(s.step)
                     .arg(qlonglong(s.probe_size()))
                     .arg(s.probe_q.empty() ? QString(" (no critic: no Q)") : QString())
                     .arg(qlonglong(s.trajectory_count()));
  if (payload.seconds >= 0) text += QString(" (computed in %1 s)").arg(payload.seconds, 0, 'f', 2);
  caption_->setText(text);
}

void WeightsView::clear() {
  sample_->setPoints({}, {});
  trajectory_->setPoints({}, {});
  histogram_->setValues({});
  caption_->setText("Waiting for the first snapshot…");
}

void WeightsView::setRefreshEnabled(bool on) { refresh_->setEnabled(on); }

QString WeightsView::caption() const { return caption_->text(); }

}  // namespace vaco::ui
