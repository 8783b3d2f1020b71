#include "ui/main_window.h"

#include <QApplication>
#include <QFileDialog>
#include <QFontDatabase>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>

#include "ui/dataset_service.h"
#include "ui/histogram_plot.h"

namespace vaco::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle("VACO Studio");
  summary_ = new QPlainTextEdit(this);
  summary_->setReadOnly(true);
  summary_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  summary_->setPlaceholderText("File > Open a D4RL .hdf5 dataset, or File > Generate projectile dataset.");
  returns_ = new HistogramPlot("episode return", this);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(summary_);
  split->addWidget(returns_);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  split->setSizes({260, 340});  // the summary is short; give the histogram room
  setCentralWidget(split);

  QMenu* file = menuBar()->addMenu("&File");
  file->addAction("&Open dataset...", QKeySequence::Open, this, &MainWindow::chooseAndOpen);
  file->addAction("&Generate projectile dataset...", this, &MainWindow::chooseAndGenerate);
  file->addSeparator();
  file->addAction("&Quit", QKeySequence::Quit, qApp, &QApplication::quit);
  statusBar()->showMessage("Ready");
  resize(900, 600);
}

void MainWindow::showError(const QString& title, const QString& message) {
  last_error_ = message;
  statusBar()->showMessage(title);
  if (!qEnvironmentVariableIsSet("VACO_NO_DIALOGS")) QMessageBox::critical(this, title, message);
}

bool MainWindow::openDataset(const QString& path) {
  const DatasetLoad load = loadDatasetSummary(path);
  if (!load.ok) {
    showError("Cannot open dataset", load.error);
    return false;
  }
  last_error_.clear();
  summary_->setPlainText(load.text);
  returns_->setValues(load.episode_returns);
  statusBar()->showMessage("Opened " + path);
  QSettings().setValue("dataset/last", path);
  return true;
}

bool MainWindow::generateProjectile(const QString& path) {
  const QString error = writeProjectileDataset(path);
  if (!error.isEmpty()) {
    showError("Cannot generate dataset", error);
    return false;
  }
  return openDataset(path);
}

QString MainWindow::summaryText() const { return summary_->toPlainText(); }

void MainWindow::chooseAndOpen() {
  const QString start = QSettings().value("dataset/last").toString();
  const QString path = QFileDialog::getOpenFileName(this, "Open D4RL dataset", start,
                                                    "HDF5 datasets (*.hdf5 *.h5);;All files (*)");
  if (!path.isEmpty()) openDataset(path);
}

void MainWindow::chooseAndGenerate() {
  const QString path = QFileDialog::getSaveFileName(this, "Generate projectile dataset",
                                                    "projectile.hdf5", "HDF5 datasets (*.hdf5)");
  if (!path.isEmpty()) generateProjectile(path);
}

}  // namespace vaco::ui
