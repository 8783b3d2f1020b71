// CUDA graph replay of a learner's step (algos::StepGraph): on the CPU it is update() itself and
// the metric sums it would write into survive a drain in place; on CUDA a replayed step gives what
// the eager step gives (parameters, metrics, counters) after 100 steps of BC, value pretraining and
// VACO. Without a GPU (or without the graph plugin) the CUDA cases report SKIP, never PASS.
#include "core/algos/bc.h"
#include "core/algos/fused_adam.h"
#include "core/algos/step_graph.h"
#include "core/algos/vaco.h"
#include "core/algos/value_pretraining.h"
#include "core/util/cuda_backend.h"
#include "core/util/cuda_graph.h"

#include <QtTest>

#include <functional>
#include <memory>

using namespace vaco;

namespace {

Transitions hopper_shaped(int64_t n) {
  torch::manual_seed(5);
  Transitions t;
  t.observations = torch::randn({n, 17});
  t.actions = torch::rand({n, 6}) * 2 - 1;
  t.rewards = torch::randn({n});
  t.next_observations = torch::randn({n, 17});
  t.dones = (torch::rand({n}) < 0.01).to(torch::kFloat32);
  return t;
}

// A learner with what it steps on: its sampler and (for VACO) its critic.
struct Setup {
  std::unique_ptr<algos::BatchSampler> sampler;
  std::shared_ptr<algos::ValuePretraining> critic;
  std::unique_ptr<algos::Algorithm> learner;
};

Setup make(const std::string& algo, torch::Device d) {
  Setup s;
  const algos::RunContext ctx{.device = d, .seed = 3, .obs_dim = 17, .act_dim = 6};
  s.sampler = std::make_unique<algos::BatchSampler>(hopper_shaped(4000), d, 128, 11);
  if (algo == "bc") {
    s.learner = std::make_unique<algos::Bc>(algos::BcConfig{}, ctx);
  } else {
    s.critic = std::make_shared<algos::ValuePretraining>(algos::ValueConfig{}, ctx);
    if (algo == "value") return Setup{std::move(s.sampler), s.critic, nullptr};
    algos::VacoConfig c;
    c.schedule_steps = 100;  // σ_t decays over the test's steps
    auto vaco = std::make_unique<algos::Vaco>(c, ctx, s.critic);
    vaco->prepare_policy_phase(s.sampler->all());
    s.learner = std::move(vaco);
  }
  return s;
}

algos::Algorithm& learner_of(Setup& s) { return s.learner ? *s.learner : *s.critic; }

// Every parameter and optimizer moment of the learner, flattened in checkpoint order.
std::vector<torch::Tensor> state_of(algos::Algorithm& a) {
  algos::CheckpointParts parts;
  a.add_checkpoint_parts(parts);
  std::vector<torch::Tensor> out;
  for (const auto& [name, m] : parts.modules)
    for (const auto& p : m->parameters()) out.push_back(p.detach().cpu());
  for (const auto& [name, opt] : parts.optimizers)
    for (const auto& [key, st] : opt->state()) {
      (void)key;
      const auto& s = static_cast<const torch::optim::AdamParamState&>(*st);
      out.push_back(torch::full({1}, double(s.step())));
    }
  return out;
}

// `steps` steps of a fresh `algo` learner on `d`, through a StepGraph when `graphed`; its state
// and the metrics of the last 50 steps.
std::pair<std::vector<torch::Tensor>, std::map<std::string, double>> run(const std::string& algo, torch::Device d,
                                                                         bool graphed, int steps, bool* captured) {
  Setup s = make(algo, d);
  algos::Algorithm& a = learner_of(s);
  algos::StepGraph graph;
  std::map<std::string, double> metrics;
  for (int i = 0; i < steps; ++i) {
    if (i == steps - 50) (void)a.metrics().drain();
    if (graphed)
      graph.step(a, s.sampler->sample());
    else
      a.update(s.sampler->sample());
  }
  metrics = a.metrics().drain();
  if (captured) *captured = graph.captured();
  auto st = state_of(a);
  st.push_back(torch::full({1}, double(a.steps())));
  return {st, metrics};
}

}  // namespace

class TestStepGraph : public QObject {
  Q_OBJECT
 private slots:
  void metric_sums_are_zeroed_in_place() {
    algos::MetricAccumulator m;
    m.add("loss", torch::tensor(2.0));
    m.add("loss", torch::tensor(4.0));
    m.add_scalar("sigma", 0.5);
    auto first = m.drain();
    QCOMPARE(first.at("loss"), 3.0);
    QCOMPARE(first.at("sigma"), 0.5);
    QVERIFY(m.empty());
    QVERIFY(m.drain().empty());  // nothing since: no stale means
    m.add("loss", torch::tensor(10.0));
    // A replay of a graph that added "loss" twice counts twice more (its kernels added the values).
    const std::vector<int64_t> before{0}, after{2};
    m.count_replay(before, after);
    QCOMPARE(m.counts(), std::vector<int64_t>{3});
    QCOMPARE(m.drain().at("loss"), 10.0 / 3.0);
    const std::vector<int64_t> none, two_slots{1, 1};
    QVERIFY_THROWS_EXCEPTION(Error, m.count_replay(none, two_slots));
  }

  void on_the_cpu_it_is_the_eager_step() {
    for (const std::string algo : {"bc", "vaco"}) {
      bool captured = true;
      auto [eager, em] = run(algo, torch::kCPU, false, 60, nullptr);
      auto [stepped, sm] = run(algo, torch::kCPU, true, 60, &captured);
      QVERIFY(!captured);
      QCOMPARE(eager.size(), stepped.size());
      for (size_t i = 0; i < eager.size(); ++i) QVERIFY2(torch::equal(eager[i], stepped[i]), algo.c_str());
      QCOMPARE(em, sm);
    }
  }

  void without_cuda_a_graph_says_why() {
    if (cuda_available()) QSKIP("CUDA is present: the reason is empty");
    QVERIFY(!cuda_graph_unavailable_reason().empty());
    QVERIFY_THROWS_EXCEPTION(Error, CudaGraph{});
  }

  void replayed_steps_equal_eager_steps_on_cuda_data() {
    QTest::addColumn<QString>("algo");
    QTest::newRow("bc") << "bc";
    QTest::newRow("value") << "value";
    QTest::newRow("vaco") << "vaco";
  }
  void replayed_steps_equal_eager_steps_on_cuda() {
    QFETCH(QString, algo);
    if (!cuda_available()) QSKIP("no CUDA device: the graphed step is not checked here");
    if (const std::string why = cuda_graph_unavailable_reason(); !why.empty()) QSKIP(why.c_str());
    const std::string name = algo.toStdString();
    bool captured = false;
    auto [eager, em] = run(name, torch::kCUDA, false, 100, nullptr);
    auto [graphed, gm] = run(name, torch::kCUDA, true, 100, &captured);
    QVERIFY(captured);
    QCOMPARE(eager.size(), graphed.size());
    for (size_t i = 0; i < eager.size(); ++i) {
      const double gap = (eager[i] - graphed[i]).abs().max().item<double>();
      const double scale = eager[i].abs().max().item<double>();
      QVERIFY2(gap <= 1e-4 * std::max(1.0, scale), (name + ": tensor " + std::to_string(i) + " differs by " +
                                                    std::to_string(gap)).c_str());
    }
    QCOMPARE(em.size(), gm.size());
    for (const auto& [k, v] : em) {
      QVERIFY2(gm.count(k), k.c_str());
      QVERIFY2(std::abs(v - gm.at(k)) <= 1e-3 * std::max(1.0, std::abs(v)), (name + ": metric " + k).c_str());
    }
  }
};

QTEST_GUILESS_MAIN(TestStepGraph)
#include "test_step_graph.moc"
