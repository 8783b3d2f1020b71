#include "ui/views/compare_view.h"

#include <qcustomplot.h>

#include <cmath>
#include <limits>

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/model/run_list_model.h"
#include "ui/plots/metric_plot.h"
#include "ui/plots/plot_style.h"
#include "ui/model/seed_band.h"

namespace vaco::ui {

CompareView::CompareView(const MetricStore& store, QWidget* parent) : QWidget(parent), store_(store) {
  plot_ = new MetricPlot("Compare", "value", this);
  metric_combo_ = new QComboBox(this);
  metric_combo_->addItems({kEvalScore, kEvalReturn});
  metric_combo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  metric_combo_->setMinimumContentsLength(10);  // narrow screens: the list shows the full names
  metric_combo_->setToolTip("Metric to compare");
  group_check_ = new QCheckBox("Group seeds", this);
  group_check_->setChecked(true);
  group_check_->setToolTip(
      "One mean ± std band per setting (runs whose configs differ only by seed), at the steps "
      "all its runs recorded; bands show on the step axis");
  align_check_ = new QCheckBox("Align policy phase", this);
  align_check_->setToolTip(
      "x = policy step: each run's step minus its value-pretraining steps, so that every policy "
      "phase starts at 0 (BC has no value phase; VACO, IQL, AWR and bc-recip do)");

  auto* right = new QWidget(this);
  auto* right_layout = new QVBoxLayout(right);
  right_layout->setContentsMargins(0, 0, 0, 0);
  auto* top = new QHBoxLayout;
  top->setContentsMargins(6, 4, 6, 0);
  top->addWidget(metric_combo_);
  top->addSpacing(12);
  top->addWidget(group_check_);
  top->addWidget(align_check_);
  top->addStretch(1);
  right_layout->addLayout(top);
  warning_label_ = new QLabel(this);
  warning_label_->setObjectName("axisWarning");
  warning_label_->setWordWrap(true);
  warning_label_->setContentsMargins(6, 2, 6, 0);
  warning_label_->setStyleSheet("color: #8a5a00");
  warning_label_->setVisible(false);
  right_layout->addWidget(warning_label_);
  right_layout->addWidget(plot_, 1);

  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->addWidget(buildRunPanel());
  splitter->addWidget(right);
  splitter->setStretchFactor(0, 0);
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({360, 700});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(splitter);

  rebuild_timer_.setSingleShot(true);
  rebuild_timer_.setInterval(kRebuildIntervalMs);
  connect(&rebuild_timer_, &QTimer::timeout, this, &CompareView::rebuild);
  connect(metric_combo_, &QComboBox::currentTextChanged, this, [this] { scheduleRebuild(true); });
  connect(group_check_, &QCheckBox::toggled, this, [this] { scheduleRebuild(true); });
  connect(align_check_, &QCheckBox::toggled, this, [this] { scheduleRebuild(true); });
  connect(&store_, &MetricStore::runAdded, this, &CompareView::onRunAdded);
  connect(&store_, &MetricStore::runRemoved, this, [this](int run) {
    colors_.remove(run);
    drawn_runs_.remove(run);
    scheduleRebuild(true);
    emit runsChanged();
  });
  connect(&store_, &MetricStore::runChanged, this, &CompareView::onRunChanged);
  connect(&store_, &MetricStore::appended, this, &CompareView::onAppended);
  for (int run : store_.runIds()) onRunAdded(run);
  updateTitle();
}

QWidget* CompareView::buildRunPanel() {
  auto* panel = new QWidget(this);
  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(4, 4, 4, 4);
  model_ = new RunListModel(store_, this);
  list_ = new QTreeView(panel);
  list_->setModel(model_);
  list_->setRootIsDecorated(false);
  list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  list_->setSelectionBehavior(QAbstractItemView::SelectRows);
  list_->setTextElideMode(Qt::ElideMiddle);  // long run names keep their seed suffix
  list_->header()->setSectionResizeMode(RunListModel::kLabelColumn, QHeaderView::Stretch);
  list_->header()->setStretchLastSection(false);
  for (int c : {RunListModel::kAlgoColumn, RunListModel::kSeedColumn, RunListModel::kStatusColumn})
    list_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  list_->setMinimumWidth(180);
  layout->addWidget(list_, 1);
  auto* buttons = new QHBoxLayout;
  auto* add = new QPushButton("Add run directory…", panel);
  add->setToolTip("A run directory (with metrics.jsonl), or a folder of run directories");
  auto* remove = new QPushButton("Remove", panel);
  remove->setToolTip("Remove the selected runs from the comparison");
  buttons->addWidget(add);
  buttons->addWidget(remove);
  buttons->addStretch(1);
  layout->addLayout(buttons);
  error_label_ = new QLabel(panel);
  error_label_->setWordWrap(true);
  error_label_->setStyleSheet("color: #b00020");
  error_label_->setVisible(false);
  layout->addWidget(error_label_);

  connect(add, &QPushButton::clicked, this, &CompareView::onAddDirectoryClicked);
  connect(remove, &QPushButton::clicked, this, &CompareView::onRemoveClicked);
  connect(model_, &RunListModel::checkedChanged, this, [this] { scheduleRebuild(true); });
  return panel;
}

void CompareView::showErrors(const QStringList& errors) {
  error_label_->setText(errors.join("\n"));
  error_label_->setVisible(!errors.isEmpty());
}

void CompareView::onRunAdded(int run) {
  const StoredRun* r = store_.run(run);
  if (!r) return;
  const QColor color = paletteColor(next_color_++);
  colors_.insert(run, color);
  model_->setSwatch(run, color);
  drawn_runs_.insert(run, Drawn{r->identity, r->policyStart, 0});
  for (auto it = r->series.cbegin(); it != r->series.cend(); ++it) noteMetric(it.key());
  if (!r->series.isEmpty()) pickMetricWithData();
  scheduleRebuild(true);
  emit runsChanged();
}

void CompareView::onRunChanged(int run) {
  const StoredRun* r = store_.run(run);
  auto it = drawn_runs_.find(run);
  if (!r || it == drawn_runs_.end()) return;
  const bool regroup = it->identity != r->identity;
  const bool realign = it->policyStart != r->policyStart && alignPolicyPhase();
  it->identity = r->identity;
  it->policyStart = r->policyStart;
  if (regroup || realign) scheduleRebuild(true);
}

void CompareView::onAppended(const QList<int>& runs) {
  const QString m = metric();
  for (int run : runs) {
    const StoredRun* r = store_.run(run);
    if (!r) continue;
    for (auto it = r->series.cbegin(); it != r->series.cend(); ++it) noteMetric(it.key());
    if (!model_->isChecked(run) || !r->series.contains(m)) continue;
    if (groupSeeds()) {
      scheduleRebuild(false);  // bands: recomputed once per timer tick, not per append
      continue;
    }
    drawRun(run, m);  // the plot coalesces its replots
  }
}

bool CompareView::drawRun(int run, const QString& metric) {
  const StoredRun* r = store_.run(run);
  const MetricSeriesData* s = store_.series(run, metric);
  Drawn& d = drawn_runs_[run];
  if (!r || !s || d.points >= s->values.size()) return false;
  plot_->setSeriesColor(r->label, colorOf(run));
  if (d.points == 0)
    plot_->setSource(r->label, sourceOf(run, metric), stepShift(*r));
  else
    plot_->sourceChanged(r->label);
  d.points = s->values.size();
  return true;
}

MetricSource CompareView::sourceOf(int run, const QString& metric) const {
  return [this, run, metric] { return store_.series(run, metric); };
}

double CompareView::stepShift(const StoredRun& run) const { return alignPolicyPhase() ? run.policyStart : 0.0; }

void CompareView::setAlignPolicyPhase(bool on) { align_check_->setChecked(on); }

bool CompareView::alignPolicyPhase() const { return align_check_->isChecked(); }

MetricSeriesData CompareView::shownSeries(int run, const QString& metric) const {
  const StoredRun* r = store_.run(run);
  if (!r) return {};
  MetricSeriesData s = r->series.value(metric);
  if (const double shift = stepShift(*r); shift != 0)
    for (double& step : s.steps) step -= shift;
  return s;
}

void CompareView::noteMetric(const QString& metric) {
  if (metric_combo_->findText(metric) >= 0) return;
  // Keep "eval score", "eval return" first and the rest sorted.
  int at = metric_combo_->count();
  for (int i = 2; i < metric_combo_->count(); ++i)
    if (QString::compare(metric, metric_combo_->itemText(i), Qt::CaseInsensitive) < 0) {
      at = i;
      break;
    }
  const QSignalBlocker block(metric_combo_);
  metric_combo_->insertItem(at, metric);
}

void CompareView::pickMetricWithData() {
  const QList<int> runs = store_.runIds();
  if (store_.anyHas(runs, metric())) return;
  for (const QString& m : metricNames())
    if (store_.anyHas(runs, m)) {
      setMetric(m);
      return;
    }
}

QStringList CompareView::metricNames() const {
  QStringList names;
  for (int i = 0; i < metric_combo_->count(); ++i) names.append(metric_combo_->itemText(i));
  return names;
}

void CompareView::setMetric(const QString& metric) {
  noteMetric(metric);
  metric_combo_->setCurrentText(metric);
}

QString CompareView::metric() const { return metric_combo_->currentText(); }

void CompareView::setGroupSeeds(bool on) { group_check_->setChecked(on); }

bool CompareView::groupSeeds() const { return group_check_->isChecked(); }

void CompareView::setRunChecked(int run, bool on) { model_->setChecked(run, on); }

QString CompareView::runLabel(int run) const {
  const StoredRun* r = store_.run(run);
  return r ? r->label : QString();
}

QString CompareView::runStatus(int run) const {
  const StoredRun* r = store_.run(run);
  return r ? r->status : QString();
}

QVector<CompareView::Group> CompareView::currentGroups() const {
  QVector<Group> groups;
  for (const StoredGroup& g : store_.groups(model_->checkedRuns()))
    groups.append(Group{g.label, g.runs, colorOf(g.runs.first())});
  return groups;
}

QStringList CompareView::groupLabels() const {
  QStringList labels;
  for (const Group& g : currentGroups()) labels.append(g.label);
  return labels;
}

void CompareView::onAddDirectoryClicked() {
  const QString dir = QFileDialog::getExistingDirectory(this, "Add run directory");
  if (!dir.isEmpty()) emit addFolderRequested(dir);
}

void CompareView::onRemoveClicked() {
  QList<int> ids;
  for (const QModelIndex& index : list_->selectionModel()->selectedRows()) ids.append(model_->runAt(index.row()));
  if (!ids.isEmpty()) emit removeRequested(ids);
}

void CompareView::scheduleRebuild(bool full) {
  full_rebuild_ |= full;
  if (!rebuild_timer_.isActive()) rebuild_timer_.start();
}

void CompareView::flush() {
  if (rebuild_timer_.isActive()) {
    rebuild_timer_.stop();
    rebuild();
  }
  plot_->flush();
}

void CompareView::updateTitle() {
  if (auto* title = qobject_cast<QCPTextElement*>(plot_->plot()->plotLayout()->element(0, 0)))
    title->setText(metric().isEmpty() ? QString("Compare") : QString("Compare: %1").arg(metric()));
  plot_->plot()->yAxis->setLabel(metric());
}

QColor CompareView::runSwatchColor(int run) const { return model_->swatch(run); }

QString CompareView::axisWarning() const { return warning_label_->text(); }

void CompareView::updateAxisWarning() {
  // A run's environment: its env_id, else its dataset (live runs may name neither).
  QStringList envs;
  for (int run : model_->checkedRuns()) {
    const StoredRun* r = store_.run(run);
    if (r && !r->environment.isEmpty() && !envs.contains(r->environment)) envs.append(r->environment);
  }
  const bool mixed = envs.size() > 1;
  warning_label_->setText(mixed ? QString("Runs of %1 environments share this axis (%2): their values are not on one scale.")
                                      .arg(envs.size())
                                      .arg(envs.join(", "))
                                : QString());
  warning_label_->setVisible(mixed);
}

void CompareView::rebuild() {
  const bool full = full_rebuild_;
  full_rebuild_ = false;
  if (full) {
    plot_->clear();  // also fits the view to the new data again
    plot_->setStepAxisLabel(alignPolicyPhase() ? "policy step" : "step");
    drawn_.clear();
    bands_.clear();
    for (Drawn& d : drawn_runs_) d.points = 0;
    updateTitle();
    updateAxisWarning();
  }
  if (groupSeeds())
    drawGroups();
  else
    drawRuns();
}

void CompareView::drawRuns() {
  const QString m = metric();
  for (int run : store_.runIds()) {
    model_->setSwatch(run, colorOf(run));
    if (!model_->isChecked(run) || !drawRun(run, m)) continue;  // live appends create the series later
    const QString& label = store_.run(run)->label;
    if (!drawn_.contains(label)) drawn_.append(label);
  }
}

void CompareView::drawGroups() {
  const QString m = metric();
  QStringList now;
  for (int run : store_.runIds())
    if (!model_->isChecked(run)) model_->setSwatch(run, colorOf(run));
  for (const Group& g : currentGroups()) {
    plot_->setSeriesColor(g.label, g.color);
    for (int id : g.runs) model_->setSwatch(id, g.color);
    now.append(g.label);
    if (g.runs.size() == 1) {
      // One seed: its own line, redrawn whole.
      if (const StoredRun* r = store_.run(g.runs.first()))
        plot_->setSource(g.label, sourceOf(g.runs.first(), m), stepShift(*r));
      bands_.remove(g.label);
      continue;
    }
    QVector<MetricSeriesData> shown;
    for (int id : g.runs) shown.append(shownSeries(id, m));
    QVector<const MetricSeriesData*> members;
    for (const MetricSeriesData& s : shown) members.append(&s);
    const MetricBandData band = meanStdAtSharedSteps(members);
    bands_.insert(g.label, band);
    plot_->setBand(g.label, band.steps, band.mean, band.std);
  }
  for (const QString& old : drawn_)
    if (!now.contains(old)) {
      plot_->removeSeries(old);
      bands_.remove(old);
    }
  drawn_ = now;
}

}  // namespace vaco::ui
