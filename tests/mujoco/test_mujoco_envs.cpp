// MuJoCo environments: factory names, sizes, scores, resets, the step limit, bad input, and
// thread safety (instances on two threads give the same numbers as one after another).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <thread>

#include "core/envs/mujoco/env_registry.h"
#include "core/envs/mujoco/model_cache.h"
#include "core/envs/mujoco/mujoco_log.h"
#include "core/envs/mujoco/resource_path.h"
#include "core/util/error.h"
#include "tests/mujoco/mujoco_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace vaco;

namespace {

// Runs `fn` and returns the vaco::Error message it throws ("" when it throws nothing).
template <typename Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

}  // namespace

class MujocoEnvs : public QObject {
  Q_OBJECT
 private slots:
  void factory_names_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("obs");
    QTest::addColumn<int>("act");
    QTest::addColumn<QString>("name");  // the env's own name: the family, or "<family>-v5"
    QTest::newRow("hopper") << "hopper" << "hopper" << 11 << 3 << "hopper";
    QTest::newRow("d4rl hopper") << "hopper-medium-v2" << "hopper" << 11 << 3 << "hopper";
    QTest::newRow("gym hopper") << "Hopper-v4" << "hopper" << 11 << 3 << "hopper";
    QTest::newRow("walker2d") << "walker2d-medium-replay-v2" << "walker2d" << 17 << 6 << "walker2d";
    QTest::newRow("halfcheetah") << "halfcheetah-expert-v2" << "halfcheetah" << 17 << 6 << "halfcheetah";
    QTest::newRow("half_cheetah") << "half_cheetah" << "halfcheetah" << 17 << 6 << "halfcheetah";
    QTest::newRow("gym cheetah") << "HalfCheetah-v4" << "halfcheetah" << 17 << 6 << "halfcheetah";
    QTest::newRow("ant") << "ant-medium-expert-v2" << "ant" << 111 << 8 << "ant";
    QTest::newRow("gym hopper v5") << "Hopper-v5" << "hopper" << 11 << 3 << "hopper-v5";
    QTest::newRow("walker2d v5") << "walker2d-v5" << "walker2d" << 17 << 6 << "walker2d-v5";
    QTest::newRow("gym cheetah v5") << "HalfCheetah-v5" << "halfcheetah" << 17 << 6 << "halfcheetah-v5";
    QTest::newRow("gym ant v5") << "Ant-v5" << "ant" << 105 << 8 << "ant-v5";
  }
  void factory_names() {
    QFETCH(QString, id);
    QFETCH(QString, family);
    QFETCH(int, obs);
    QFETCH(int, act);
    QFETCH(QString, name);
    QCOMPARE(QString::fromStdString(env_family(id.toStdString())), family);
    auto env = make_env(id.toStdString());
    QCOMPARE(QString::fromStdString(env->name()), name);
    QCOMPARE(gym_version(id.toStdString()) == GymVersion::V5, name.endsWith("-v5"));
    QCOMPARE(env->observation_dim(), obs);
    QCOMPARE(env->action_dim(), act);
    QCOMPARE(env->max_episode_steps(), 1000);
    QCOMPARE(env->action_low(), -1.0f);
    QCOMPARE(env->action_high(), 1.0f);
    QCOMPARE(int64_t(env->reset(1).size()), env->observation_dim());
  }

  void gymnasium_specs_name_id_and_entry_point() {
    const GymnasiumSpec v4 = gymnasium_spec("hopper-medium-v2");
    QCOMPARE(QString::fromStdString(v4.id), QString("Hopper-v4"));
    QCOMPARE(QString::fromStdString(v4.entry_point), QString("gymnasium.envs.mujoco.hopper_v4:HopperEnv"));
    QCOMPARE(QString::fromStdString(gymnasium_spec("halfcheetah-v5").entry_point),
             QString("gymnasium.envs.mujoco.half_cheetah_v5:HalfCheetahEnv"));
    QCOMPARE(QString::fromStdString(gymnasium_spec("Ant-v5").id), QString("Ant-v5"));
    QCOMPARE(QString::fromStdString(gymnasium_spec("projectile").id), QString("projectile-v0"));
    QVERIFY(gymnasium_spec("projectile").entry_point.empty());
    QVERIFY(error_of([] { gymnasium_spec("pendulum"); }).find("unknown environment 'pendulum'") != std::string::npos);
  }

  void unknown_names_are_errors() {
    for (const std::string id : {"foo", "antmaze-huge-v2", "", "hopperx", "ants"}) {
      const std::string msg = error_of([&] { make_env(id); });
      QVERIFY2(msg.find("unknown environment '" + id + "'") != std::string::npos, msg.c_str());
      QVERIFY2(msg.find("known: hopper, hopper-v5, walker2d, walker2d-v5, halfcheetah, halfcheetah-v5, ant, ant-v5, projectile") !=
                   std::string::npos,
               msg.c_str());
      QVERIFY(msg.find('\n') == std::string::npos);
    }
    QVERIFY(error_of([] { make_mujoco_env("projectile"); }).find("not a MuJoCo environment") != std::string::npos);
  }

  void reference_returns_and_scores() {
    const auto hopper = make_env("hopper")->reference_returns();
    QCOMPARE(hopper.random, -20.272305);
    QCOMPARE(hopper.expert, 3234.3);
    QCOMPARE(normalized_score(3234.3, hopper), 100.0);
    QCOMPARE(normalized_score(-20.272305, hopper), 0.0);
    const auto cheetah = make_env("halfcheetah")->reference_returns();
    QCOMPARE(cheetah.random, -280.178953);
    QCOMPARE(cheetah.expert, 12135.0);
    QVERIFY(std::abs(normalized_score(4000.0, cheetah) - 34.475370586307484) < 1e-12);
    const auto walker = make_env("walker2d")->reference_returns();
    QCOMPARE(walker.random, 1.629008);
    QCOMPARE(walker.expert, 4592.3);
    QVERIFY(std::abs(normalized_score(1500.0, walker) - 32.63947676954323) < 1e-12);
    const auto ant = make_env("ant")->reference_returns();
    QCOMPARE(ant.random, -325.6);
    QCOMPARE(ant.expert, 3879.7);
    QCOMPARE(normalized_score(3879.7, ant), 100.0);
  }

  void model_is_shared_and_data_is_not() {
    auto a = make_mujoco_env("hopper");
    auto b = make_mujoco_env("hopper-random-v2");
    QCOMPARE(&a->model(), &b->model());
    a->reset(1);
    b->reset(2);
    QVERIFY(a->qpos().data() != b->qpos().data());
    QVERIFY(a->observation64() != b->observation64());
  }

  void reset_is_seeded_and_small() {
    for (const char* id : {"hopper", "walker2d", "halfcheetah", "ant"}) {
      auto env = make_mujoco_env(id);
      const auto first = env->reset(42);
      QCOMPARE(env->elapsed_steps(), 0);
      QCOMPARE(env->reset(42), first);
      QVERIFY(env->reset(43) != first);
      // Noise is U(+-5e-3) around the initial pose for hopper/walker, U(+-0.1) for cheetah and ant.
      const double bound = std::string(id) == "halfcheetah" || std::string(id) == "ant" ? 0.1 : 5e-3;
      env->reset(7);
      const mjModel& m = env->model();
      for (int i = 0; i < m.nq; ++i) QVERIFY(std::abs(env->qpos()[size_t(i)] - m.qpos0[i]) <= bound);
    }
    auto hopper = make_mujoco_env("hopper");
    hopper->reset(0);
    QVERIFY(std::abs(hopper->qpos()[1] - 1.25) <= 5e-3);  // rootz reads the torso height
  }

  void step_limit_truncates() {
    auto env = make_env("halfcheetah");
    env->reset(3);
    const std::vector<float> zero(6, 0.0f);
    for (int t = 1; t <= 1000; ++t) {
      const StepResult r = env->step(zero);
      QVERIFY(!r.terminated);
      QCOMPARE(r.truncated, t == 1000);
    }
  }

  void hopper_falls_and_terminates() {
    auto env = make_env("hopper");
    env->reset(5);
    const std::vector<float> push{1.0f, -1.0f, 1.0f};
    bool terminated = false;
    for (int t = 0; t < 200 && !terminated; ++t) terminated = env->step(push).terminated;
    QVERIFY(terminated);
  }

  void bad_actions_are_errors() {
    auto env = make_env("hopper");
    env->reset(0);
    std::string msg = error_of([&] { env->step(std::vector<float>{0.1f, 0.2f}); });
    QVERIFY2(msg == "hopper: action has 2 values; expected 3", msg.c_str());
    msg = error_of([&] { env->step(std::vector<float>(6, 0.0f)); });
    QVERIFY2(msg == "hopper: action has 6 values; expected 3", msg.c_str());
    const float nan = std::numeric_limits<float>::quiet_NaN();
    msg = error_of([&] { env->step(std::vector<float>{0.0f, nan, 0.0f}); });
    QVERIFY2(msg.find("hopper: action[1] is not a finite number") == 0, msg.c_str());
    msg = error_of([&] { env->step(std::vector<float>{0.0f, 0.0f, std::numeric_limits<float>::infinity()}); });
    QVERIFY2(msg.find("action[2] is not a finite number") != std::string::npos, msg.c_str());
    // A rejected action leaves the state and step count untouched.
    QCOMPARE(dynamic_cast<MujocoEnv&>(*env).elapsed_steps(), 0);
  }

  void bad_states_are_errors() {
    auto env = make_mujoco_env("walker2d");
    const std::vector<double> q(9, 0.0), v(9, 0.0), short_q(6, 0.0);
    QVERIFY(error_of([&] { env->set_state(short_q, v); }).find("expected 9 and 9") != std::string::npos);
    std::vector<double> bad = q;
    bad[3] = std::nan("");
    QVERIFY(error_of([&] { env->set_state(bad, v); }).find("non-finite") != std::string::npos);
  }

  void broken_model_file_reports_mujoco_error() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::filesystem::path root = dir.path().toStdString();
    const std::string good_hopper = find_resource("mujoco/hopper.xml");  // before the override
    write_file(root / "mujoco" / "hopper.xml", "<mujoco>\n  <worldbody>\n    <body><geom type=\"nonsense\"/></body>\n"
                                                "  </worldbody>\n</mujoco>\n");
    test::ScopedEnvVar override_dir("VACO_RESOURCES", root.string());
    QCOMPARE(QString::fromStdString(resource_search_dirs().front()), dir.path());
    const std::string msg = error_of([] { make_env("hopper"); });
    QVERIFY2(msg.find("MuJoCo could not load '") == 0, msg.c_str());
    QVERIFY2(msg.find("nonsense") != std::string::npos, msg.c_str());  // MuJoCo's own text
    QVERIFY2(msg.find('\n') == std::string::npos, msg.c_str());
    qInfo("broken model: %s", msg.c_str());

    write_file(root / "mujoco" / "walker2d.xml", "this is not xml");
    const std::string msg2 = error_of([] { make_env("walker2d"); });
    QVERIFY2(msg2.find("MuJoCo could not load") == 0 && msg2.size() > 60, msg2.c_str());
    qInfo("not xml: %s", msg2.c_str());

    // A model that loads but is not the task's: its sizes are checked.
    std::filesystem::copy_file(good_hopper, root / "mujoco" / "half_cheetah.xml");
    const std::string msg3 = error_of([] { make_env("halfcheetah"); });
    QVERIFY2(msg3.find("has nq/nv/nu 6/6/3; expected 9/9/6") != std::string::npos, msg3.c_str());

    QVERIFY(error_of([] { compile_mujoco_model("/nonexistent/model.xml"); }).find("does not exist") != std::string::npos);
  }

  void mujoco_errors_are_exceptions() {
    // Without our handler MuJoCo would print and exit() the process here.
    install_mujoco_handlers();
    const std::string msg = error_of([] { mju_error("test failure %d", 7); });
    QVERIFY2(msg == "MuJoCo error: test failure 7", msg.c_str());
    // A warning outside a capture goes to stderr; inside one it is collected.
    MujocoWarningCapture capture;
    mju_warning("collected %s", "here");
    QCOMPARE(capture.messages().size(), size_t{1});
    QCOMPARE(QString::fromStdString(capture.messages()[0]), QString("collected here"));
  }

  void unstable_simulation_is_an_error() {
    auto env = make_mujoco_env("hopper");
    const std::vector<float> zero(3, 0.0f);
    // A finite but absurd velocity: MuJoCo flags the state as bad and resets it.
    env->reset(1);
    for (int t = 0; t < 3; ++t) env->step(zero);
    std::vector<double> q(env->qpos().begin(), env->qpos().end()), v(6, 0.0);
    v[2] = 1e12;
    env->set_state(q, v);
    std::string msg = error_of([&] { env->step(zero); });
    qInfo("bad qvel: %s", msg.c_str());
    QVERIFY2(msg.find("hopper: the simulation went unstable in step 4 of the episode: a NaN, infinite or huge joint "
                      "velocity (MuJoCo: ") == 0, msg.c_str());
    QVERIFY2(msg.find("QVEL") != std::string::npos, msg.c_str());  // MuJoCo's own text
    QVERIFY2(msg.find("call reset()") != std::string::npos, msg.c_str());
    QVERIFY(msg.find('\n') == std::string::npos);
    // The env refuses to go on from MuJoCo's reset state ...
    msg = error_of([&] { env->step(zero); });
    QVERIFY2(msg == "hopper: the simulation failed in an earlier step; call reset() first", msg.c_str());
    // ... and works again after a reset, as a fresh env does.
    auto fresh = make_mujoco_env("hopper");
    QCOMPARE(env->reset(9), fresh->reset(9));
    QCOMPARE(env->step(zero).observation, fresh->step(zero).observation);

    // A huge but not-yet-bad velocity that blows up inside the step (bad acceleration or position).
    env->reset(2);
    v.assign(6, 0.0);
    v[3] = 1e9;
    env->set_state(std::vector<double>(env->qpos().begin(), env->qpos().end()), v);
    msg = error_of([&] { env->step(zero); });
    qInfo("huge qvel: %s", msg.c_str());
    QVERIFY2(msg.find("hopper: the simulation went unstable in step 1 of the episode: ") == 0, msg.c_str());
  }

  void missing_resource_lists_folders() {
    const std::string msg = error_of([] { find_resource("mujoco/no_such_model.xml"); });
    QVERIFY2(msg.find("resource 'mujoco/no_such_model.xml' not found; looked in: ") == 0, msg.c_str());
  }

  void two_threads_match_sequential() {
    const std::vector<std::string> ids = {"hopper", "walker2d", "halfcheetah", "ant"};
    const int steps = 300;
    std::vector<test::RunTrace> sequential(ids.size()), threaded(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      auto env = make_env(ids[i]);
      sequential[i] = test::run_random_actions(*env, 100 + i, steps);
    }
    // Each thread makes its own envs (exercising the shared model cache) and runs two of them
    // while the other thread steps its own pair.
    auto worker = [&](size_t first) {
      auto a = make_env(ids[first]);
      auto b = make_env(ids[first + 2]);
      threaded[first] = test::run_random_actions(*a, 100 + first, steps);
      threaded[first + 2] = test::run_random_actions(*b, 100 + first + 2, steps);
    };
    std::thread t0(worker, 0), t1(worker, 1);
    t0.join();
    t1.join();
    for (size_t i = 0; i < ids.size(); ++i) QVERIFY2(test::same_trace(sequential[i], threaded[i]), ids[i].c_str());
  }
};

QTEST_APPLESS_MAIN(MujocoEnvs)
#include "test_mujoco_envs.moc"
