// The Trainer on a small projectile dataset: phases in order, the run dir's files, metrics and
// evaluations reaching the sinks (inline and in the background), reproducibility, a NaN loss
// stopping the run with a message naming it, a stop flag, and a dataset whose environment is unknown.
#include "core/envs/projectile.h"
#include "core/nets/policy.h"
#include "core/train/background_evaluation.h"
#include "core/train/csv_eval_sink.h"
#include "core/train/projectile_report.h"
#include "core/train/value_source.h"
#include "core/algos/vaco.h"
#include "core/train/run_dir.h"
#include "core/train/saved_policy.h"
#include "core/train/trainer.h"

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <future>

#include "tests/support/projectile_runs.h"
#include "tests/support/test_support.h"

using namespace vaco;
using namespace vaco::train;

namespace {

// Records every call.
struct RecordingSink : MetricSink {
  std::vector<MetricRecord> records;
  std::vector<EvalRecord> evals;
  std::vector<std::string> notes;
  std::vector<RunStatus> finished;
  std::atomic<bool>* stop_on_first = nullptr;
  void on_record(const MetricRecord& r) override {
    records.push_back(r);
    if (stop_on_first) stop_on_first->store(true);
  }
  void on_eval(const EvalRecord& r) override { evals.push_back(r); }
  void on_note(const std::string& n) override { notes.push_back(n); }
  void on_finished(RunStatus s, const std::string&) override { finished.push_back(s); }
};

const Dataset& data() { return test::projectileDataset(2000, 3); }

TrainConfig small(const std::string& algo) { return test::smallProjectileConfig(algo); }

std::vector<nlohmann::json> read_jsonl(const std::string& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The "metrics" records of metrics.jsonl lines [from, to) without their timing (wall_time and
// the measured steps_per_s).
std::vector<nlohmann::json> metric_records(const std::vector<nlohmann::json>& lines, size_t from, size_t to) {
  std::vector<nlohmann::json> out;
  for (size_t i = from; i < to; ++i) {
    if (lines[i]["type"] != "metrics") continue;
    nlohmann::json r = lines[i];
    r.erase("wall_time");
    r["values"].erase("steps_per_s");
    out.push_back(r);
  }
  return out;
}

}  // namespace

class TestTrainer : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { torch::set_num_threads(1); }

  void vaco_runs_value_then_policy_phase() {
    Trainer t(small("vaco"), data());
    auto sink = std::make_shared<RecordingSink>();
    t.add_sink(sink);
    QCOMPARE(t.total_steps(), int64_t{100});
    QCOMPARE(t.phase(), Phase::Value);
    for (int i = 0; i < 40; ++i) QVERIFY(t.step());
    QCOMPARE(t.phase(), Phase::Policy);
    const RunResult r = t.run();
    QCOMPARE(r.status, RunStatus::Completed);
    QCOMPARE(t.global_step(), int64_t{100});
    QVERIFY(!t.step());
    // value records at 20, 40; policy records at 60, 80, 100.
    QCOMPARE(sink->records.size(), size_t{5});
    QCOMPARE(sink->records[1].phase, std::string("value"));
    QCOMPARE(sink->records[1].step, int64_t{40});
    QVERIFY(sink->records[1].values.count("q_loss"));
    QCOMPARE(sink->records[2].phase, std::string("policy"));
    QVERIFY(sink->records[4].values.count("outer_loss"));
    QVERIFY(sink->records[4].values.count("ess"));
    QVERIFY(sink->records[4].wall_time >= sink->records[0].wall_time);
    // one evaluation at policy step 30 (global 70) and the final one.
    QCOMPARE(sink->evals.size(), size_t{2});
    QCOMPARE(sink->evals[0].step, int64_t{70});
    QVERIFY(r.last_eval.has_value());
    QCOMPARE(r.last_eval->episodes, int64_t{16});
    QVERIFY(std::isfinite(r.last_eval->score_mean));
    QCOMPARE(sink->finished, std::vector<RunStatus>{RunStatus::Completed});
  }

  void projectile_states_are_scaled_to_unit_range() {
    Trainer t(small("td3bc"), data());
    QCOMPARE(t.total_steps(), int64_t{60});  // no value phase
    QCOMPARE(t.critic(), std::shared_ptr<algos::ValuePretraining>{});
    const torch::Tensor n = t.state_stats().normalize(torch::tensor({{0.0f}, {10.0f}}));
    QVERIFY(torch::allclose(n, torch::tensor({{-1.0f}, {1.0f}})));
  }

  void run_dir_has_config_metrics_and_policy() {
    const std::string dir = test::tempPath("run-bc").toStdString();
    TrainConfig c = small("bc");
    {
      Trainer t(c, data(), dir);
      QCOMPARE(t.run().status, RunStatus::Completed);
      // The saved policy reproduces the trainer's actions.
      nets::Policy p(1, 1, nets::NetShape{.hidden = 32, .depth = 2});
      torch::load(p, dir + "/policy.pt");
      const torch::Tensor h = torch::linspace(0, 10, 11).unsqueeze(1);
      torch::NoGradGuard ng;
      QVERIFY(torch::allclose(p->forward(h / 5.0 - 1.0), t.act(h), 1e-5, 1e-6));
    }
    QCOMPARE(config_to_json(load_config(dir + "/config.json")), config_to_json(c));
    const auto lines = read_jsonl(dir + "/metrics.jsonl");
    QCOMPARE(lines.front()["type"].get<std::string>(), std::string("metrics"));
    QVERIFY(lines.front()["values"].contains("policy_loss"));
    QCOMPARE(lines.back()["type"].get<std::string>(), std::string("finished"));
    QCOMPARE(lines.back()["status"].get<std::string>(), std::string("completed"));
    int evals = 0;
    for (const auto& l : lines) evals += l["type"] == "eval";
    QCOMPARE(evals, 2);
    QVERIFY(std::filesystem::exists(dir + "/normalization.json"));

    // The run dir reads back into a policy that acts like the trainer's.
    train::SavedPolicy saved = load_saved_policy(dir);
    QCOMPARE(saved.env_id, std::string("projectile"));
    Trainer again(c, data());
    again.run();
    const torch::Tensor h = torch::linspace(0, 10, 11).unsqueeze(1);
    QVERIFY(torch::allclose(saved.act(h), again.act(h), 1e-5, 1e-6));
    const EvalResult e = evaluate_saved_policy(saved, {.episodes = 16, .seed = c.seed + 1000000});
    QCOMPARE(e.episodes, int64_t{16});
  }

  void projectile_report_scores_the_optimal_policy_100() {
    const HeightPolicy optimal = [](const torch::Tensor& h) {
      torch::Tensor a = h.to(torch::kFloat64).contiguous().clone();
      double* p = a.data_ptr<double>();
      for (int64_t i = 0; i < a.numel(); ++i) p[i] = projectile::angle_to_action(projectile::optimal_angle(p[i]));
      return a;
    };
    const ProjectileReport r = projectile_report(optimal, {0.0, 5.0, 10.0});
    QVERIFY(std::abs(r.score - 100.0) < 1e-6);
    QVERIFY(r.mean_angle_error_deg < 1e-6);
    QVERIFY(std::abs(r.angles_deg[0] - 45.0) < 1e-6);
    QVERIFY(std::abs(r.mean_range - r.optimal_mean_range) < 1e-9);
    const ProjectileReport flat = projectile_report([](const torch::Tensor& h) { return torch::zeros_like(h); }, {5.0});
    QVERIFY(flat.score < 100.0);
    QVERIFY(std::abs(flat.angles_deg[0]) < 1e-9);
  }

  void same_seed_same_policy() {
    Trainer a(small("iql"), data()), b(small("iql"), data());
    a.run();
    b.run();
    const torch::Tensor h = torch::linspace(0, 10, 21).unsqueeze(1);
    QVERIFY(torch::equal(a.act(h), b.act(h)));
    TrainConfig other = small("iql");
    other.seed = 6;
    Trainer c(other, data());
    c.run();
    QVERIFY(!torch::equal(a.act(h), c.act(h)));
  }

  void nan_loss_stops_with_a_clear_message() {
    Dataset ds = data();
    ds.rewards = ds.rewards.clone();
    ds.rewards.index_put_({5}, std::numeric_limits<float>::quiet_NaN());
    TrainConfig c = small("vaco");
    c.batch_size = 2000;  // every batch sees the NaN with near certainty
    auto sink = std::make_shared<RecordingSink>();
    Trainer t(c, ds);
    t.add_sink(sink);
    const RunResult r = t.run();
    QCOMPARE(r.status, RunStatus::Failed);
    QVERIFY2(r.message.find("non-finite") != std::string::npos, r.message.c_str());
    QVERIFY2(r.message.find("_loss") != std::string::npos, r.message.c_str());
    QVERIFY2(r.message.find("at step 20 in the value phase") != std::string::npos, r.message.c_str());
    QCOMPARE(t.global_step(), int64_t{20});
    QCOMPARE(sink->finished, std::vector<RunStatus>{RunStatus::Failed});
  }

  void stop_flag_interrupts_between_steps() {
    std::atomic<bool> stop{false};
    auto sink = std::make_shared<RecordingSink>();
    sink->stop_on_first = &stop;
    TrainConfig c = small("bc");
    c.eval_episodes = 0;
    Trainer t(c, data());
    t.add_sink(sink);
    const RunResult r = t.run(&stop);
    QCOMPARE(r.status, RunStatus::Interrupted);
    QCOMPARE(t.global_step(), int64_t{20});
    QVERIFY(!r.last_eval.has_value());
  }

  void evaluation_runs_the_tasks_protocol_by_default() {
    TrainConfig c = small("bc");
    c.eval_episodes = TrainConfig{}.eval_episodes;  // -1: the task's own count (the toy: 10)
    QCOMPARE(c.eval_episodes, int64_t{-1});
    Trainer t(c, data());
    const RunResult r = t.run();
    QCOMPARE(r.status, RunStatus::Completed);
    QVERIFY(r.last_eval.has_value());
    QCOMPARE(r.last_eval->episodes, int64_t{10});
    c.eval_episodes = -2;
    QVERIFY_THROWS_EXCEPTION(Error, c.validate());
  }

  void unknown_environment_skips_evaluation_with_a_note() {
    Dataset ds = data();
    ds.env_name = "nosuchenv-medium-v2";
    TrainConfig c = small("bc");
    auto sink = std::make_shared<RecordingSink>();
    Trainer t(c, ds);
    t.add_sink(sink);
    const RunResult r = t.run();
    QCOMPARE(r.status, RunStatus::Completed);
    QVERIFY(!r.last_eval.has_value());
    QCOMPARE(sink->notes.size(), size_t{1});
    QVERIFY(sink->notes[0].find("evaluation skipped") != std::string::npos);
  }

  void resume_from_checkpoint_matches_an_uninterrupted_run_data() {
    QTest::addColumn<QString>("algo");
    QTest::addColumn<int>("at");  // a global step inside the policy phase (td3bc: odd, mid actor delay)
    QTest::addColumn<bool>("trust");  // VACO's trust guard: its floor moves every 10 steps
    QTest::addColumn<bool>("centred");  // VACO's state centre: a network and an optimizer more
    QTest::newRow("vaco") << "vaco" << 70 << false << false;
    QTest::newRow("vaco, trust guard") << "vaco" << 75 << true << false;
    QTest::newRow("vaco, state centred") << "vaco" << 70 << false << true;
    QTest::newRow("td3bc") << "td3bc" << 45 << false << false;
    QTest::newRow("iql") << "iql" << 70 << false << false;
  }
  void resume_from_checkpoint_matches_an_uninterrupted_run() {
    QFETCH(QString, algo);
    QFETCH(int, at);
    QFETCH(bool, trust);
    QFETCH(bool, centred);
    TrainConfig c = small(algo.toStdString());
    c.checkpoint_every = at;
    if (trust) {
      c.vaco.guard.trust_floor = 0.9;
      c.vaco.guard.trust_every = 10;
    }
    c.vaco.state_centred = centred;
    c.eval_episodes = 0;
    const std::string dir =
        test::tempPath("run-ckpt-" + algo + (trust ? "-trust" : "") + (centred ? "-centred" : "")).toStdString();
    Trainer full(c, data(), dir);
    QCOMPARE(full.run().status, RunStatus::Completed);
    const std::string ckpt = dir + "/checkpoints/" + checkpoint_file_name(at);
    QVERIFY2(std::filesystem::exists(ckpt), ckpt.c_str());
    const size_t full_lines = read_jsonl(dir + "/metrics.jsonl").size();
    Trainer resumed(c, data(), dir, true);
    QCOMPARE(resumed.global_step(), int64_t(at));
    QCOMPARE(resumed.run().status, RunStatus::Completed);
    const torch::Tensor h = torch::linspace(0, 10, 21).unsqueeze(1);
    QVERIFY(torch::equal(full.act(h), resumed.act(h)));
    // The resumed run's records equal the unbroken run's from the checkpoint on, exactly
    // (only wall_time and steps_per_s differ), including a record whose window straddles the checkpoint.
    const auto lines = read_jsonl(dir + "/metrics.jsonl");
    std::vector<nlohmann::json> expected;
    for (const auto& r : metric_records(lines, 0, full_lines))
      if (r["step"].get<int64_t>() > at) expected.push_back(r);
    const std::vector<nlohmann::json> got = metric_records(lines, full_lines, lines.size());
    QVERIFY(!expected.empty());
    QCOMPARE(got.size(), expected.size());
    for (size_t i = 0; i < got.size(); ++i) QVERIFY2(got[i] == expected[i], got[i].dump().c_str());
    if (trust) {  // the floor in force is logged
      bool logged = false;
      for (const auto& r : got) logged = logged || r["values"].contains("ess_floor");
      QVERIFY(logged);
    }
    // Without the checkpoint there is nothing to resume.
    QVERIFY_THROWS_EXCEPTION(Error, Trainer(c, data(), test::tempPath("no-ckpt").toStdString(), true));
  }

  void checkpoints_keep_the_newest_and_skip_a_corrupt_one() {
    TrainConfig c = small("bc");
    c.eval_episodes = 0;
    c.checkpoint_every = 10;
    c.checkpoint_keep = 2;
    const std::string dir = test::tempPath("run-keep").toStdString();
    {
      Trainer t(c, data(), dir);
      QCOMPARE(t.run().status, RunStatus::Completed);
    }
    // Steps 10..50 were written; the newest two are kept.
    const std::vector<std::string> kept = list_checkpoints(dir + "/checkpoints");
    QCOMPARE(kept.size(), size_t{2});
    QCOMPARE(std::filesystem::path(kept[0]).filename().string(), checkpoint_file_name(50));
    QCOMPARE(std::filesystem::path(kept[1]).filename().string(), checkpoint_file_name(40));
    // A truncated newest checkpoint: resume says so and falls back to the older one.
    std::filesystem::resize_file(kept[0], std::filesystem::file_size(kept[0]) / 2);
    {
      Trainer resumed(c, data(), dir, true);
      QCOMPARE(resumed.global_step(), int64_t{40});
      QCOMPARE(resumed.resume_notes().size(), size_t{1});
      QVERIFY2(resumed.resume_notes()[0].find(checkpoint_file_name(50)) != std::string::npos,
               resumed.resume_notes()[0].c_str());
      QVERIFY2(resumed.resume_notes()[0].find(checkpoint_file_name(40)) != std::string::npos,
               resumed.resume_notes()[0].c_str());
    }
    const auto lines = read_jsonl(dir + "/metrics.jsonl");
    bool noted = false;
    for (const auto& l : lines) noted = noted || (l["type"] == "note" && l["message"].get<std::string>().find("cannot read") != std::string::npos);
    QVERIFY(noted);
    // Every checkpoint unreadable: resume fails with the reason.
    for (const auto& f : kept) std::filesystem::resize_file(f, 10);
    QVERIFY_THROWS_EXCEPTION(Error, Trainer(c, data(), dir, true));
    // A run dir of the old layout (a single checkpoint.pt) still resumes.
    std::filesystem::remove_all(dir + "/checkpoints");
    {
      Trainer t(c, data());
      for (int i = 0; i < 30; ++i) QVERIFY(t.step());
      t.save_checkpoint(dir + "/checkpoint.pt");
    }
    Trainer legacy(c, data(), dir, true);
    QCOMPARE(legacy.global_step(), int64_t{30});
    // checkpoint_keep must be >= 1.
    c.checkpoint_keep = 0;
    QVERIFY_THROWS_EXCEPTION(Error, c.validate());
  }

  void background_evaluations_equal_inline_ones() {
    // The same run with evaluations inline and on their own thread: the same records at the same
    // steps, in step order, and the same trained policy (evaluating never touches training's state).
    std::vector<std::vector<EvalRecord>> evals;
    std::vector<torch::Tensor> actions;
    for (const bool background : {false, true}) {
      TrainConfig c = small("vaco");
      c.steps = 120;
      c.eval_every = 20;
      c.eval_background = background;
      auto sink = std::make_shared<RecordingSink>();
      Trainer t(c, data());
      t.add_sink(sink);
      QCOMPARE(t.run().status, RunStatus::Completed);
      evals.push_back(sink->evals);
      actions.push_back(t.act(torch::linspace(0, 10, 21).unsqueeze(1)));
    }
    QCOMPARE(evals[0].size(), size_t{6});  // policy steps 20, 40, ..., 100 and the final one
    QCOMPARE(evals[1].size(), evals[0].size());
    bool policy_moved = false;
    for (size_t i = 0; i < evals[0].size(); ++i) {
      QCOMPARE(evals[1][i].step, int64_t(60 + 20 * i));
      QCOMPARE(evals[1][i].step, evals[0][i].step);
      QCOMPARE(evals[1][i].result.returns, evals[0][i].result.returns);
      if (i > 0) policy_moved = policy_moved || evals[0][i].result.returns != evals[0][i - 1].result.returns;
    }
    QVERIFY(policy_moved);  // each evaluation measured a different policy
    QVERIFY(torch::equal(actions[0], actions[1]));
  }

  void an_evaluation_cut_off_after_its_checkpoint_is_redone_on_resume() {
    // The checkpoint at an evaluation's step does not wait for that evaluation. When the process
    // ends before it lands, the resumed run evaluates the restored policy at that step, so its
    // eval.csv equals an unbroken run's.
    TrainConfig c = small("bc");
    c.steps = 80;
    c.eval_every = 20;
    c.checkpoint_every = 40;
    const std::string whole = test::tempPath("eval-whole").toStdString(), cut = test::tempPath("eval-cut").toStdString();
    for (const auto& d : {whole, cut}) std::filesystem::remove_all(d);
    QCOMPARE(Trainer(c, data(), whole).run().status, RunStatus::Completed);
    {
      Trainer t(c, data(), cut);
      while (t.global_step() < 40) QVERIFY(t.step());
    }  // ends as a crash would: the evaluation at step 40, if still running, is dropped
    // ... and if it landed first, remove it, as a crash before it landed would have left the file.
    std::vector<std::string> kept;
    for (const std::string& line : read_lines(cut + "/eval.csv"))
      if (line.rfind("40,", 0) != 0) kept.push_back(line);
    std::ofstream(cut + "/eval.csv") << [&] {
      std::string text;
      for (const std::string& line : kept) text += line + "\n";
      return text;
    }();
    QCOMPARE(read_eval_csv(cut + "/eval.csv").size(), size_t{1});  // only step 20 is left
    Trainer resumed(c, data(), cut, /*resume=*/true);
    QCOMPARE(resumed.global_step(), int64_t{40});
    QCOMPARE(resumed.run().status, RunStatus::Completed);
    const auto a = read_eval_csv(whole + "/eval.csv"), b = read_eval_csv(cut + "/eval.csv");
    QCOMPARE(b.size(), size_t{4});  // 20, 40, 60 and the final 80
    QCOMPARE(b.size(), a.size());
    for (size_t i = 0; i < a.size(); ++i) {
      QCOMPARE(b[i].step, a[i].step);
      QCOMPARE(b[i].return_mean, a[i].return_mean);
      QCOMPARE(b[i].score_mean, a[i].score_mean);
    }
  }

  void background_evaluation_hands_back_results_and_errors() {
    BackgroundEvaluation background;
    QVERIFY(!background.wait().has_value());  // none started
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    background.start(7, 1.5, [released] {
      released.wait();
      return EvalResult{.episodes = 3, .score_mean = 42.0};
    });
    QVERIFY(background.pending());
    QVERIFY(!background.take_finished().has_value());  // still running
    QVERIFY_THROWS_EXCEPTION(Error, background.start(8, 2.0, [] { return EvalResult{}; }));
    release.set_value();
    const std::optional<EvalRecord> r = background.wait();
    QVERIFY(r.has_value());
    QCOMPARE(r->step, int64_t{7});
    QCOMPARE(r->wall_time, 1.5);
    QCOMPARE(r->result.score_mean, 42.0);
    QVERIFY(!background.pending());
    background.start(9, 3.0, []() -> EvalResult { throw Error("the environment broke"); });
    QVERIFY_THROWS_EXCEPTION(Error, background.wait());
    QVERIFY(!background.pending());
  }

  void eval_csv_has_one_header_and_a_line_per_evaluation() {
    const std::string path = test::tempPath("eval.csv").toStdString();
    std::filesystem::remove(path);
    {
      CsvEvalSink sink(path);
      sink.on_eval(EvalRecord{.step = 10, .wall_time = 1.5,
                              .result = EvalResult{.episodes = 4, .return_mean = 2.25, .return_std = 0.5,
                                                   .score_mean = 50, .score_std = 3}});
      // Flushed as written.
      QCOMPARE(read_lines(path).size(), size_t{2});
    }
    {
      CsvEvalSink again(path);  // a resumed run appends without a second header
      again.on_eval(EvalRecord{.step = 20, .wall_time = 0.25, .result = EvalResult{.episodes = 4}});
    }
    const auto lines = read_lines(path);
    QCOMPARE(lines.size(), size_t{3});
    QCOMPARE(lines[0], std::string("step,wall_time,return_mean,return_std,score_mean,score_std,episodes"));
    QCOMPARE(lines[1], std::string("10,1.500000,2.25,0.5,50,3,4"));
    QCOMPARE(lines[2], std::string("20,0.250000,0,0,0,0,4"));
    QVERIFY_THROWS_EXCEPTION(Error, CsvEvalSink("/nonexistent-dir/eval.csv"));

    // A run writes one line per evaluation: at policy step 30 and the final one.
    const std::string dir = test::tempPath("run-csv").toStdString();
    Trainer t(small("bc"), data(), dir);
    QCOMPARE(t.run().status, RunStatus::Completed);
    const auto run_lines = read_lines(dir + "/eval.csv");
    QCOMPARE(run_lines.size(), size_t{3});
    QVERIFY(run_lines[1].rfind("30,", 0) == 0);
    QVERIFY(run_lines[2].rfind("60,", 0) == 0);
  }

  void interrupted_run_checkpoints_and_resumes() {
    std::atomic<bool> stop{false};
    auto sink = std::make_shared<RecordingSink>();
    sink->stop_on_first = &stop;
    TrainConfig c = small("bc");
    c.eval_episodes = 0;
    const std::string dir = test::tempPath("run-int").toStdString();
    {
      Trainer t(c, data(), dir);
      t.add_sink(sink);
      QCOMPARE(t.run(&stop).status, RunStatus::Interrupted);
    }
    QVERIFY(std::filesystem::exists(dir + "/checkpoints/" + checkpoint_file_name(20)));
    Trainer resumed(c, data(), dir, true);
    QCOMPARE(resumed.global_step(), int64_t{20});
    QCOMPARE(resumed.learner().steps(), int64_t{20});
    QCOMPARE(resumed.run().status, RunStatus::Completed);
    const auto lines = read_jsonl(dir + "/metrics.jsonl");
    QCOMPARE(lines.back()["status"].get<std::string>(), std::string("completed"));
  }

  void value_from_reuses_a_pretrained_critic() {
    // A value-only run (no policy steps) leaves value.pt when its value phase ends.
    const std::string src = test::tempPath("run-value-src").toStdString();
    TrainConfig c = small("iql");
    c.steps = 0;
    c.eval_episodes = 0;
    std::vector<torch::Tensor> trained;
    {
      Trainer t(c, data(), src);
      QCOMPARE(t.run().status, RunStatus::Completed);
      for (const auto& p : t.critic()->q()->parameters()) trained.push_back(p.detach().clone());
      for (const auto& p : t.critic()->v()->parameters()) trained.push_back(p.detach().clone());
    }
    QVERIFY(std::filesystem::exists(RunDir(src).value_pt()));

    // A VACO run on the same data takes that critic and starts with its policy phase.
    const std::string dir = test::tempPath("run-value-reused").toStdString();
    TrainConfig v = small("vaco");
    v.value_from = src;
    v.vaco.advantage_input = true;
    Trainer reused(v, data(), dir);
    QCOMPARE(reused.total_steps(), v.steps);
    QCOMPARE(reused.phase(), Phase::Policy);
    std::vector<torch::Tensor> loaded;
    for (const auto& p : reused.critic()->q()->parameters()) loaded.push_back(p);
    for (const auto& p : reused.critic()->v()->parameters()) loaded.push_back(p);
    QCOMPARE(loaded.size(), trained.size());
    for (size_t i = 0; i < loaded.size(); ++i) QVERIFY(torch::equal(loaded[i], trained[i]));

    // The advantage input is Q(s, a) - V(s) of that critic.
    auto& vaco = dynamic_cast<algos::Vaco&>(reused.learner());
    const torch::Tensor obs = torch::linspace(-1, 1, 7).unsqueeze(1), act = torch::linspace(-0.5, 0.5, 7).unsqueeze(1);
    {
      torch::NoGradGuard no_grad;
      const torch::Tensor expected = reused.critic()->q_value(obs, act) - reused.critic()->v()->forward(obs);
      QVERIFY(torch::allclose(vaco.scorer_value(obs, act), expected));
    }
    QCOMPARE(reused.run().status, RunStatus::Completed);
    for (const auto& line : read_jsonl(dir + "/metrics.jsonl"))
      QVERIFY(line.value("phase", std::string()) != "value");
    QCOMPARE(load_config(dir + "/config.json").value_from, src);
  }

  void value_from_refuses_a_different_critic() {
    const std::string src = test::tempPath("run-value-src2").toStdString();
    TrainConfig c = small("iql");
    c.steps = 0;
    c.eval_episodes = 0;
    QCOMPARE(Trainer(c, data(), src).run().status, RunStatus::Completed);
    const auto fails_with = [](const TrainConfig& v, const std::string& part) {
      std::string message;
      try {
        Trainer t(v, data());
      } catch (const Error& e) {
        message = e.what();
      }
      return message.find(part) != std::string::npos;
    };
    TrainConfig v = small("vaco");
    v.value_from = src;
    v.value.expectile = 0.9;
    QVERIFY(fails_with(v, "value.expectile"));
    v = small("awr");
    v.value_from = src;
    v.hidden = 16;
    QVERIFY(fails_with(v, "hidden"));
    v = small("vaco");
    v.value_from = test::tempPath("no-such-run").toStdString();
    QVERIFY(fails_with(v, "has no value.pt"));
    v = small("bc");
    v.value_from = src;
    QVERIFY(fails_with(v, "has no value phase"));
  }

  void bad_config_fails_before_work() {
    TrainConfig c = small("vaco");
    c.vaco.policy_lr = -1;
    const std::string dir = test::tempPath("run-bad").toStdString();
    QVERIFY_THROWS_EXCEPTION(Error, Trainer(c, data(), dir));
    QVERIFY(!std::filesystem::exists(dir));
  }
};

QTEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
