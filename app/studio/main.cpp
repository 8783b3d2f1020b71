// vaco-studio: the VACO Studio desktop application.
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include "ui/main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("VACO Studio");
  QApplication::setApplicationName("vaco-studio");
  QApplication::setApplicationVersion(VACO_VERSION);

  QCommandLineParser cli;
  cli.setApplicationDescription("VACO Studio: an offline RL workbench");
  cli.addHelpOption();
  cli.addVersionOption();
  QCommandLineOption open({"o", "open"}, "Open a D4RL .hdf5 dataset.", "FILE");
  QCommandLineOption projectile("projectile", "Generate the projectile toy dataset (into FILE) and open it.", "FILE");
  QCommandLineOption screenshot("screenshot", "Save a PNG of the window once it is shown, then quit.", "PNG");
  cli.addOptions({open, projectile, screenshot});
  cli.process(app);

  vaco::ui::MainWindow window;
  window.show();
  bool ok = true;
  if (cli.isSet(projectile)) ok = window.generateProjectile(cli.value(projectile));
  if (cli.isSet(open)) ok = window.openDataset(cli.value(open)) && ok;
  if (cli.isSet(screenshot)) {
    const QString png = cli.value(screenshot);
    QTimer::singleShot(300, &window, [&window, png, ok] {
      const bool saved = window.grab().save(png);
      QApplication::exit(saved && ok ? 0 : 1);
    });
  }
  return app.exec();
}
