// CUDA graph replay of a learner's step (algos::StepGraph): on the CPU it is the eager step itself
// (one seed and two stacked) and the metric sums it would write into survive a drain in place; on
// CUDA a replayed step gives what the eager step gives (parameters, optimizer step counts, metrics,
// counters) after 100 steps of BC, value pretraining, VACO (default and with the annealed rate and
// live critic), IQL, AWR and TD3+BC (two graphs), one seed and three stacked. Without a GPU (or without the graph
// plugin) the CUDA cases report SKIP, never PASS.
#include "core/algos/bc.h"
#include "core/algos/fused_adam.h"
#include "core/algos/iql.h"
#include "core/algos/step_graph.h"
#include "core/algos/td3bc.h"
#include "core/algos/vaco.h"
#include "core/algos/value_pretraining.h"
#include "core/algos/weighted_bc.h"
#include "core/util/cuda_backend.h"
#include "core/util/cuda_graph.h"

#include <QtTest>

#include "tests/support/synthetic_transitions.h"

#include <functional>
#include <memory>

using namespace vaco;

namespace {


// A learner with what it steps on: its sampler and (for VACO) its critic.
struct Setup {
  std::unique_ptr<algos::BatchSampler> sampler;
  std::shared_ptr<algos::ValuePretraining> critic;
  std::unique_ptr<algos::Algorithm> learner;
};

// "bc", "value", "vaco" (defaults, cached critic), "vaco-live" (annealed policy rate and a critic
// that keeps training), "iql" (annealed actor rate), "awr", "td3bc" (two step forms: critic only,
// critic and delayed actor), on `d` from `seed`.
Setup make(const std::string& algo, torch::Device d, uint64_t seed = 3) {
  Setup s;
  const algos::RunContext ctx{.device = d, .seed = seed, .obs_dim = 17, .act_dim = 6};
  s.sampler = std::make_unique<algos::BatchSampler>(test::hopperShapedTransitions(4000, 5), d, 128, seed + 8);
  if (algo == "bc") {
    s.learner = std::make_unique<algos::Bc>(algos::BcConfig{}, ctx);
    return s;
  }
  if (algo == "td3bc") {
    s.learner = std::make_unique<algos::Td3Bc>(algos::Td3BcConfig{}, ctx);
    return s;
  }
  s.critic = std::make_shared<algos::ValuePretraining>(algos::ValueConfig{}, ctx);
  if (algo == "value") return s;
  if (algo == "iql") {
    algos::IqlConfig c;
    c.schedule_steps = 100;  // the actor's rate anneals over the test's steps
    s.learner = std::make_unique<algos::Iql>(c, ctx, s.critic);
  } else if (algo == "awr") {
    algos::WeightedBcConfig c;
    c.weight = algos::HeuristicWeight::Awr;
    s.learner = std::make_unique<algos::WeightedBc>(c, ctx, s.critic);
  } else {
    algos::VacoConfig c;
    c.schedule_steps = 100;  // σ_t (and the policy rate) decay over the test's steps
    if (algo == "vaco-live") {
      c.policy_lr_cosine = true;
      c.update_critic = true;
    }
    auto vaco = std::make_unique<algos::Vaco>(c, ctx, s.critic);
    vaco->prepare_policy_phase(s.sampler->all());
    s.learner = std::move(vaco);
  }
  return s;
}

algos::Algorithm& learner_of(Setup& s) { return s.learner ? *s.learner : static_cast<algos::Algorithm&>(*s.critic); }

// Every parameter and optimizer moment of the learner, flattened in checkpoint order.
std::vector<torch::Tensor> state_of(algos::Algorithm& a) {
  algos::CheckpointParts parts;
  a.add_step_parts(parts);
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

// `steps` steps of fresh `algo` learners of `seeds` seeds on `d` (stepped together when more than
// one), through a StepGraph when `graphed`; each seed's state and the metrics of its last 50 steps.
struct Outcome {
  std::vector<std::vector<torch::Tensor>> states;
  std::vector<std::map<std::string, double>> metrics;
  bool captured = false;
  size_t graphs = 0;  ///< graphs captured (one per step form)
};

Outcome run(const std::string& algo, torch::Device d, bool graphed, int steps, int seeds = 1) {
  std::vector<Setup> setups;
  std::vector<algos::Algorithm*> learners;
  for (int k = 0; k < seeds; ++k) setups.push_back(make(algo, d, 3 + k));
  for (auto& s : setups) learners.push_back(&learner_of(s));
  algos::StepGraph graph;
  for (int i = 0; i < steps; ++i) {
    if (i == steps - 50)
      for (auto* a : learners) (void)a->metrics().drain();
    std::vector<algos::Batch> batches;
    for (auto& s : setups) batches.push_back(s.sampler->sample());
    if (graphed)
      graph.step_seeds(learners, batches);
    else if (seeds == 1)
      learners.front()->update(batches.front());
    else
      learners.front()->update_seeds(learners, batches);
  }
  Outcome o;
  o.captured = graph.captured();
  o.graphs = graph.graph_count();
  for (auto* a : learners) {
    o.metrics.push_back(a->metrics().drain());
    auto st = state_of(*a);
    st.push_back(torch::full({1}, double(a->steps())));
    o.states.push_back(st);
  }
  return o;
}

// The largest gap between two outcomes' tensors and metrics, relative to their scale, as text ("" when within tolerance).
std::string gap(const std::string& name, const Outcome& a, const Outcome& b, double tol) {
  if (a.states.size() != b.states.size()) return name + ": seed counts differ";
  for (size_t k = 0; k < a.states.size(); ++k) {
    if (a.states[k].size() != b.states[k].size()) return name + ": state sizes differ";
    for (size_t i = 0; i < a.states[k].size(); ++i) {
      const double g = (a.states[k][i] - b.states[k][i]).abs().max().item<double>();
      if (g > tol * std::max(1.0, a.states[k][i].abs().max().item<double>()))
        return name + ": seed " + std::to_string(k) + " tensor " + std::to_string(i) + " differs by " + std::to_string(g);
    }
    if (a.metrics[k].size() != b.metrics[k].size()) return name + ": metric names differ";
    for (const auto& [key, v] : a.metrics[k]) {
      if (!b.metrics[k].count(key)) return name + ": metric " + key + " missing";
      if (std::abs(v - b.metrics[k].at(key)) > 10 * tol * std::max(1.0, std::abs(v))) return name + ": metric " + key + " differs";
    }
  }
  return "";
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
    for (const std::string algo : {"bc", "vaco", "vaco-live", "iql", "awr", "td3bc"}) {
      for (int seeds : {1, 2}) {
        const Outcome eager = run(algo, torch::kCPU, false, 60, seeds);
        const Outcome stepped = run(algo, torch::kCPU, true, 60, seeds);
        QVERIFY(!stepped.captured);
        const std::string g = gap(algo + " x" + std::to_string(seeds), eager, stepped, 0.0);
        QVERIFY2(g.empty(), g.c_str());
      }
    }
  }

  void without_cuda_a_graph_says_why() {
    if (cuda_available()) QSKIP("CUDA is present: the reason is empty");
    QVERIFY(!cuda_graph_unavailable_reason().empty());
    QVERIFY_THROWS_EXCEPTION(Error, CudaGraph{});
  }

  void replayed_steps_equal_eager_steps_on_cuda_data() {
    QTest::addColumn<QString>("algo");
    QTest::addColumn<int>("seeds");
    for (const char* algo : {"bc", "value", "vaco", "vaco-live", "iql", "awr", "td3bc"})
      for (int seeds : {1, 3}) QTest::newRow((std::string(algo) + " x" + std::to_string(seeds)).c_str()) << algo << seeds;
  }
  void replayed_steps_equal_eager_steps_on_cuda() {
    QFETCH(QString, algo);
    QFETCH(int, seeds);
    if (!cuda_available()) QSKIP("no CUDA device: the graphed step is not checked here");
    if (const std::string why = cuda_graph_unavailable_reason(); !why.empty()) QSKIP(why.c_str());
    const std::string name = algo.toStdString();
    const Outcome eager = run(name, torch::kCUDA, false, 100, seeds);
    const Outcome graphed = run(name, torch::kCUDA, true, 100, seeds);
    QVERIFY(graphed.captured);
    QCOMPARE(graphed.graphs, name == "td3bc" ? size_t{2} : size_t{1});
    const std::string g = gap(name, eager, graphed, 1e-4);
    QVERIFY2(g.empty(), g.c_str());
  }
};

QTEST_GUILESS_MAIN(TestStepGraph)
#include "test_step_graph.moc"
