// The run config: JSON round trip, --set overrides with dotted keys, and one-line errors for
// unknown keys, bad types, bad values and a CUDA device that is absent.
#include "core/train/algorithms.h"
#include "core/train/config_notes.h"
#include "core/train/presets.h"
#include "core/train/train_config.h"
#include "core/util/cuda_backend.h"
#include "core/util/error.h"

#include <QtTest>

#include <fstream>
#include <functional>

#include "tests/support/test_support.h"

using namespace vaco;
using namespace vaco::train;

namespace {

// Runs f, expects vaco::Error whose one-line message mentions `part`.
void expect_error(const std::function<void()>& f, const std::string& part) {
  try {
    f();
  } catch (const Error& e) {
    const std::string msg = e.what();
    QVERIFY2(msg.find(part) != std::string::npos, msg.c_str());
    QVERIFY2(msg.find('\n') == std::string::npos, msg.c_str());
    return;
  }
  QFAIL(("no error for " + part).c_str());
}

}  // namespace

class TestTrainConfig : public QObject {
  Q_OBJECT
 private slots:
  void defaults_are_valid_for_every_algorithm() {
    QCOMPARE(algorithms().size(), size_t{6});
    for (const AlgoSpec& spec : algorithms()) {
      const std::string& a = spec.name;
      TrainConfig c;
      c.algo = a;
      c.device = "cpu";
      c.validate();
      QCOMPARE(c.needs_value_phase(), a != "bc" && a != "td3bc");
      QCOMPARE(spec.learned_weights, a == "vaco");  // only VACO's weights come from a meta-scorer
    }
    QCOMPARE(algorithm_choices(), std::string("vaco, bc, bc-recip, awr, iql or td3bc"));
  }

  void surprising_settings_get_a_note_and_ordinary_ones_none() {
    train::TrainConfig c;
    QVERIFY(train::config_notes(c).empty());
    c.vaco.meta_lr = 0.0;
    c.validate();  // valid: the frozen-scorer ablation
    const auto notes = train::config_notes(c);
    QCOMPARE(notes.size(), size_t{1});
    QVERIFY(notes[0].find("vaco.meta_lr=0 freezes the meta-scorer") != std::string::npos);
    c.vaco.inner_lr = 0.0;
    QCOMPARE(train::config_notes(c).size(), size_t{2});
    c.algo = "bc";  // VACO's settings do not matter to BC
    QVERIFY(train::config_notes(c).empty());
  }

  void out_of_range_values_print_as_typed() {
    train::TrainConfig c;
    c.vaco.inner_lr = -1.0;
    try {
      c.validate();
      QFAIL("a negative inner_lr was accepted");
    } catch (const Error& e) {
      QCOMPARE(std::string(e.what()), std::string("vaco.inner_lr must be >= 0, got -1"));
    }
  }

  void json_round_trip_keeps_every_setting() {
    TrainConfig c;
    c.algo = "iql";
    c.steps = 123;
    c.seed = 7;
    c.vaco.meta_lr = 1.5e-4;
    c.vaco.normalization = algos::WeightNormalization::SoftmaxBatch;
    c.vaco.meta_gradient = algos::MetaGradient::DoubleBackward;
    c.vaco.guard.kl_penalty = 0.25;
    c.iql.update_critic = false;
    c.td3bc.policy_freq = 3;
    c.tf32 = true;
    const nlohmann::json j = config_to_json(c);
    QVERIFY(j["tf32"].get<bool>());
    QCOMPARE(j["vaco"]["guard"]["kl_penalty"].get<double>(), 0.25);
    QCOMPARE(j["vaco"]["normalization"].get<std::string>(), std::string("softmax"));
    const TrainConfig back = config_from_json(j);
    QCOMPARE(config_to_json(back), j);
    QCOMPARE(back.steps, int64_t{123});
    QCOMPARE(back.vaco.meta_gradient, algos::MetaGradient::DoubleBackward);

    const std::string path = test::tempPath("config.json").toStdString();
    save_config(c, path);
    QCOMPARE(config_to_json(load_config(path)), j);
  }

  void partial_json_keeps_defaults() {
    const TrainConfig c = config_from_json(nlohmann::json{{"algo", "bc"}, {"bc", {{"lr", 0.001}}}});
    QCOMPARE(c.algo, std::string("bc"));
    QCOMPARE(c.bc.lr, 0.001);
    QCOMPARE(c.steps, TrainConfig{}.steps);
  }

  void overrides_use_dotted_keys() {
    TrainConfig c;
    apply_override(c, "vaco.meta_lr=0.01");
    apply_override(c, "steps=500");
    apply_override(c, "vaco.guard.ess_floor=0");
    apply_override(c, "vaco.update_critic=true");
    apply_override(c, "vaco.decay=cosine");
    apply_override(c, "algo=td3bc");
    apply_override(c, "tf32=true");
    QVERIFY(c.tf32);
    QCOMPARE(c.vaco.meta_lr, 0.01);
    QCOMPARE(c.steps, int64_t{500});
    QCOMPARE(c.vaco.guard.ess_floor, 0.0);
    QVERIFY(c.vaco.update_critic);
    QCOMPARE(c.vaco.decay, algos::NoiseDecay::Cosine);
    QCOMPARE(c.algo, std::string("td3bc"));
  }

  void bad_settings_give_one_line_errors() {
    TrainConfig c;
    expect_error([&] { apply_override(c, "vaco.alpha=0.01"); }, "unknown setting 'vaco.alpha'");
    expect_error([&] { apply_override(c, "steps=many"); }, "steps must be an integer");
    expect_error([&] { apply_override(c, "steps=1.5"); }, "steps");
    expect_error([&] { apply_override(c, "vaco.update_critic=maybe"); }, "true or false");
    expect_error([&] { apply_override(c, "vaco.decay=sawtooth"); }, "vaco.decay");
    expect_error([&] { apply_override(c, "noequals"); }, "key=value");
    expect_error([] { config_from_json(nlohmann::json{{"stepz", 3}}); }, "unknown setting 'stepz'");
    expect_error([] { config_from_json(nlohmann::json{{"vaco", {{"meta_lr", "fast"}}}}); }, "vaco.meta_lr");
    expect_error([] { config_from_json(nlohmann::json{{"seed", -1}}); }, "seed");
    expect_error([] { load_config("/nonexistent/dir/c.json"); }, "cannot open");

    const auto invalid = [](const std::string& set) {
      TrainConfig t;
      t.device = "cpu";
      apply_override(t, set);
      t.validate();
    };
    expect_error([&] { invalid("vaco.policy_lr=-0.001"); }, "vaco.policy_lr");
    expect_error([&] { invalid("value.lr=-1"); }, "value.lr");
    expect_error([&] { invalid("algo=sac"); }, "unknown algorithm 'sac'");
    expect_error([&] { invalid("batch_size=0"); }, "batch_size");
    expect_error([&] { invalid("steps=-5"); }, "steps");
    expect_error([&] { invalid("device=tpu"); }, "bad device 'tpu'");
    expect_error([&] { invalid("reward_transform=square"); }, "square");
    expect_error([&] { invalid("vaco.centre_fraction=1.5"); }, "vaco.centre_fraction must be in [0, 1], got 1.5");
    expect_error([&] { invalid("vaco.centre_fraction=-0.1"); }, "vaco.centre_fraction");
    expect_error([&] { invalid("vaco.centre_expectile=1"); }, "vaco.centre_expectile must be in");
    expect_error([&] { invalid("vaco.centre_expectile=0"); }, "vaco.centre_expectile");
    expect_error([&] { apply_override(c, "eval_background=sometimes"); }, "true or false");
  }

  void settings_apply_to_the_algorithms_of_their_section() {
    QVERIFY(setting_applies("weighted_bc.awr_beta", "awr"));
    QVERIFY(!setting_applies("weighted_bc.awr_beta", "bc-recip"));
    QVERIFY(setting_applies("weighted_bc.lr", "bc-recip") && setting_applies("weighted_bc.lr", "awr"));
    QVERIFY(setting_applies("value.gamma", "iql") && !setting_applies("value.gamma", "bc"));
    QVERIFY(setting_applies("steps", "td3bc") && !setting_applies("steps", "dqn"));
    // The demo's settings are VACO's.
    for (const auto& [key, value] : DemoPreset::settings) {
      QVERIFY2(setting_applies(key, "vaco"), key);
      QVERIFY2(!setting_applies(key, "iql") && !setting_applies(key, "bc"), key);
    }
  }

  void setting_errors_name_their_key() {
    // A form marks the field at fault by the key the error carries, not by parsing its text.
    const std::pair<const char*, const char*> cases[] = {
        {"vaco.policy_lr=-0.001", "vaco.policy_lr"}, {"value.lr=-1", "value.lr"},
        {"batch_size=0", "batch_size"},              {"device=tpu", "device"},
        {"vaco.sigma_end=0.5", "vaco.sigma_end"},    {"steps=many", "steps"},
        {"vaco.decay=sawtooth", "vaco.decay"},       {"algo=sac", "algo"},
        {"vaco.alpha=0.01", "vaco.alpha"},           {"vaco.guard.ess_floor=1.5", "vaco.guard.ess_floor"}};
    for (const auto& [set, key] : cases) {
      try {
        TrainConfig t;
        t.device = "cpu";
        apply_override(t, set);
        t.validate();
        QFAIL((std::string("no error for ") + set).c_str());
      } catch (const SettingError& e) {
        QCOMPARE(QString::fromStdString(e.key()), QString(key));
      }
    }
  }

  void cuda_is_checked() {
    QCOMPARE(resolve_device("cpu"), torch::Device(torch::kCPU));
    if (torch::cuda::is_available()) {
      QVERIFY(resolve_device("auto").is_cuda());
      QVERIFY(resolve_device("cuda:0").is_cuda());
      expect_error([] { resolve_device("cuda:999"); }, "cuda:999");
    } else {
      QCOMPARE(resolve_device("auto"), torch::Device(torch::kCPU));
      expect_error([] { resolve_device("cuda"); }, "CUDA is not available");
      expect_error([] { resolve_device("cuda:1"); }, "CUDA is not available");
      // The message names what is missing: a device (the setup's libtorch has the CUDA backend),
      // or the backend itself (a CPU-only libtorch, or the package without vaco-studio-cuda).
      expect_error([] { resolve_device("cuda"); },
                   vaco::cuda_backend_loaded() ? "no CUDA device or driver was found" : "has no CUDA backend");
    }
    QCOMPARE(vaco::cuda_available(), torch::cuda::is_available());
    expect_error([] { resolve_device("cuda:x"); }, "bad device");
  }
};

QTEST_APPLESS_MAIN(TestTrainConfig)
#include "test_train_config.moc"
