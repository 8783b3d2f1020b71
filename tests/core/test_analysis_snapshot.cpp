// Trainer::snapshot(): the probe set is fixed across seeds, the per-trajectory means cover
// whole episodes, the Pearson r values are the core's, VACO's trained weights favour the
// near-optimal throws (the paper's per-trajectory correlation), plain BC's are all ones, the
// snapshots/ files of a run directory read back unchanged, rows are labelled by the policy
// checkpoint that acted (with names), and a few trajectories keep their per-step weights in
// time order.
#include "core/analysis/pearson.h"
#include "core/analysis/snapshot_json.h"
#include "core/data/d4rl_reader.h"
#include "core/data/transitions.h"
#include "core/datagen/projectile_datagen.h"
#include "core/train/analysis_probe.h"
#include "core/train/source_labels.h"
#include "core/train/trainer.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <map>
#include <fstream>
#include <numeric>
#include <set>

#include "core/util/tensor_vector.h"
#include "tests/support/projectile_runs.h"
#include "tests/support/test_support.h"

using namespace vaco;
using namespace vaco::train;

namespace {

const Dataset& projectile() { return test::projectileDataset(4000, 11); }

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

// A learner whose weight of a transition is its raw first observation plus one: the small
// dataset's observations grow with the row, so a trajectory's weights grow with time.
class RowWeights : public algos::PolicyAlgorithm {
 public:
  std::string name() const override { return "row-weights"; }
  void update(const algos::Batch&) override {}
  torch::Tensor act(const torch::Tensor& obs) override { return obs; }
  nets::Policy& policy() override { throw Error("RowWeights has no policy"); }
  torch::Tensor sample_weights(const algos::Batch& b) override { return b.observations.select(1, 0) + 1.0; }
};

// The small dataset with infos/policy_checkpoint set per episode (10 rows each) from `values`.
Dataset withCheckpoints(const std::vector<float>& values) {
  Dataset ds = test::makeSmallDataset(int64_t(values.size()) * 10, 3, 2, 10);
  torch::Tensor c = torch::empty({ds.size()});
  for (int64_t i = 0; i < ds.size(); ++i) c[i] = values[size_t(i / 10)];
  ds.infos["infos/policy_checkpoint"] = c;
  return ds;
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
    // Trainer::q_values of the probe's raw rows is the snapshot's Q.
    const torch::Tensor obs = torch::tensor(s.probe_observations).view({-1, 3});
    const torch::Tensor act = torch::tensor(s.probe_actions).view({-1, 2});
    const std::vector<double> q = to_vector<double>(t.q_values(obs, act));
    QCOMPARE(q.size(), s.probe_size());
    for (size_t i = 0; i < q.size(); ++i) QVERIFY(std::abs(q[i] - s.probe_q[i]) < 1e-4 * (1 + std::abs(q[i])));
  }

  void bcWeighsEverySampleOne() {
    Trainer t(config("bc", 5), projectile());
    const auto s = t.snapshot();
    for (double w : s.probe_weights) QCOMPARE(w, 1.0);
    QVERIFY(s.probe_q.empty());  // plain BC has no critic
    QVERIFY(!t.q_values(torch::zeros({4, 1}), torch::zeros({4, 1})).defined());
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

  void policyCheckpointsBecomeNamedLabels() {
    // Step counts (a medium-replay file): ascending values are labels 0..K-1.
    const std::vector<float> values = {20000, 0, 110000, 0, 10000, 20000};
    const Dataset ds = withCheckpoints(values);
    const SourceLabels l = source_labels(ds);
    const std::vector<std::string> names = {"policy @ 0 steps", "policy @ 10k steps", "policy @ 20k steps",
                                            "policy @ 110k steps"};
    QVERIFY(l.names == names);
    QCOMPARE(l.rows.size(), size_t(60));
    QCOMPARE(l.rows[0], 2);
    QCOMPARE(l.rows[15], 0);
    QCOMPARE(l.rows[25], 3);
    QCOMPARE(l.rows[45], 1);
    // Small values (an outside file's checkpoint numbers) read "checkpoint N".
    QVERIFY(source_labels(withCheckpoints({3, 0, 5})).names ==
            std::vector<std::string>({"checkpoint 0", "checkpoint 3", "checkpoint 5"}));
    // More than 16 distinct values: no labels at all.
    std::vector<float> many(17);
    std::iota(many.begin(), many.end(), 0.0f);
    QVERIFY(source_labels(withCheckpoints(many)).rows.empty());
    // infos/behavior wins and its names are the caller's.
    Dataset both = withCheckpoints(values);
    both.infos["infos/behavior"] = torch::ones({both.size()});
    const SourceLabels b = source_labels(both);
    QVERIFY(b.names.empty());
    QCOMPARE(b.rows.size(), size_t(60));
    QCOMPARE(b.rows[7], 1);

    // The snapshot carries the names, and each trajectory the label of the policy that made it.
    TrainConfig c = config("iql", 5);
    c.batch_size = 8;
    Trainer t(c, ds);
    const auto s = t.snapshot();
    QVERIFY(s.label_names == names);
    QCOMPARE(s.trajectory_count(), size_t(6));
    QCOMPARE(s.trajectory_episode.size(), s.trajectory_count());
    for (size_t i = 0; i < s.trajectory_count(); ++i) {
      size_t episode = 0;
      while (ds.episodes[episode].ret != s.trajectory_return[i]) ++episode;  // returns are distinct
      QCOMPARE(s.trajectory_episode[i], int64_t(episode));
      QCOMPARE(s.trajectory_labels[i], l.rows[size_t(ds.episodes[episode].start)]);
    }
    for (int label : s.probe_labels) QVERIFY(label >= 0 && label < 4);
  }

  void otherIntegerFieldsCanColourThePoints() {
    // policy_checkpoint is the source; infos/seed (3 values, per episode) is offered besides it;
    // a float field, a constant field and one with 17 values are not.
    Dataset ds = withCheckpoints({20000, 0, 10000, 0, 20000, 10000});
    ds.infos.erase("infos/label");  // the small dataset's own row label (i % 3)
    torch::Tensor seed = torch::empty({ds.size()}, torch::kInt32), noise = torch::rand({ds.size()});
    for (int64_t i = 0; i < ds.size(); ++i) seed[i] = int((i / 10) % 3) * 7;
    ds.infos["infos/seed"] = seed;
    ds.infos["infos/noise"] = noise;
    ds.infos["infos/constant"] = torch::ones({ds.size()});
    ds.infos["infos/many"] = torch::arange(ds.size()) % 17;
    const std::vector<SourceLabels> others = other_label_fields(ds, "infos/policy_checkpoint");
    QCOMPARE(others.size(), size_t(1));
    QCOMPARE(others[0].key, std::string("infos/seed"));
    QVERIFY(others[0].names == std::vector<std::string>({"seed = 0", "seed = 7", "seed = 14"}));
    QCOMPARE(others[0].rows[25], 2);  // episode 2: 14
    // Without an exception key the checkpoints are offered too, named as steps.
    QCOMPARE(other_label_fields(ds, "").size(), size_t(2));
    QCOMPARE(other_label_fields(ds, "").front().names.front(), std::string("policy @ 0 steps"));

    TrainConfig c = config("iql", 5);
    c.batch_size = 8;
    Trainer t(c, ds);
    const auto s = t.snapshot();
    QCOMPARE(s.label_field, std::string("infos/policy_checkpoint"));
    QCOMPARE(s.other_label_fields.size(), size_t(1));
    const analysis::LabelField& f = s.other_label_fields[0];
    QCOMPARE(f.probe.size(), s.probe_size());
    QCOMPARE(f.trajectory.size(), s.trajectory_count());
    for (size_t i = 0; i < s.trajectory_count(); ++i) {
      size_t episode = 0;
      while (ds.episodes[episode].ret != s.trajectory_return[i]) ++episode;
      QCOMPARE(f.trajectory[i], int(episode % 3));
    }
    // The fields survive the snapshot file; labels without a name are refused.
    const nlohmann::json j = analysis::snapshot_to_json(s);
    const auto back = analysis::snapshot_from_json(nlohmann::json::parse(j.dump()));
    QCOMPARE(back.label_field, s.label_field);
    QCOMPARE(back.other_label_fields.size(), size_t(1));
    QVERIFY(back.other_label_fields[0].trajectory == f.trajectory && back.other_label_fields[0].names == f.names);
    nlohmann::json bad = j;
    bad["other_label_fields"][0]["trajectory"][0] = 3;
    bool threw = false;
    try {
      (void)analysis::snapshot_from_json(bad);
    } catch (const Error& e) {
      threw = std::string(e.what()).find("infos/seed") != std::string::npos;
    }
    QVERIFY(threw);
  }

  void allEpisodesLiftTheSample() {
    // 2,100 two-row episodes: the default sample stops at 2,000; snapshot_episodes=all takes every one.
    const Dataset ds = test::makeSmallDataset(4200, 3, 2, 2);
    TrainConfig c = config("bc", 5);
    c.batch_size = 8;
    const auto sampled = Trainer(c, ds).snapshot();
    QCOMPARE(sampled.trajectory_count(), size_t(2000));
    QCOMPARE(sampled.dataset_episodes, int64_t{2100});
    c.snapshot_episodes = "all";
    const auto all = Trainer(c, ds).snapshot();
    QCOMPARE(all.trajectory_count(), size_t(2100));
    c.snapshot_episodes = "every";
    bool threw = false;
    try {
      c.validate();
    } catch (const Error& e) {
      threw = std::string(e.what()).find("snapshot_episodes") != std::string::npos;
    }
    QVERIFY(threw);
  }

  void checkpointFilesAreLabelled() {
    const std::string path = VACO_TESTS_DIR "/../benchmarks/datasets/hopper-medium-replay-sac.hdf5";
    if (!std::filesystem::exists(path)) QSKIP("benchmarks/datasets/hopper-medium-replay-sac.hdf5 is absent");
    const SourceLabels l = source_labels(read_d4rl(path));
    std::string all;
    for (const auto& name : l.names) all += (all.empty() ? "" : ", ") + name;
    qInfo("labels: %s", all.c_str());
    // Checkpoints every 10k env steps; the buffer's rows (109,894) end before the one at 110k.
    QCOMPARE(l.names.size(), size_t(11));
    QCOMPARE(l.names.front(), std::string("policy @ 0 steps"));
    QCOMPARE(l.names[1], std::string("policy @ 10k steps"));
    QCOMPARE(l.names.back(), std::string("policy @ 100k steps"));
    QCOMPARE(*std::max_element(l.rows.begin(), l.rows.end()), 10);
  }

  void stepWeightsAreInTimeOrder() {
    const Dataset ds = withCheckpoints({0, 1, 2, 3, 4, 5, 6, 7});
    const Transitions tr = make_transitions(ds);
    const algos::BatchSampler sampler(tr, torch::kCPU, 8, 1);
    RowWeights learner;
    const auto s = AnalysisProbe(tr, ds).compute(sampler, learner, {}, 1000);  // one chunk: w = (row + 1) / mean
    QCOMPARE(s.trajectory_step_weights.size(), s.trajectory_count());
    for (size_t i = 0; i < s.trajectory_count(); ++i) {
      const std::vector<float>& w = s.trajectory_step_weights[i];
      QCOMPARE(int64_t(w.size()), s.trajectory_length[i]);
      for (size_t k = 1; k < w.size(); ++k) QVERIFY(w[k] > w[k - 1]);  // later rows weigh more
      QVERIFY(std::abs(std::accumulate(w.begin(), w.end(), 0.0) / double(w.size()) - s.trajectory_mean_weight[i]) < 1e-6);
    }
    // Only the first trajectories keep their steps, within both caps.
    const auto by_count = AnalysisProbe(tr, ds, {.stored_trajectories = 3}).compute(sampler, learner, {}, 1000);
    QCOMPARE(by_count.trajectory_step_weights.size(), size_t(3));
    QCOMPARE(by_count.trajectory_count(), size_t(8));
    QCOMPARE(by_count.dataset_episodes, int64_t(ds.episodes.size()));  // the sample says what it was drawn from
    QCOMPARE(by_count.trajectory_row_cap, int64_t{65536});
    const auto by_steps = AnalysisProbe(tr, ds, {.stored_steps = 19}).compute(sampler, learner, {}, 1000);
    QCOMPARE(by_steps.trajectory_step_weights.size(), size_t(by_steps.trajectory_length[0] + by_steps.trajectory_length[1] <= 19 ? 2 : 1));

    // A real learner: the stored steps average to the trajectory's mean weight.
    TrainConfig c = config("vaco", 5);
    c.batch_size = 8;
    Trainer t(c, ds);
    const auto v = t.snapshot();
    QCOMPARE(v.trajectory_step_weights.size(), v.trajectory_count());
    for (size_t i = 0; i < v.trajectory_count(); ++i) {
      const std::vector<float>& w = v.trajectory_step_weights[i];
      QVERIFY(std::abs(std::accumulate(w.begin(), w.end(), 0.0) / double(w.size()) - v.trajectory_mean_weight[i]) < 1e-5);
    }
  }

  void returnToGoIsDiscountedWithinEpisodes() {
    // Rewards row / 10; an episode every 10 rows. Each probe sample's return-to-go sums the
    // rewards of its episode's later transitions at γ^k; Q here is the reward itself.
    const Dataset ds = test::makeSmallDataset(50, 3, 2, 10);
    const Transitions tr = make_transitions(ds);
    const algos::BatchSampler sampler(tr, torch::kCPU, 8, 1);
    RowWeights learner;
    const BatchQ reward_as_q = [](const algos::Batch& b) { return b.rewards.to(torch::kFloat64); };
    const auto s = AnalysisProbe(tr, ds, {.gamma = 0.9}).compute(sampler, learner, reward_as_q, 1000);
    QCOMPARE(s.probe_return_to_go.size(), s.probe_size());
    const std::vector<float> obs0 = to_vector<float>(tr.observations.select(1, 0));
    const std::vector<float> rewards = to_vector<float>(tr.rewards);
    const std::vector<int64_t> episode = to_vector<int64_t>(tr.episode_ids);
    for (size_t p = 0; p < s.probe_size(); ++p) {
      // The transition of this probe sample: the observations grow with the row.
      const auto row = size_t(std::find(obs0.begin(), obs0.end(), s.probe_observations[p * 3]) - obs0.begin());
      double expected = 0, discount = 1;
      for (size_t i = row; i < rewards.size() && episode[i] == episode[row]; ++i, discount *= 0.9)
        expected += discount * rewards[i];
      QVERIFY2(std::abs(s.probe_return_to_go[p] - expected) < 1e-5,
               qPrintable(QString("row %1: %2 vs %3").arg(row).arg(s.probe_return_to_go[p]).arg(expected)));
    }
    QCOMPARE(s.pearson_q_return, analysis::pearson(s.probe_q, s.probe_return_to_go));
    // A run's probe takes the critic's γ.
    TrainConfig c = config("iql", 5);
    c.batch_size = 8;
    c.value.gamma = 0.5;
    const auto v = Trainer(c, ds).snapshot();
    const double last = v.probe_return_to_go[size_t(std::max_element(v.probe_return_to_go.begin(),
                                                                     v.probe_return_to_go.end()) - v.probe_return_to_go.begin())];
    QVERIFY(last > 0 && last < 2 * 4.9);  // at γ 0.5 no sum exceeds twice the largest reward
    QVERIFY(std::isfinite(v.pearson_q_return));
  }

  void jsonKeepsStepWeightsAndNames() {
    const Dataset ds = withCheckpoints({20000, 0, 10000});
    TrainConfig c = config("vaco", 5);
    c.batch_size = 8;
    Trainer t(c, ds);
    const auto s = t.snapshot();
    QVERIFY(!s.trajectory_step_weights.empty());
    nlohmann::json j = analysis::snapshot_to_json(s);
    const auto back = analysis::snapshot_from_json(nlohmann::json::parse(j.dump()));
    QVERIFY(back.trajectory_step_weights == s.trajectory_step_weights);
    QVERIFY(back.label_names == s.label_names);
    QVERIFY(back.trajectory_labels == s.trajectory_labels);
    QVERIFY(!s.trajectory_episode.empty());
    QVERIFY(back.trajectory_episode == s.trajectory_episode);
    QCOMPARE(back.dataset_episodes, s.dataset_episodes);
    QVERIFY(s.dataset_episodes > 0);
    QCOMPARE(back.trajectory_row_cap, s.trajectory_row_cap);
    QVERIFY(!s.probe_return_to_go.empty());
    QVERIFY(back.probe_return_to_go == s.probe_return_to_go);
    QCOMPARE(back.pearson_q_return, s.pearson_q_return);
    // A file written before these keys existed still loads, without them.
    nlohmann::json old = j;
    old["probe"].erase("return_to_go");
    old["probe"].erase("pearson_q_return");
    old.erase("label_names");
    old["trajectories"].erase("step_weights");
    old["trajectories"].erase("of_episodes");
    old["trajectories"].erase("row_cap");
    old["trajectories"].erase("episode");
    const auto legacy = analysis::snapshot_from_json(old);
    QVERIFY(legacy.trajectory_step_weights.empty());
    QVERIFY(legacy.trajectory_episode.empty());
    QVERIFY(legacy.probe_return_to_go.empty());
    QVERIFY(std::isnan(legacy.pearson_q_return));
    QVERIFY(legacy.label_names.empty());
    QCOMPARE(legacy.dataset_episodes, int64_t{0});
    QVERIFY(legacy.trajectory_mean_weight == s.trajectory_mean_weight);
    // Steps that do not match the trajectory's length are refused.
    nlohmann::json bad = j;
    bad["trajectories"]["step_weights"][0].push_back(1.0);
    bool threw = false;
    try {
      (void)analysis::snapshot_from_json(bad);
    } catch (const Error& e) {
      threw = std::string(e.what()).find("step_weights") != std::string::npos;
    }
    QVERIFY(threw);
  }
};

QTEST_GUILESS_MAIN(TestAnalysisSnapshot)
#include "test_analysis_snapshot.moc"
