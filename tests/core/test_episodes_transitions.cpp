// Episode and transition conventions against small hand-computed cases.
#include "core/data/episodes.h"
#include "core/data/normalization.h"
#include "core/data/transitions.h"
#include "core/util/error.h"
#include "tests/support/test_support.h"

#include <QTest>

using namespace vaco;

namespace {
// Builds a dataset from explicit flags; obs[i] = {i}, reward[i] = r[i].
Dataset fromFlags(std::vector<float> r, std::vector<float> term, std::vector<float> tout) {
  const int64_t n = int64_t(r.size());
  Dataset ds;
  ds.observations = torch::arange(n, torch::kFloat32).reshape({n, 1});
  ds.actions = torch::zeros({n, 1});
  ds.rewards = torch::tensor(r);
  ds.terminals = torch::tensor(term);
  ds.timeouts = torch::tensor(tout);
  index_episodes(ds);
  return ds;
}
}  // namespace

class EpisodesTransitions : public QObject {
  Q_OBJECT
 private slots:
  void episodes_by_hand() {
    //                rows: 0  1  2  3  4  5  6
    const Dataset ds = fromFlags({1, 2, 3, 4, 5, 6, 7}, {0, 1, 0, 0, 0, 0, 0}, {0, 0, 0, 1, 0, 0, 0});
    QCOMPARE(ds.episodes.size(), size_t(3));
    QCOMPARE(ds.episodes[0].start, 0);
    QCOMPARE(ds.episodes[0].length, 2);
    QCOMPARE(ds.episodes[0].ret, 3.0);
    QCOMPARE(ds.episodes[0].end, EpisodeEnd::Terminal);
    QCOMPARE(ds.episodes[1].start, 2);
    QCOMPARE(ds.episodes[1].length, 2);
    QCOMPARE(ds.episodes[1].ret, 7.0);
    QCOMPARE(ds.episodes[1].end, EpisodeEnd::Timeout);
    QCOMPARE(ds.episodes[2].start, 4);
    QCOMPARE(ds.episodes[2].length, 3);
    QCOMPARE(ds.episodes[2].ret, 18.0);
    QCOMPARE(ds.episodes[2].end, EpisodeEnd::EndOfFile);
    QCOMPARE(ds.warnings.size(), size_t(1));
    QVERIFY(QString::fromStdString(ds.warnings[0]).contains("last 3 rows"));
  }

  void terminal_and_timeout_on_same_row_is_terminal() {
    const Dataset ds = fromFlags({1, 1}, {0, 1}, {0, 1});
    QCOMPARE(ds.episodes.size(), size_t(1));
    QCOMPARE(ds.episodes[0].end, EpisodeEnd::Terminal);
    QVERIFY(ds.warnings.empty());
  }

  void qlearning_transitions_by_hand() {
    // rows 0..6; timeout at row 3 is skipped, the last row is dropped, terminal kept as done.
    const Dataset ds = fromFlags({1, 2, 3, 4, 5, 6, 7}, {0, 1, 0, 0, 0, 0, 0}, {0, 0, 0, 1, 0, 0, 0});
    const Transitions t = make_transitions(ds);
    QCOMPARE(t.size(), 5);
    QVERIFY(torch::equal(t.source_rows, torch::tensor({0, 1, 2, 4, 5}, torch::kInt64)));
    QVERIFY(torch::equal(t.observations.squeeze(1), torch::tensor({0.f, 1.f, 2.f, 4.f, 5.f})));
    QVERIFY(torch::equal(t.next_observations.squeeze(1), torch::tensor({1.f, 2.f, 3.f, 5.f, 6.f})));
    QVERIFY(torch::equal(t.rewards, torch::tensor({1.f, 2.f, 3.f, 5.f, 6.f})));
    QVERIFY(torch::equal(t.dones, torch::tensor({0.f, 1.f, 0.f, 0.f, 0.f})));
    QVERIFY(torch::equal(t.episode_ids, torch::tensor({0, 0, 1, 2, 2}, torch::kInt64)));
  }

  void next_observations_key_is_used_when_present() {
    Dataset ds = fromFlags({1, 2, 3}, {0, 0, 1}, {0, 0, 0});
    ds.next_observations = torch::tensor({10.f, 20.f, 30.f}).reshape({3, 1});
    const Transitions t = make_transitions(ds);
    QVERIFY(torch::equal(t.next_observations.squeeze(1), torch::tensor({10.f, 20.f})));
  }

  void transitions_need_two_rows() {
    const Dataset ds = fromFlags({1}, {1}, {0});
    QVERIFY_THROWS_EXCEPTION(Error, make_transitions(ds));
  }

  void state_stats() {
    const torch::Tensor x = torch::tensor({1.f, 10.f, 3.f, 10.f}).reshape({2, 2});
    const StateStats s = compute_state_stats(x, 1e-3);
    QVERIFY(torch::allclose(s.mean, torch::tensor({2.f, 10.f})));
    QVERIFY(torch::allclose(s.std, torch::tensor({1.001f, 0.001f})));
    QVERIFY(torch::allclose(s.denormalize(s.normalize(x)), x));
  }

  void reward_transforms() {
    // Episode returns 3, 7, 18: range 15, so the locomotion scale is 1000/15.
    const Dataset ds = fromFlags({1, 2, 3, 4, 5, 6, 7}, {0, 1, 0, 0, 0, 0, 0}, {0, 0, 0, 1, 0, 0, 0});
    const torch::Tensor r = torch::tensor({1.f, 2.f});
    QVERIFY(torch::allclose(transform_rewards(r, ds, RewardTransform::Locomotion), r * (1000.f / 15.f)));
    QVERIFY(torch::allclose(transform_rewards(r, ds, RewardTransform::AntMazeIQL), torch::tensor({0.f, 1.f})));
    QVERIFY(torch::allclose(transform_rewards(r, ds, RewardTransform::AntMazeCQL), torch::tensor({5.f, 15.f})));
    QCOMPARE(default_reward_transform("hopper"), RewardTransform::Locomotion);
    QCOMPARE(default_reward_transform("antmaze"), RewardTransform::AntMazeIQL);
    QCOMPARE(default_reward_transform("projectile"), RewardTransform::None);
    QVERIFY_THROWS_EXCEPTION(Error, parse_reward_transform("bogus"));
  }

  void env_name_guess() {
    QCOMPARE(QString::fromStdString(guess_env_name("antmaze-umaze-v2")), QString("antmaze"));
    QCOMPARE(QString::fromStdString(guess_env_name("Hopper-medium-replay-v2")), QString("hopper"));
    QCOMPARE(QString::fromStdString(guess_env_name("ant-expert-v2")), QString("ant"));
    QCOMPARE(QString::fromStdString(guess_env_name("mystery")), QString(""));
    QCOMPARE(QString::fromStdString(guess_env_id("D4RL-antmaze-umaze-v2")), QString("antmaze-umaze-v2"));
    QCOMPARE(QString::fromStdString(guess_env_id("hopper-medium-v2")), QString("hopper"));
  }
};

QTEST_APPLESS_MAIN(EpisodesTransitions)
#include "test_episodes_transitions.moc"
