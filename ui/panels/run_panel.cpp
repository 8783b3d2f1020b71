#include "ui/panels/run_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>

#include "core/train/algorithms.h"
#include "core/train/presets.h"
#include "ui/panels/run_panel_fields.h"
#include "ui/panels/run_progress_text.h"
#include "ui/session/run_request_check.h"

namespace vaco::ui {
namespace {

const QString kGroup = QStringLiteral("RunPanel");
const QString kUseState = QStringLiteral("vaco.scorer_use_state");
const QString kUseValue = QStringLiteral("vaco.scorer_use_value");
const QString kSigma0 = QStringLiteral("vaco.sigma0");
const QString kSigmaEnd = QStringLiteral("vaco.sigma_end");
const QString kEssFloor = QStringLiteral("vaco.guard.ess_floor");
constexpr int kProgressScale = 1000;

// A number as typed, in the form `--set` parses (".5" -> "0.5", "3e-5" -> "3e-05"); text that
// is not a finite number stays as typed so the check names it.
QString normalizedNumber(const QString& text) {
  const QString t = text.trimmed();
  bool ok = false;
  const double v = QLocale::c().toDouble(t, &ok);
  if (!ok || !std::isfinite(v)) return t;
  return QString::number(v, 'g', 15);
}

// True for "true"/"1", as `--set` reads a switch.
bool isTrue(const QString& text) { return text == "true" || text == "1"; }

// True when the text is a number equal to zero.
bool isZero(const QString& text) {
  bool ok = false;
  const double v = QLocale::c().toDouble(text.trimmed(), &ok);
  return ok && v == 0.0;
}

QSpinBox* makeSpin(int lo, int hi, int step) {
  auto* spin = new QSpinBox;
  spin->setRange(lo, hi);
  spin->setSingleStep(step);
  spin->setGroupSeparatorShown(true);
  spin->setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
  return spin;
}

QFormLayout* makeForm(QWidget* parent) {
  auto* form = new QFormLayout(parent);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setRowWrapPolicy(QFormLayout::DontWrapRows);
  form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return form;
}

// Marks (or clears) an editor as the one the validation error names.
void setMarked(QWidget* w, bool marked) {
  w->setProperty("invalid", marked);
  if (!marked) {
    w->setPalette(QPalette());
    return;
  }
  QPalette p = w->palette();
  p.setColor(QPalette::Base, QColor(0xfd, 0xe4, 0xe4));
  p.setColor(QPalette::Button, QColor(0xfd, 0xe4, 0xe4));
  w->setPalette(p);
}

}  // namespace

RunPanel::RunPanel(QWidget* parent) : QWidget(parent) {
  qRegisterMetaType<RunRequest>();
  loading_ = true;  // no checks until every widget exists
  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  form_ = buildForm();
  scroll->setWidget(form_);

  error_label_ = new QLabel;
  error_label_->setObjectName("runError");
  error_label_->setWordWrap(true);
  error_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QPalette red = error_label_->palette();
  red.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
  error_label_->setPalette(red);
  error_label_->hide();

  progress_ = new QProgressBar;
  progress_->setObjectName("runProgress");
  progress_->setRange(0, kProgressScale);
  progress_->setValue(0);
  progress_->setTextVisible(true);
  progress_->setFormat(tr("not started"));

  start_ = new QPushButton(tr("Start"));
  pause_ = new QPushButton(tr("Pause"));
  resume_ = new QPushButton(tr("Resume"));
  stop_ = new QPushButton(tr("Stop"));
  start_->setObjectName("startButton");
  pause_->setObjectName("pauseButton");
  resume_->setObjectName("resumeButton");
  stop_->setObjectName("stopButton");
  start_->setDefault(true);
  auto* buttons = new QHBoxLayout;
  for (QPushButton* b : {start_, pause_, resume_, stop_}) buttons->addWidget(b);
  connect(start_, &QPushButton::clicked, this, [this] {
    const RunRequest r = request();
    if (checkRunRequest(r).ok()) emit startRequested(r);
  });
  connect(pause_, &QPushButton::clicked, this, &RunPanel::pauseRequested);
  connect(resume_, &QPushButton::clicked, this, &RunPanel::resumeRequested);
  connect(stop_, &QPushButton::clicked, this, &RunPanel::stopRequested);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(scroll, 1);
  layout->addWidget(error_label_);
  layout->addWidget(progress_);
  layout->addLayout(buttons);
  setMinimumWidth(300);

  alignLabels();
  updateVisibility();
  loading_ = false;
  updateEnabled();
  revalidate();
}

QWidget* RunPanel::buildForm() {
  auto* content = new QWidget;
  auto* column = new QVBoxLayout(content);
  column->setContentsMargins(0, 0, 0, 0);

  auto* run_box = new QGroupBox(tr("Run"));
  run_box->setObjectName("Run");
  groups_.insert("Run", run_box);
  run_form_ = makeForm(run_box);
  algo_ = new QComboBox;
  for (const QString& name : availableAlgorithms()) algo_->addItem(algorithmDisplayName(name), name);
  algo_->setToolTip(tr("The learner: VACO or one of the baselines (algo)"));
  device_ = new QComboBox;
  device_->addItems(availableDevices());
  device_->setToolTip(tr("Where the run trains: auto picks CUDA when present (device)"));
  seed_ = makeSpin(0, INT_MAX, 1);
  seed_->setGroupSeparatorShown(false);
  seed_->setToolTip(tr("Seeds the networks, the batches and the noise (seed)"));
  value_steps_ = makeSpin(0, INT_MAX, 1000);
  value_steps_->setToolTip(tr("Gradient steps of value pretraining (value_steps)"));
  steps_ = makeSpin(0, INT_MAX, 1000);
  steps_->setToolTip(tr("Gradient steps of the policy phase (steps)"));
  seed_->setValue(settingDefault("seed").toInt());
  value_steps_->setValue(settingDefault("value_steps").toInt());
  steps_->setValue(settingDefault("steps").toInt());
  setDevice(settingDefault("device"));
  algo_->setCurrentIndex(std::max(0, algo_->findData(settingDefault("algo"))));
  run_form_->addRow(tr("Algorithm"), algo_);
  run_form_->addRow(tr("Device"), device_);
  run_form_->addRow(tr("Seed"), seed_);
  run_form_->addRow(tr("Value steps"), value_steps_);
  run_form_->addRow(tr("Policy steps"), steps_);
  editors_.insert("algo", algo_);
  editors_.insert("device", device_);
  editors_.insert("seed", seed_);
  editors_.insert("value_steps", value_steps_);
  editors_.insert("steps", steps_);
  column->addWidget(run_box);

  // The VACO ablation switches sit at the top of their heading; the ESS guard at its end.
  no_state_ = new QCheckBox(tr("Scorer without state input"));
  no_state_->setToolTip(tr("Ablation: w_φ sees (a, Q) only (vaco.scorer_use_state = false)"));
  no_value_ = new QCheckBox(tr("Scorer without value input"));
  no_value_->setToolTip(tr("Ablation: w_φ sees (s, a) only (vaco.scorer_use_value = false)"));
  noise_ = new QCheckBox(tr("Exploration noise in the outer loss"));
  noise_->setObjectName("noiseSwitch");
  noise_->setChecked(true);
  noise_->setToolTip(tr("Off: no noise (vaco.sigma0 = 0)"));
  ess_guard_ = new QCheckBox(tr("ESS floor"));
  ess_guard_->setObjectName("essGuardSwitch");
  ess_guard_->setChecked(true);
  ess_guard_->setToolTip(tr("Off: no ESS floor (vaco.guard.ess_floor = 0)"));
  ess_floor_ = new QLineEdit(settingDefault(kEssFloor));
  ess_floor_->setToolTip(tr("Keep the effective sample size of the weights above this fraction, in [0, 0.99]"));
  editors_.insert(kUseState, no_state_);
  editors_.insert(kUseValue, no_value_);
  editors_.insert(kEssFloor, ess_floor_);
  for (auto it = editors_.cbegin(); it != editors_.cend(); ++it) it.value()->setObjectName(it.key());

  QFormLayout* form = nullptr;
  QFormLayout* ablations = nullptr;
  QString group;
  for (const RunField& field : runFields()) {
    if (field.group != group) {
      group = field.group;
      auto* box = new QGroupBox(group);
      box->setObjectName(group);
      groups_.insert(group, box);
      form = makeForm(box);
      column->addWidget(box);
      if (group == "VACO ablations") {
        ablations = form;
        for (QCheckBox* c : {no_state_, no_value_, noise_}) form->addRow(c);
      }
    }
    QWidget* editor = makeEditor(field);
    form->addRow(field.label, editor);
    editors_.insert(field.key, editor);
    field_forms_.insert(field.key, form);
  }
  auto* guard_row = new QWidget;
  auto* guard_layout = new QHBoxLayout(guard_row);
  guard_layout->setContentsMargins(0, 0, 0, 0);
  guard_layout->addWidget(ess_guard_);
  guard_layout->addWidget(ess_floor_, 1);
  if (ablations) ablations->addRow(tr("Collapse guard"), guard_row);
  column->addStretch(1);

  connect(algo_, &QComboBox::currentIndexChanged, this, [this] {
    updateVisibility();
    revalidate();
  });
  connect(device_, &QComboBox::currentIndexChanged, this, &RunPanel::revalidate);
  for (QSpinBox* s : {seed_, value_steps_, steps_}) connect(s, &QSpinBox::valueChanged, this, &RunPanel::revalidate);
  for (QCheckBox* c : {no_state_, no_value_, noise_, ess_guard_}) {
    connect(c, &QCheckBox::toggled, this, [this] {
      updateEnabled();
      revalidate();
    });
  }
  connect(ess_floor_, &QLineEdit::textChanged, this, &RunPanel::revalidate);
  return content;
}

QWidget* RunPanel::makeEditor(const RunField& field) {
  const QString initial = settingDefault(field.key);
  QWidget* editor = nullptr;
  if (field.kind == RunFieldKind::Choice) {
    auto* combo = new QComboBox;
    combo->addItems(field.choices);
    combo->setCurrentText(initial);
    connect(combo, &QComboBox::currentIndexChanged, this, &RunPanel::revalidate);
    editor = combo;
  } else if (field.kind == RunFieldKind::Integer) {
    auto* spin = makeSpin(field.minimum, field.maximum, 1);
    spin->setValue(initial.toInt());
    connect(spin, &QSpinBox::valueChanged, this, &RunPanel::revalidate);
    editor = spin;
  } else {
    auto* edit = new QLineEdit(initial);
    connect(edit, &QLineEdit::textChanged, this, &RunPanel::revalidate);
    editor = edit;
  }
  editor->setToolTip(field.tip);
  editor->setObjectName(field.key);
  return editor;
}

QString RunPanel::editorText(const QString& key) const {
  QWidget* w = fieldFor(key);
  if (auto* edit = qobject_cast<QLineEdit*>(w)) return normalizedNumber(edit->text());
  if (auto* combo = qobject_cast<QComboBox*>(w)) return combo->currentText();
  if (auto* spin = qobject_cast<QSpinBox*>(w)) return QString::number(spin->value());
  return {};
}

void RunPanel::setEditorText(const QString& key, const QString& text) {
  QWidget* w = fieldFor(key);
  if (auto* edit = qobject_cast<QLineEdit*>(w)) {
    edit->setText(text);
  } else if (auto* combo = qobject_cast<QComboBox*>(w)) {
    if (combo->findText(text) < 0) combo->addItem(text);  // shown, so the check can name it
    combo->setCurrentText(text);
  } else if (auto* spin = qobject_cast<QSpinBox*>(w)) {
    spin->setValue(text.toInt());
  }
}

RunRequest RunPanel::request() const {
  RunRequest r;
  r.algo = algo_->currentData().toString();
  r.steps = steps_->value();
  r.value_steps = value_steps_->value();
  r.seed = quint64(seed_->value());
  r.device = device_->currentText();
  r.settings = extra_;
  for (const RunField& field : runFields())
    if (fieldApplies(field, r.algo)) r.settings.insert(field.key, editorText(field.key));
  if (train::setting_applies(kUseState.toStdString(), r.algo.toStdString())) {  // VACO's ablation switches
    r.settings.insert(kUseState, no_state_->isChecked() ? "false" : "true");
    r.settings.insert(kUseValue, no_value_->isChecked() ? "false" : "true");
    if (!noise_->isChecked()) {
      r.settings.insert(kSigma0, "0");
      r.settings.insert(kSigmaEnd, "0");
    }
    r.settings.insert(kEssFloor, ess_guard_->isChecked() ? editorText(kEssFloor) : "0");
  }
  return r;
}

void RunPanel::setRequest(const RunRequest& request) {
  loading_ = true;
  setAlgo(request.algo);
  setDevice(request.device);
  steps_->setValue(int(std::clamp<qint64>(request.steps, 0, INT_MAX)));
  value_steps_->setValue(int(std::clamp<qint64>(request.value_steps, 0, INT_MAX)));
  seed_->setValue(int(std::min<quint64>(request.seed, INT_MAX)));
  extra_.clear();
  for (auto it = request.settings.cbegin(); it != request.settings.cend(); ++it) {
    const QString& key = it.key();
    const QString& value = it.value();
    if (key == kUseState) {
      no_state_->setChecked(!isTrue(value));
    } else if (key == kUseValue) {
      no_value_->setChecked(!isTrue(value));
    } else if (key == kSigma0 && isZero(value)) {
      noise_->setChecked(false);  // the edits keep their last non-zero schedule
    } else if (key == kSigmaEnd && !noise_->isChecked()) {
      continue;
    } else if (key == kEssFloor) {
      ess_guard_->setChecked(!isZero(value));
      if (!isZero(value)) ess_floor_->setText(value);
    } else if (editors_.contains(key) && field_forms_.contains(key)) {
      if (key == kSigma0) noise_->setChecked(true);
      setEditorText(key, value);
    } else {
      extra_.insert(key, value);
    }
  }
  loading_ = false;
  updateEnabled();
  revalidate();
}

void RunPanel::setAlgo(const QString& algo) {
  int index = algo_->findData(algo);
  if (index < 0) {
    algo_->addItem(algo, algo);  // shown, so the check can name it
    index = algo_->count() - 1;
  }
  algo_->setCurrentIndex(index);
}

void RunPanel::setDevice(const QString& device) {
  if (device_->findText(device) < 0) device_->addItem(device);
  device_->setCurrentText(device);
}

void RunPanel::setRunState(RunState state) {
  state_ = state;
  updateEnabled();
}

void RunPanel::setProgress(const QString& phase, qint64 step, qint64 total, double stepsPerSecond) {
  const double fraction = total > 0 ? std::clamp(double(step) / double(total), 0.0, 1.0) : 0.0;
  progress_->setValue(int(std::lround(fraction * kProgressScale)));
  progress_->setFormat(formatProgressText(phase, step, total, stepsPerSecond));
  progress_->setToolTip(progress_->format());
}

QString RunPanel::progressText() const { return progress_->format(); }

void RunPanel::saveSettings(QSettings& settings) const {
  settings.beginGroup(kGroup);
  settings.remove("");
  settings.setValue("algo", algo_->currentData().toString());
  settings.setValue("device", device_->currentText());
  settings.setValue("seed", seed_->value());
  settings.setValue("steps", steps_->value());
  settings.setValue("value_steps", value_steps_->value());
  settings.setValue("scorer_no_state", no_state_->isChecked());
  settings.setValue("scorer_no_value", no_value_->isChecked());
  settings.setValue("noise", noise_->isChecked());
  settings.setValue("ess_guard", ess_guard_->isChecked());
  settings.beginGroup("fields");
  for (const RunField& field : runFields()) settings.setValue(field.key, editorText(field.key));
  settings.setValue(kEssFloor, ess_floor_->text());
  settings.endGroup();
  settings.beginGroup("extra");
  for (auto it = extra_.cbegin(); it != extra_.cend(); ++it) settings.setValue(it.key(), it.value());
  settings.endGroup();
  settings.endGroup();
}

void RunPanel::restoreSettings(QSettings& settings) {
  settings.beginGroup(kGroup);
  if (!settings.contains("algo")) {
    settings.endGroup();
    return;  // nothing saved yet: keep the defaults
  }
  loading_ = true;
  setAlgo(settings.value("algo").toString());
  const QString device = settings.value("device").toString();
  setDevice(availableDevices().contains(device) ? device : QStringLiteral("auto"));
  seed_->setValue(settings.value("seed", seed_->value()).toInt());
  steps_->setValue(settings.value("steps", steps_->value()).toInt());
  value_steps_->setValue(settings.value("value_steps", value_steps_->value()).toInt());
  no_state_->setChecked(settings.value("scorer_no_state", false).toBool());
  no_value_->setChecked(settings.value("scorer_no_value", false).toBool());
  noise_->setChecked(settings.value("noise", true).toBool());
  ess_guard_->setChecked(settings.value("ess_guard", true).toBool());
  settings.beginGroup("fields");
  for (const RunField& field : runFields())
    if (settings.contains(field.key)) setEditorText(field.key, settings.value(field.key).toString());
  if (settings.contains(kEssFloor)) ess_floor_->setText(settings.value(kEssFloor).toString());
  settings.endGroup();
  settings.beginGroup("extra");
  extra_.clear();
  for (const QString& key : settings.childKeys()) extra_.insert(key, settings.value(key).toString());
  settings.endGroup();
  settings.endGroup();
  loading_ = false;
  updateEnabled();
  revalidate();
}

void RunPanel::setDatasetKind(bool projectile) {
  loading_ = true;
  using train::DemoPreset;
  steps_->setValue(projectile ? int(DemoPreset::steps) : settingDefault("steps").toInt());
  value_steps_->setValue(projectile ? int(DemoPreset::value_steps) : settingDefault("value_steps").toInt());
  setEditorText("hidden", projectile ? QString::number(DemoPreset::hidden) : settingDefault("hidden"));
  setEditorText("depth", projectile ? QString::number(DemoPreset::depth) : settingDefault("depth"));
  // VACO's form for the toy: settings the panel has an editor for go there, the rest are
  // settings the panel carries.
  for (const auto& [key, value] : DemoPreset::settings) {
    const QString k = QString::fromLatin1(key);
    if (editors_.contains(k)) {
      setEditorText(k, projectile ? QString::fromLatin1(value) : settingDefault(k));
    } else if (projectile) {
      extra_.insert(k, QString::fromLatin1(value));
    } else {
      extra_.remove(k);
    }
  }
  loading_ = false;
  revalidate();
}

void RunPanel::updateVisibility() {
  const QString algo = algo_->currentData().toString();
  QHash<QString, bool> any_visible;
  for (const RunField& field : runFields()) {
    const bool shown = fieldApplies(field, algo);
    field_forms_.value(field.key)->setRowVisible(fieldFor(field.key), shown);
    any_visible[field.group] = any_visible.value(field.group) || shown;
  }
  for (auto it = any_visible.cbegin(); it != any_visible.cend(); ++it) groups_.value(it.key())->setVisible(it.value());
  run_form_->setRowVisible(value_steps_, algoHasValuePhase(algo));
  groups_.value("Policy phase")->setTitle(tr("Policy phase · %1").arg(algorithmDisplayName(algo)));
}

void RunPanel::updateEnabled() {
  const bool noise = noise_->isChecked();
  for (const QString& key : {kSigma0, kSigmaEnd, QStringLiteral("vaco.decay"), QStringLiteral("vaco.noise_on")})
    fieldFor(key)->setEnabled(noise);
  ess_floor_->setEnabled(ess_guard_->isChecked());
  form_->setEnabled(state_ == RunState::Idle);
  start_->setEnabled(state_ == RunState::Idle && error_.isEmpty());
  pause_->setEnabled(state_ == RunState::Running);
  resume_->setEnabled(state_ == RunState::Paused);
  stop_->setEnabled(state_ == RunState::Running || state_ == RunState::Paused);
}

void RunPanel::revalidate() {
  if (loading_) return;
  const RunRequestProblem problem = checkRunRequest(request());
  error_ = problem.message;
  error_label_->setText(error_);
  error_label_->setVisible(!error_.isEmpty());
  markInvalid(editors_.contains(problem.key) ? problem.key : QString());
  updateEnabled();
}

void RunPanel::markInvalid(const QString& key) {
  if (key == invalid_key_) return;
  if (QWidget* old = fieldFor(invalid_key_)) setMarked(old, false);
  invalid_key_ = key;
  if (QWidget* now = fieldFor(invalid_key_)) setMarked(now, true);
}

void RunPanel::alignLabels() {
  // One label column width for every heading, so the fields line up down the whole panel.
  QList<QLabel*> labels;
  int width = 0;
  for (QGroupBox* box : groups_) {
    auto* form = qobject_cast<QFormLayout*>(box->layout());
    for (int row = 0; form && row < form->rowCount(); ++row) {
      if (auto* item = form->itemAt(row, QFormLayout::LabelRole)) {
        if (auto* label = qobject_cast<QLabel*>(item->widget())) {
          labels << label;
          width = std::max(width, label->sizeHint().width());
        }
      }
    }
  }
  for (QLabel* label : labels) label->setMinimumWidth(width);
}

}  // namespace vaco::ui
