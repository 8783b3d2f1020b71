// Shared helpers of the Qt Test suite: temp files, running the CLI and the reference Python,
// and small deterministic datasets. Core (torch) headers come before Qt headers.
#pragma once
#include "core/data/dataset.h"
#include "core/util/error.h"

#include <functional>
#include <string>

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace vaco::test {

/// Writes `text` to `path`, creating its folder.
void writeText(const std::string& path, const std::string& text);

/// The message of the vaco::Error that `f` throws ("" when it throws none).
std::string errorOf(const std::function<void()>& f);

/// Exit code and output of a finished child process.
struct ProcessResult {
  int exit_code = -1;
  bool crashed = false;  ///< killed by a signal or did not finish
  QByteArray out, err;
};

/// A fresh path inside a per-process temporary folder (removed at exit).
QString tempPath(const QString& name);

/// Runs a program and waits for it (2 minutes at most).
ProcessResult runProcess(const QString& program, const QStringList& args, int timeout_ms = 120000);

/// Runs the `vaco` CLI built with this test suite.
ProcessResult runCli(const QStringList& args);

/// Runs the CLI and checks (as a Qt Test comparison) that it exits with `exit_code` and prints one
/// line on stderr that contains `part`.
void expectCliError(const QStringList& args, int exit_code, const char* part);

/// The venv's Python (with h5py, numpy) or an empty string when the build was given none.
QString referencePython();

/// Runs tests/fixtures/<script> with the reference Python; fails the test when it fails.
ProcessResult runFixtureScript(const QString& script, const QStringList& args);

/// A small dataset with known values: obs[i][j] = i + j/10, actions[i][k] = sin(i + k),
/// rewards[i] = i/10, an episode ending every `episode_length` rows (terminal on odd
/// episodes, timeout on even ones), and an integer infos/label column.
Dataset makeSmallDataset(int64_t rows = 50, int64_t obs_dim = 3, int64_t act_dim = 2,
                         int64_t episode_length = 10);

}  // namespace vaco::test
