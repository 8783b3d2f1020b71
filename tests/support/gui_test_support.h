// Helpers shared by the GUI tests (tests/test_gui_*.cpp); header-only so the core-only test
// support library needs no Qt Widgets.
#pragma once
#include <QString>
#include <QTest>
#include <QWidget>

namespace vaco::test {

/// Saves a grab of `w` as `file` into $VACO_SCREENSHOT_DIR when that is set (README previews).
inline void saveScreenshot(QWidget& w, const QString& file) {
  const QString dir = qEnvironmentVariable("VACO_SCREENSHOT_DIR");
  if (dir.isEmpty()) return;
  QTest::qWait(60);  // let queued replots run before the grab
  QVERIFY(w.grab().save(dir + "/" + file));
}

}  // namespace vaco::test
