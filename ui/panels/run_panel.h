// The Run panel (left dock): algorithm, VACO ablation switches, the chosen algorithm's main
// hyper-parameters, device, seed and schedule; checked as you type; Start / Pause / Resume /
// Stop and a progress bar with phase, rate and ETA.
#pragma once
#include <QHash>
#include <QMap>
#include <QString>
#include <QWidget>

#include "ui/session/run_request.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QSpinBox;

namespace vaco::ui {

struct RunField;

/// Where the run the panel controls stands; decides which buttons work.
enum class RunState { Idle, Running, Paused, Stopping };

/// Edits a RunRequest and sends run commands. The owner answers startRequested() by starting
/// the worker and calling setRunState(Running); the form is locked while a run is not Idle.
class RunPanel : public QWidget {
  Q_OBJECT
 public:
  explicit RunPanel(QWidget* parent = nullptr);

  /// The run the form describes: the schedule fields, and the settings that matter to the
  /// chosen algorithm (plus any unknown keys given to setRequest, passed through).
  RunRequest request() const;
  /// Shows `request` in the form (unknown keys are kept and passed through) and checks it.
  void setRequest(const RunRequest& request);

  /// Enables the buttons that make sense in `state` and locks the form unless Idle.
  void setRunState(RunState state);
  /// The state last given to setRunState.
  RunState runState() const { return state_; }
  /// Shows progress: "phase · step / total · rate steps/s · ETA m:ss" ("—" while the rate is <= 0).
  void setProgress(const QString& phase, qint64 step, qint64 total, double stepsPerSecond);
  /// The progress bar's text.
  QString progressText() const;

  /// Writes the whole form (every algorithm's fields and switches) under the group "RunPanel".
  void saveSettings(QSettings& settings) const;
  /// Reads what saveSettings wrote; a device not available here falls back to "auto".
  void restoreSettings(QSettings& settings);
  /// Sizes the run for the dataset: the projectile toy gets `vaco demo`'s size (train::DemoPreset);
  /// other datasets get TrainConfig's defaults.
  void setDatasetKind(bool projectile);

  /// The current validation error (one line), empty when the request is valid.
  QString errorText() const { return error_; }
  /// The dotted key the current error names and whose editor is marked, empty when none.
  QString invalidKey() const { return invalid_key_; }
  /// The editor of a key: a dotted setting, or algo, device, seed, steps, value_steps; null when unknown.
  QWidget* fieldFor(const QString& key) const { return editors_.value(key, nullptr); }

 signals:
  /// Start was clicked on a valid form.
  void startRequested(const vaco::ui::RunRequest& request);
  /// Pause was clicked.
  void pauseRequested();
  /// Resume was clicked.
  void resumeRequested();
  /// Stop was clicked.
  void stopRequested();

 private:
  QWidget* buildForm();
  QWidget* makeEditor(const RunField& field);
  QString editorText(const QString& key) const;
  void setEditorText(const QString& key, const QString& text);
  void setAlgo(const QString& algo);
  void setDevice(const QString& device);
  void updateVisibility();
  void updateEnabled();
  void revalidate();
  void markInvalid(const QString& key);
  void alignLabels();

  QComboBox* algo_ = nullptr;
  QComboBox* device_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QSpinBox* steps_ = nullptr;
  QSpinBox* value_steps_ = nullptr;
  QCheckBox* no_state_ = nullptr;
  QCheckBox* no_value_ = nullptr;
  QCheckBox* noise_ = nullptr;
  QCheckBox* ess_guard_ = nullptr;
  QLineEdit* ess_floor_ = nullptr;
  QWidget* form_ = nullptr;
  QLabel* error_label_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QPushButton* start_ = nullptr;
  QPushButton* pause_ = nullptr;
  QPushButton* resume_ = nullptr;
  QPushButton* stop_ = nullptr;
  QFormLayout* run_form_ = nullptr;
  QHash<QString, QWidget*> editors_;       ///< key -> editor
  QHash<QString, QFormLayout*> field_forms_;  ///< table key -> the form it sits in
  QHash<QString, QGroupBox*> groups_;      ///< heading -> box
  QMap<QString, QString> extra_;           ///< unknown keys from setRequest, passed through
  QString error_, invalid_key_;
  RunState state_ = RunState::Idle;
  bool loading_ = false;                   ///< true while setRequest fills the form
};

}  // namespace vaco::ui
