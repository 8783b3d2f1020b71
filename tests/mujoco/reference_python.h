// Runs the reference scripts in tests/reference/ with the setup venv's Python (gymnasium,
// mujoco, h5py). Test-only helper; include after the core headers.
#pragma once
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace vaco::test {

/// The venv's Python (empty when the build was configured without one).
inline QString reference_python() { return QStringLiteral(VACO_TEST_PYTHON); }

/// Absolute path of a script in tests/reference/.
inline QString reference_script(const char* name) { return QStringLiteral(VACO_TESTS_DIR "/reference/") + name; }

/// Runs the reference Python with `args` in a scratch folder (Python's MuJoCo may write
/// MUJOCO_LOG.TXT there); returns the exit code (-1 when it did not finish) and the output.
inline int run_reference_python(const QStringList& args, QString* output, int timeout_ms = 180000) {
  QTemporaryDir cwd;
  QProcess p;
  p.setWorkingDirectory(cwd.path());
  p.setProcessChannelMode(QProcess::MergedChannels);
  p.start(reference_python(), args);
  if (!p.waitForFinished(timeout_ms)) {
    *output = "timed out or failed to start: " + p.errorString();
    return -1;
  }
  *output = QString::fromUtf8(p.readAll());
  return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

}  // namespace vaco::test
