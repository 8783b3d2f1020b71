// The VACO Studio main window: File menu and the dataset summary view.
#pragma once
#include <QMainWindow>
#include <QString>

class QPlainTextEdit;

namespace vaco::ui {

class HistogramPlot;

/// Top-level window. For now: open a D4RL file or generate the projectile toy, and show the
/// dataset summary. A bad file gives a message box and the window stays usable.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);

  /// Loads `path` and shows its summary; returns false (after a message box) on bad input.
  bool openDataset(const QString& path);
  /// Generates the default projectile dataset into `path` and shows it.
  bool generateProjectile(const QString& path);
  /// The text of the summary view (for tests).
  QString summaryText() const;
  /// The episode-return histogram of the open dataset.
  HistogramPlot* returnHistogram() const { return returns_; }
  /// The last error shown to the user, empty when none (for tests).
  QString lastError() const { return last_error_; }

 private:
  void chooseAndOpen();
  void chooseAndGenerate();
  void showError(const QString& title, const QString& message);

  QPlainTextEdit* summary_ = nullptr;
  HistogramPlot* returns_ = nullptr;
  QString last_error_;
};

}  // namespace vaco::ui
