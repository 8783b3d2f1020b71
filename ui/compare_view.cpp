#include "ui/compare_view.h"

#include <qcustomplot.h>

#include <cmath>
#include <limits>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/train/run_dir.h"
#include "core/train/run_history.h"
#include "core/util/error.h"
#include "ui/metric_plot.h"
#include "ui/plot_style.h"
#include "ui/seed_band.h"

namespace vaco::ui {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

enum Column { kLabelColumn, kAlgoColumn, kSeedColumn, kStatusColumn };

QIcon swatch(const QColor& color) {
  QPixmap pixmap(12, 12);
  pixmap.fill(color);
  return QIcon(pixmap);
}

void appendSeries(MetricSeriesData& s, const QVector<double>& steps, const QVector<double>& wallTimes,
                  const QVector<double>& values) {
  s.steps += steps;
  s.wallTimes += wallTimes.isEmpty() ? QVector<double>(values.size(), kNaN) : wallTimes;
  s.values += values;
}

// A live run's identity: a JSON config groups like config.json; any other key is its own group.
nlohmann::json liveIdentity(const QString& label, const QString& groupKey) {
  const nlohmann::json j = nlohmann::json::parse(groupKey.toStdString(), nullptr, false);
  if (!j.is_discarded() && j.is_object()) return train::group_identity(j, "", "");
  return nlohmann::json{{"group", (groupKey.isEmpty() ? label : groupKey).toStdString()}};
}

}  // namespace

CompareView::CompareView(QWidget* parent) : QWidget(parent) {
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
  updateTitle();
}

QWidget* CompareView::buildRunPanel() {
  auto* panel = new QWidget(this);
  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(4, 4, 4, 4);
  list_ = new QTreeWidget(panel);
  list_->setHeaderLabels({"Run", "Algo", "Seed", "Status"});
  list_->setRootIsDecorated(false);
  list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  list_->setTextElideMode(Qt::ElideMiddle);  // long run names keep their seed suffix
  list_->header()->setSectionResizeMode(kLabelColumn, QHeaderView::Stretch);
  list_->header()->setStretchLastSection(false);
  for (int c : {kAlgoColumn, kSeedColumn, kStatusColumn})
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
  connect(list_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
    if (column != kLabelColumn) return;
    const int id = item->data(kLabelColumn, Qt::UserRole).toInt();
    auto it = runs_.find(id);
    if (it == runs_.end()) return;
    const bool on = item->checkState(kLabelColumn) == Qt::Checked;
    if (on == it->checked) return;
    it->checked = on;
    scheduleRebuild(true);
  });
  return panel;
}

QString CompareView::uniqueLabel(const QString& wanted) const {
  const auto taken = [this](const QString& l) {
    for (const Run& r : runs_)
      if (r.label == l) return true;
    return false;
  };
  QString label = wanted.isEmpty() ? QString("run") : wanted;
  for (int n = 2; taken(label); ++n) label = QString("%1 (%2)").arg(wanted).arg(n);
  return label;
}

int CompareView::addRun(Run run) {
  const int id = next_id_++;
  run.label = uniqueLabel(run.label);
  run.color = paletteColor(next_color_++);
  run.item = new QTreeWidgetItem;
  run.item->setData(kLabelColumn, Qt::UserRole, id);
  run.item->setText(kLabelColumn, run.label);
  setSwatch(run, run.color);
  run.item->setToolTip(kLabelColumn, run.dir.isEmpty() ? QString("live run") : run.dir);
  run.item->setText(kAlgoColumn, run.algo);
  run.item->setText(kSeedColumn, run.seed);
  run.item->setText(kStatusColumn, run.status);
  run.item->setFlags(run.item->flags() | Qt::ItemIsUserCheckable);
  run.item->setCheckState(kLabelColumn, run.checked ? Qt::Checked : Qt::Unchecked);
  {
    const QSignalBlocker block(list_);
    list_->addTopLevelItem(run.item);
  }
  const QStringList metrics = run.series.keys();
  runs_.insert(id, std::move(run));
  for (const QString& m : metrics) noteMetric(m);
  scheduleRebuild(true);
  emit runsChanged();
  return id;
}

int CompareView::addLiveRun(const QString& label, const QString& groupKey) {
  Run run;
  run.label = label;
  run.status = "live";
  run.identity = liveIdentity(label, groupKey);
  if (auto it = run.identity.find("algo"); it != run.identity.end() && it->is_string())
    run.algo = QString::fromStdString(it->get<std::string>());
  return addRun(std::move(run));
}

void CompareView::setRunGroupKey(int run, const QString& groupKey) {
  auto it = runs_.find(run);
  if (it == runs_.end()) return;
  it->identity = liveIdentity(it->label, groupKey);
  scheduleRebuild(true);
}

QString CompareView::addRunDirectory(const QString& dir, const QString& label) {
  const QString absolute = QFileInfo(dir).absoluteFilePath();
  for (const Run& r : runs_)
    if (!r.dir.isEmpty() && r.dir == absolute) return dir + ": already in the comparison";
  train::RunHistory h;
  try {
    h = train::read_run_history(dir.toStdString());
  } catch (const Error& e) {
    return QString::fromStdString(e.what());
  }
  Run run;
  run.dir = absolute;
  run.label = label.isEmpty() ? QString::fromStdString(h.label) : label;
  run.algo = QString::fromStdString(h.algo);
  run.seed = h.config.contains("seed") ? QString::number(h.seed) : QString();
  run.status = QString::fromStdString(h.status);
  run.identity = train::group_identity(h.config, h.dataset, h.env_id);
  run.policyStart = double(h.policy_start);
  for (const train::MetricLine& m : h.metrics)
    for (const auto& [name, value] : m.values) {
      MetricSeriesData& s = run.series[QString::fromStdString(name)];
      s.steps.append(double(m.step));
      s.wallTimes.append(m.wall_time);
      s.values.append(value);
    }
  for (const train::EvalLine& e : h.evals) {
    for (const auto& [name, value] : {std::pair{kEvalScore, e.score_mean}, std::pair{kEvalReturn, e.return_mean}}) {
      MetricSeriesData& s = run.series[name];
      s.steps.append(double(e.step));
      s.wallTimes.append(e.wall_time);
      s.values.append(value);
    }
  }
  const bool truncated = h.truncated_tail;
  const int id = addRun(std::move(run));
  if (truncated) runs_[id].item->setToolTip(kStatusColumn, "the last line of metrics.jsonl was cut off and skipped");
  if (!h.message.empty()) runs_[id].item->setToolTip(kStatusColumn, QString::fromStdString(h.message));
  pickMetricWithData();
  return {};
}

void CompareView::removeRun(int run) {
  auto it = runs_.find(run);
  if (it == runs_.end()) return;
  delete it->item;
  runs_.erase(it);
  scheduleRebuild(true);
  emit runsChanged();
}

void CompareView::setRunPolicyStart(int run, double step) {
  auto it = runs_.find(run);
  if (it == runs_.end() || it->policyStart == step) return;
  it->policyStart = step;
  if (alignPolicyPhase()) scheduleRebuild(true);
}

void CompareView::setAlignPolicyPhase(bool on) { align_check_->setChecked(on); }

bool CompareView::alignPolicyPhase() const { return align_check_->isChecked(); }

QVector<double> CompareView::shownSteps(const Run& run, QVector<double> steps) const {
  if (alignPolicyPhase() && run.policyStart != 0)
    for (double& step : steps) step -= run.policyStart;
  return steps;
}

MetricSeriesData CompareView::shownSeries(const Run& run, const QString& metric) const {
  MetricSeriesData s = run.series.value(metric);
  s.steps = shownSteps(run, std::move(s.steps));
  return s;
}

void CompareView::setRunInfo(int run, const QString& algo, const QString& seed) {
  auto it = runs_.find(run);
  if (it == runs_.end()) return;
  it->algo = algo;
  it->seed = seed;
  const QSignalBlocker block(list_);
  it->item->setText(kAlgoColumn, algo);
  it->item->setText(kSeedColumn, seed);
}

void CompareView::setRunStatus(int run, const QString& status) {
  auto it = runs_.find(run);
  if (it == runs_.end()) return;
  it->status = status;
  const QSignalBlocker block(list_);
  it->item->setText(kStatusColumn, status);
}

void CompareView::appendMetrics(int run, const QString& metric, const QVector<double>& steps,
                                const QVector<double>& wallTimes, const QVector<double>& values) {
  auto it = runs_.find(run);
  if (it == runs_.end()) return;
  if (steps.size() != values.size() || (!wallTimes.isEmpty() && wallTimes.size() != values.size())) {
    qWarning("CompareView::appendMetrics(%s): batch sizes differ; batch ignored", qPrintable(metric));
    return;
  }
  const bool known = it->series.contains(metric);
  appendSeries(it->series[metric], steps, wallTimes, values);
  if (!known) noteMetric(metric);
  if (!it->checked || metric != this->metric()) return;
  if (groupSeeds()) {
    scheduleRebuild(false);  // bands: recomputed once per timer tick, not per append
  } else {
    plot_->setSeriesColor(it->label, it->color);
    plot_->appendPoints(it->label, shownSteps(*it, steps), wallTimes, values);  // the plot coalesces its replots
  }
}

void CompareView::appendEval(int run, double step, double wallTime, double scoreMean, double returnMean) {
  appendMetrics(run, kEvalScore, {step}, {wallTime}, {scoreMean});
  appendMetrics(run, kEvalReturn, {step}, {wallTime}, {returnMean});
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

bool CompareView::anyRunHas(const QString& metric) const {
  for (const Run& r : runs_)
    if (!r.series.value(metric).values.isEmpty()) return true;
  return false;
}

void CompareView::pickMetricWithData() {
  if (anyRunHas(metric())) return;
  for (const QString& m : metricNames())
    if (anyRunHas(m)) {
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

void CompareView::setRunChecked(int run, bool on) {
  auto it = runs_.find(run);
  if (it == runs_.end()) return;
  it->item->setCheckState(kLabelColumn, on ? Qt::Checked : Qt::Unchecked);  // itemChanged does the rest
}

QString CompareView::runLabel(int run) const { return runs_.contains(run) ? runs_[run].label : QString(); }

QString CompareView::runStatus(int run) const { return runs_.contains(run) ? runs_[run].status : QString(); }

const MetricSeriesData* CompareView::runSeries(int run, const QString& metric) const {
  auto it = runs_.find(run);
  if (it == runs_.end()) return nullptr;
  auto s = it->series.find(metric);
  return s == it->series.end() ? nullptr : &s.value();
}

QVector<CompareView::Group> CompareView::currentGroups() const {
  QList<int> ids;
  std::vector<nlohmann::json> identities;
  std::vector<std::string> seeds;
  for (auto it = runs_.cbegin(); it != runs_.cend(); ++it)
    if (it->checked) {
      ids.append(it.key());
      identities.push_back(it->identity);
      seeds.push_back(it->seed.toStdString());
    }
  QVector<Group> groups;
  for (const train::RunGroup& g : train::group_identities(identities, seeds)) {
    Group group;
    group.label = QString::fromStdString(g.label);
    for (std::size_t m : g.members) group.runs.append(ids[qsizetype(m)]);
    group.color = runs_[group.runs.first()].color;
    groups.append(group);
  }
  return groups;
}

QStringList CompareView::groupLabels() const {
  QStringList labels;
  for (const Group& g : currentGroups()) labels.append(g.label);
  return labels;
}

namespace {

bool isRunDirectory(const QString& d) { return train::RunDir(d.toStdString()).has_metrics(); }

// The run directories below `dir` in path order, `depth` levels at most; a run directory's own
// folders and a grid's shared "value" runs are not searched.
void collectRunDirectories(const QString& dir, int depth, QStringList& out) {
  for (const QFileInfo& child : QDir(dir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
    if (isRunDirectory(child.filePath())) out.append(child.filePath());
    else if (depth > 1 && child.fileName() != "value") collectRunDirectories(child.filePath(), depth - 1, out);
  }
}

}  // namespace

QStringList CompareView::addRunFolder(const QString& dir) {
  QStringList dirs;
  if (!isRunDirectory(dir) && QFileInfo(dir).isDir()) collectRunDirectories(dir, 4, dirs);
  QStringList errors;
  if (dirs.isEmpty()) {  // a run directory, or the error for it
    if (const QString error = addRunDirectory(dir); !error.isEmpty()) errors.append(error);
    return errors;
  }
  for (const QString& d : dirs)
    if (const QString error = addRunDirectory(d, QDir(dir).relativeFilePath(d)); !error.isEmpty()) errors.append(error);
  return errors;
}

void CompareView::onAddDirectoryClicked() {
  const QString dir = QFileDialog::getExistingDirectory(this, "Add run directory");
  if (dir.isEmpty()) return;
  const QStringList errors = addRunFolder(dir);
  error_label_->setText(errors.join("\n"));
  error_label_->setVisible(!errors.isEmpty());
}

void CompareView::onRemoveClicked() {
  QList<int> ids;
  for (QTreeWidgetItem* item : list_->selectedItems()) ids.append(item->data(kLabelColumn, Qt::UserRole).toInt());
  for (int id : ids) removeRun(id);
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

void CompareView::setSwatch(Run& run, const QColor& color) {
  if (run.swatch == color) return;
  run.swatch = color;
  const QSignalBlocker block(list_);
  run.item->setIcon(kLabelColumn, swatch(color));
}

QColor CompareView::runSwatchColor(int run) const {
  auto it = runs_.find(run);
  return it == runs_.end() ? QColor() : it->swatch;
}

QString CompareView::axisWarning() const { return warning_label_->text(); }

void CompareView::updateAxisWarning() {
  // A run's environment: its env_id, else its dataset (live runs may name neither).
  QStringList envs;
  for (const Run& r : runs_) {
    if (!r.checked) continue;
    QString env;
    for (const char* key : {"env_id", "dataset"})
      if (auto it = r.identity.find(key); env.isEmpty() && it != r.identity.end() && it->is_string())
        env = QString::fromStdString(it->get<std::string>());
    if (!env.isEmpty() && !envs.contains(env)) envs.append(env);
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
  for (Run& r : runs_) {
    setSwatch(r, r.color);
    const MetricSeriesData s = shownSeries(r, m);
    if (!r.checked || s.values.isEmpty()) continue;  // live appends create the series later
    plot_->setSeriesColor(r.label, r.color);
    plot_->appendPoints(r.label, s.steps, s.wallTimes, s.values);
    drawn_.append(r.label);
  }
}

void CompareView::drawGroups() {
  const QString m = metric();
  QStringList now;
  for (Run& r : runs_)
    if (!r.checked) setSwatch(r, r.color);
  for (const Group& g : currentGroups()) {
    plot_->setSeriesColor(g.label, g.color);
    for (int id : g.runs) setSwatch(runs_[id], g.color);
    now.append(g.label);
    if (g.runs.size() == 1) {
      // One seed: its own line, redrawn whole.
      const MetricSeriesData s = shownSeries(runs_[g.runs.first()], m);
      plot_->removeSeries(g.label);
      plot_->appendPoints(g.label, s.steps, s.wallTimes, s.values);
      bands_.remove(g.label);
      continue;
    }
    QVector<MetricSeriesData> shown;
    for (int id : g.runs) shown.append(shownSeries(runs_[id], m));
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
