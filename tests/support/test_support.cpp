#include "tests/support/test_support.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace vaco::test {

QString tempPath(const QString& name) {
  static QTemporaryDir dir(QDir::tempPath() + "/vaco-test-XXXXXX");
  return dir.filePath(name);
}

void writeText(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << text;
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

ProcessResult runProcess(const QString& program, const QStringList& args, int timeout_ms) {
  QProcess p;
  p.start(program, args);
  ProcessResult r;
  if (!p.waitForStarted(30000)) {
    r.err = ("cannot start " + program).toUtf8();
    r.crashed = true;
    return r;
  }
  if (!p.waitForFinished(timeout_ms)) {
    p.kill();
    p.waitForFinished();
    r.crashed = true;
  }
  r.crashed = r.crashed || p.exitStatus() == QProcess::CrashExit;
  r.exit_code = p.exitCode();
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

ProcessResult runCli(const QStringList& args) { return runProcess(VACO_CLI_PATH, args); }

void expectCliError(const QStringList& args, int exit_code, const char* part) {
  const ProcessResult r = runCli(args);
  QVERIFY2(r.exit_code == exit_code, qPrintable(QString::number(r.exit_code) + ": " + r.err));
  QVERIFY2(r.err.contains(part), r.err.constData());
  QCOMPARE(r.err.trimmed().count('\n'), 0);
}

QString referencePython() { return QString(VACO_TEST_PYTHON); }

ProcessResult runFixtureScript(const QString& script, const QStringList& args) {
  const QString py = referencePython();
  ProcessResult r;
  if (py.isEmpty()) {
    r.err = "no reference Python configured (VACO_PYTHON); run scripts/setup";
    return r;
  }
  r = runProcess(py, QStringList{QString(VACO_TESTS_DIR) + "/fixtures/" + script} + args);
  return r;
}

Dataset makeSmallDataset(int64_t rows, int64_t obs_dim, int64_t act_dim, int64_t episode_length) {
  Dataset ds;
  ds.name = "small";
  ds.observations = torch::empty({rows, obs_dim});
  ds.actions = torch::empty({rows, act_dim});
  ds.rewards = torch::empty({rows});
  ds.terminals = torch::zeros({rows});
  ds.timeouts = torch::zeros({rows});
  torch::Tensor label = torch::empty({rows}, torch::kInt32);
  for (int64_t i = 0; i < rows; ++i) {
    for (int64_t j = 0; j < obs_dim; ++j) ds.observations[i][j] = float(i) + float(j) / 10.0f;
    for (int64_t k = 0; k < act_dim; ++k) ds.actions[i][k] = std::sin(float(i + k));
    ds.rewards[i] = float(i) / 10.0f;
    label[i] = int32_t(i % 3);
    if ((i + 1) % episode_length == 0) {
      const int64_t episode = i / episode_length;
      (episode % 2 ? ds.terminals : ds.timeouts)[i] = 1.0f;
    }
  }
  ds.infos["infos/label"] = label;
  index_episodes(ds);
  return ds;
}

}  // namespace vaco::test
