#include "ui/views/weights_view.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/plots/histogram_plot.h"
#include "ui/plots/plot_style.h"
#include "ui/plots/weight_scatter_plot.h"
#include "ui/plots/weight_strip_plot.h"

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
  trajectory_->setToolTip(trajectory_->toolTip() + "\n\nClick a point to see that trajectory's weight at each step below.");
  histogram_ = new HistogramPlot("weight (probe set, mean 1)", this);
  critic_ = new WeightScatterPlot(WeightScatterPlot::Mode::Critic, this);
  auto* lower_left = new QTabWidget(this);
  lower_left->setObjectName("weightsLowerTabs");
  lower_left->setDocumentMode(true);
  lower_left->addTab(histogram_, "Weight histogram");
  lower_left->addTab(critic_, "Critic check");
  strip_ = new WeightStripPlot(this);
  picker_ = new QComboBox(this);
  picker_->setToolTip("The trajectories whose weight at each step the snapshot keeps");
  picker_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  connect(trajectory_, &WeightScatterPlot::pointClicked, this, &WeightsView::selectTrajectory);
  connect(picker_, &QComboBox::activated, this, [this](int item) { selectTrajectory(picker_->itemData(item).toInt()); });
  colour_by_ = new QComboBox(this);
  colour_by_->setToolTip("Which integer field of the data colours the points (infos/*, 2-16 values)");
  colour_by_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  colour_label_ = new QLabel("Colour by", this);
  colour_label_->setBuddy(colour_by_);
  colour_by_->setVisible(false);
  colour_label_->setVisible(false);
  connect(colour_by_, &QComboBox::activated, this,
          [this](int item) { setColourField(colour_by_->itemData(item).toString()); });

  auto* top = new QHBoxLayout();
  top->addWidget(caption_, 1);
  top->addWidget(colour_label_);
  top->addWidget(colour_by_);
  top->addWidget(refresh_);
  auto* pick = new QHBoxLayout();
  pick->addWidget(new QLabel("Trajectory (or click a point above):", this));
  pick->addWidget(picker_);
  pick->addStretch(1);
  auto* under = new QVBoxLayout();
  under->addLayout(pick);
  under->addWidget(strip_, 1);
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(4, 4, 4, 4);
  grid->addLayout(top, 0, 0, 1, 2);
  grid->addWidget(sample_, 1, 0);
  grid->addWidget(trajectory_, 1, 1);
  grid->addWidget(lower_left, 2, 0);
  grid->addLayout(under, 2, 1);
  grid->setRowStretch(1, 3);
  grid->setRowStretch(2, 2);
  grid->setColumnStretch(0, 1);
  grid->setColumnStretch(1, 1);
}

void WeightsView::setSnapshot(const SnapshotPayload& payload, const QStringList& labelNames) {
  if (!payload.snapshot) return;
  snapshot_ = payload.snapshot;
  label_names_ = labelNames;
  const analysis::AnalysisSnapshot& s = *payload.snapshot;
  fillColourChooser();
  drawPoints();
  QString text = QString("%1 at step %L2: %L3 probe samples%4, %5")
                     .arg(QString::fromStdString(s.algo))
                     .arg(s.step)
                     .arg(qlonglong(s.probe_size()))
                     .arg(s.probe_q.empty() ? QString(" (no critic: no Q)") : QString())
                     .arg(trajectorySampleText(s));
  if (payload.seconds >= 0) text += QString(" (computed in %1 s)").arg(payload.seconds, 0, 'f', 2);
  caption_->setText(text);
  fillPicker();
  // Keep the pick across snapshots of a run (the trajectories are the same); else the first kept one.
  if (selected_ >= int(s.trajectory_count())) selected_ = -1;
  selectTrajectory(selected_ < 0 && !s.trajectory_step_weights.empty() ? 0 : selected_);
}

const analysis::LabelField* WeightsView::chosenField() const {
  if (!snapshot_ || colour_key_.isEmpty()) return nullptr;
  for (const analysis::LabelField& f : snapshot_->other_label_fields)
    if (QString::fromStdString(f.key) == colour_key_) return &f;
  return nullptr;
}

QStringList WeightsView::labelNames() const {
  const analysis::LabelField* f = chosenField();
  if (!f) return label_names_;
  QStringList names;
  for (const std::string& n : f->names) names << QString::fromStdString(n);
  return names;
}

QVector<int> WeightsView::probeLabels() const {
  const analysis::LabelField* f = chosenField();
  return usable_labels(f ? f->probe : snapshot_->probe_labels, labelNames());
}

QVector<int> WeightsView::trajectoryLabels() const {
  const analysis::LabelField* f = chosenField();
  return usable_labels(f ? f->trajectory : snapshot_->trajectory_labels, labelNames());
}

void WeightsView::fillColourChooser() {
  const analysis::AnalysisSnapshot& s = *snapshot_;
  QStringList keys{QString()};  // "" = the snapshot's own labels
  QStringList texts{s.label_field.empty() ? QString("source") : QString::fromStdString(s.label_field)};
  for (const analysis::LabelField& f : s.other_label_fields) {
    keys << QString::fromStdString(f.key);
    texts << QString::fromStdString(f.key);
  }
  if (!keys.contains(colour_key_)) colour_key_.clear();
  QStringList shown;
  for (int i = 0; i < colour_by_->count(); ++i) shown << colour_by_->itemText(i);
  if (shown != texts) {
    const QSignalBlocker block(colour_by_);
    colour_by_->clear();
    for (int i = 0; i < keys.size(); ++i) colour_by_->addItem(texts[i], keys[i]);
  }
  colour_by_->setCurrentIndex(int(keys.indexOf(colour_key_)));
  colour_by_->setVisible(colour_by_->count() > 1);
  colour_label_->setVisible(colour_by_->count() > 1);
}

void WeightsView::setColourField(const QString& key) {
  colour_key_ = key;
  if (!snapshot_) return;
  fillColourChooser();
  drawPoints();
  fillPicker();
  showSelected();
}

void WeightsView::drawPoints() {
  const analysis::AnalysisSnapshot& s = *snapshot_;
  const QVector<double> w = to_qvector(s.probe_weights);
  const QStringList names = labelNames();
  if (!s.probe_q.empty()) {
    sample_->setPoints(to_qvector(s.probe_q), w, probeLabels(), names);
  } else {
    sample_->setPoints({}, {});
  }
  trajectory_->setPoints(to_qvector(s.trajectory_return), to_qvector(s.trajectory_mean_weight), trajectoryLabels(),
                         names);
  histogram_->setValues(w, 50);
  if (!s.probe_q.empty() && s.probe_return_to_go.size() == s.probe_q.size()) {
    critic_->setPoints(to_qvector(s.probe_return_to_go), to_qvector(s.probe_q), probeLabels(), names);
  } else {
    critic_->setPoints({}, {});
  }
}

void WeightsView::fillPicker() {
  const analysis::AnalysisSnapshot& s = *snapshot_;
  QStringList items;
  for (size_t i = 0; i < s.trajectory_step_weights.size(); ++i) {
    QString text = QString("#%1: return %2").arg(i).arg(s.trajectory_return[i], 0, 'f', 1);
    if (const QString label = labelOf(i); !label.isEmpty()) text += ", " + label;
    items << text;
  }
  // A run's snapshots list the same trajectories: leave the list (and an open popup) alone then.
  QStringList shown;
  for (int i = 0; i < picker_->count(); ++i) shown << picker_->itemText(i);
  if (items != shown) {
    picker_->clear();
    for (int i = 0; i < items.size(); ++i) picker_->addItem(items[i], i);
  }
  picker_->setEnabled(picker_->count() > 0);
}

QString trajectorySampleText(const analysis::AnalysisSnapshot& s) {
  const auto shown = qlonglong(s.trajectory_count());
  if (s.dataset_episodes <= 0) return QString("%L1 trajectories").arg(shown);
  if (shown >= s.dataset_episodes) return QString("all %L1 episodes").arg(shown);
  return QString("%L1 of %L2 episodes (drawn at random, whole, up to %L3 transitions)")
      .arg(shown)
      .arg(qlonglong(s.dataset_episodes))
      .arg(qlonglong(s.trajectory_row_cap));
}

QString WeightsView::labelOf(size_t trajectory) const {
  const analysis::LabelField* f = chosenField();
  const int l = f ? f->trajectory[trajectory] : snapshot_->trajectory_labels[trajectory];
  const QStringList names = labelNames();
  return l >= 0 && l < names.size() ? names[l] : QString();
}

void WeightsView::selectTrajectory(int index) {
  selected_ = snapshot_ && index >= 0 && index < int(snapshot_->trajectory_count()) ? index : -1;
  trajectory_->setHighlighted(selected_);
  picker_->setCurrentIndex(selected_ < picker_->count() ? selected_ : -1);
  showSelected();
}

void WeightsView::showSelected() {
  const size_t kept = snapshot_ ? snapshot_->trajectory_step_weights.size() : 0;
  QString hint;
  if (!snapshot_)
    hint = "No snapshot yet.";
  else if (snapshot_->trajectory_count() == 0)
    hint = "This snapshot has no trajectories.";
  else if (kept == 0)
    hint = "This snapshot keeps no weights per step (snapshot files from older versions have none).";
  else if (selected_ < 0)
    hint = "Click a trajectory in the scatter above, or pick one, to see its weight at each step.";
  else if (size_t(selected_) >= kept)
    hint = QString("Trajectory #%1 (return %2) has only its mean weight: steps are kept for the first %3.")
               .arg(selected_)
               .arg(snapshot_->trajectory_return[size_t(selected_)], 0, 'f', 1)
               .arg(kept);
  if (!hint.isEmpty()) {
    strip_->showHint(hint);
    return;
  }
  const analysis::AnalysisSnapshot& s = *snapshot_;
  const auto i = size_t(selected_);
  const std::vector<float>& w = s.trajectory_step_weights[i];
  const QVector<int> labels = trajectoryLabels();
  strip_->setTrajectory(selected_, QVector<double>(w.begin(), w.end()), s.trajectory_return[i], labelOf(i),
                        paletteColor(labels.isEmpty() ? 0 : labels[qsizetype(i)]));
}

void WeightsView::clear() {
  sample_->setPoints({}, {});
  trajectory_->setPoints({}, {});
  critic_->setPoints({}, {});
  histogram_->setValues({});
  snapshot_.reset();
  selected_ = -1;
  picker_->clear();
  picker_->setEnabled(false);
  colour_by_->clear();
  colour_by_->setVisible(false);
  colour_label_->setVisible(false);
  strip_->showHint("No snapshot yet.");
  caption_->setText("Waiting for the first snapshot…");
}

void WeightsView::setRefreshEnabled(bool on) { refresh_->setEnabled(on); }

QString WeightsView::caption() const { return caption_->text(); }

}  // namespace vaco::ui
