// Trainer::snapshot(): the probe set is fixed across seeds, the per-trajectory means cover
// whole episodes, the Pearson r values are the core's, VACO's trained weights favour the
// near-optimal throws (the paper's per-trajectory correlation), plain BC's are all ones, and
// the snapshots/ files of a run directory read back unchanged.
#include "core/analysis/pearson.h"
#include "core/analysis/snapshot_json.h"
#include "core/datagen/projectile_datagen.h"
#include "core/train/trainer.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <map>
#include <fstream>
#include <numeric>
#include <set>

#include "tests/support/test_support.h"

using namespace vaco;
using namespace vaco::train;

namespace {

const Dataset& projectile() {
  static const Dataset ds = generate_projectile_dataset({.samples = 4000, .seed = 11});
  return ds;
}

TrainConfig config(const std::string& algo, int64_t steps) {
  TrainConfig c;
  c.algo = algo;
  c.device = "cpu";
  c.steps = steps;
  c.value_steps = steps;
  c.hidden = 64;
  c.depth = 2;
  c.log_every = 100;
  c.eval_episodes = 0;
  c.snapshot_every = 0;
  c.checkpoint_every = 0;
  return c;
}

// Mean of `values` over the entries whose label is `label`.
double mean_for_label(const std::vector<double>& values, const std::vector<int>& labels, int label) {
  double sum = 0;
  int n = 0;
  for (size_t i = 0; i < values.size(); ++i)
    if (labels[i] == label) sum += values[i], ++n;
  return n ? sum / n : std::nan("");
}

}  // namespace

class TestAnalysisSnapshot : public QObject {
  Q_OBJECT
 private slots:
  void probeIsFixedAcrossSeeds() {
    TrainConfig a = config("vaco", 10), b = a;
    b.seed = 7;
    Trainer ta(a, projectile()), tb(b, projectile());
    const auto sa = ta.snapshot(), sb = tb.snapshot();
    QCOMPARE(sa.probe_size(), size_t(2048));
    QVERIFY(sa.probe_observations == sb.probe_observations);
    QVERIFY(sa.probe_actions == sb.probe_actions);
    QVERIFY(sa.trajectory_return == sb.trajectory_return);
    // The networks differ, so the weights do.
    QVERIFY(sa.probe_weights != sb.probe_weights);
  }

  void trajectoriesAreWholeEpisodes() {
    // Multi-step episodes: 50 rows, an episode every 10 rows (returns known).
    const Dataset ds = test::makeSmallDataset(50, 3, 2, 10);
    TrainConfig c = config("iql", 5);
    c.batch_size = 8;
    Trainer t(c, ds);
    const auto s = t.snapshot();
    QCOMPARE(s.trajectory_count(), size_t(5));
    // Every transition of each episode is averaged (rows whose timeout is set are no transition).
    std::multiset<double> expected, got(s.trajectory_return.begin(), s.trajectory_return.end());
    int64_t transitions = 0;
    for (const auto& e : ds.episodes) expected.insert(e.ret);
    QVERIFY(expected == got);
    for (auto n : s.trajectory_length) transitions += n;
    QCOMPARE(transitions, int64_t(47));  // 49 transitions (N - 1) minus the 2 rows with a timeout set
    QCOMPARE(s.probe_size(), size_t(47));
    QCOMPARE(s.probe_q.size(), s.probe_size());
    // Weights are normalized to mean 1 in each chunk of batch_size rows.
    QVERIFY(std::abs(std::accumulate(s.probe_weights.begin(), s.probe_weights.begin() + 8, 0.0) / 8 - 1.0) < 1e-9);
    QCOMPARE(s.pearson_sample, analysis::pearson(s.probe_weights, s.probe_q));
    QCOMPARE(s.pearson_trajectory, analysis::pearson(s.trajectory_mean_weight, s.trajectory_return));
  }

  void bcWeighsEverySampleOne() {
    Trainer t(config("bc", 5), projectile());
    const auto s = t.snapshot();
    for (double w : s.probe_weights) QCOMPARE(w, 1.0);
    QVERIFY(s.probe_q.empty());  // plain BC has no critic
    QVERIFY(std::isnan(s.pearson_sample));
    QVERIFY(std::isnan(s.pearson_trajectory));  // constant weights: r undefined
  }

  void trainedVacoTrustsTheGoodThrows() {
    Trainer t(config("vaco", 2000), projectile());
    while (t.step()) {
    }
    const auto s = t.snapshot();
    QCOMPARE(s.trajectory_count(), size_t(2000));  // one-step episodes, capped at 2000
    const double good = mean_for_label(s.trajectory_mean_weight, s.trajectory_labels, int(ProjectileBehavior::NearOptimal));
    const double lob = mean_for_label(s.trajectory_mean_weight, s.trajectory_labels, int(ProjectileBehavior::Lob));
    qInfo("mean weight: near-optimal %.3f, lob %.3f; r per sample %.3f, per trajectory %.3f", good, lob,
          s.pearson_sample, s.pearson_trajectory);
    QVERIFY2(good > 1.5 * lob, "the meta-scorer should weigh near-optimal throws above lobs");
    QVERIFY2(s.pearson_trajectory > 0.2, "mean weight should correlate with the throw's range");
  }

  void runDirectoryKeepsSnapshots() {
    const std::string dir = test::tempPath("run-snap").toStdString();
    TrainConfig c = config("vaco", 30);
    c.snapshot_every = 20;
    {
      Trainer t(c, projectile(), dir);
      t.run();
    }
    // Policy steps 20 (periodic) and 30 (the end).
    const auto first = analysis::load_snapshot(dir + "/snapshots/step-000000050.json");
    const auto last = analysis::load_snapshot(dir + "/snapshots/step-000000060.json");
    QCOMPARE(first.step, int64_t(50));
    QCOMPARE(last.step, int64_t(60));
    QCOMPARE(last.probe_size(), size_t(2048));
    QVERIFY(last.probe_weights != first.probe_weights);
    QVERIFY(std::abs(last.pearson_sample - analysis::pearson(last.probe_weights, last.probe_q)) < 1e-12);
    // A broken file names itself.
    const std::string bad = dir + "/snapshots/broken.json";
    std::ofstream(bad) << "{\"step\": 1}";
    bool threw = false;
    try {
      (void)analysis::load_snapshot(bad);
    } catch (const Error& e) {
      threw = std::string(e.what()).find("broken.json") != std::string::npos;
    }
    QVERIFY(threw);
  }
};

QTEST_GUILESS_MAIN(TestAnalysisSnapshot)
#include "test_analysis_snapshot.moc"
