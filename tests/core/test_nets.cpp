// The networks: shapes, the functional forward against the module's, the by-hand backward passes
// against autograd, the meta-scorer's input switches, and soft target updates.
#include "core/nets/critics.h"
#include "core/nets/functional_mlp.h"
#include "core/nets/meta_scorer.h"
#include "core/nets/mlp.h"
#include "core/nets/policy.h"
#include "core/util/error.h"

#include <QtTest>

using namespace vaco;

class TestNets : public QObject {
  Q_OBJECT
 private slots:
  void mlp_shape_and_default_depth() {
    torch::manual_seed(0);
    nets::Mlp m(5, 2);  // default 3 x 256
    QCOMPARE(int(m->layers.size()), 4);
    QCOMPARE(m->layers[1]->weight.size(0), 256);
    QCOMPARE(int(m->parameters().size()), 8);
    QCOMPARE(m->forward(torch::randn({7, 5})).sizes(), (torch::IntArrayRef{7, 2}));
    QVERIFY_THROWS_EXCEPTION(Error, nets::Mlp(5, 2, nets::NetShape{.hidden = 0, .depth = 3}));
  }
  void policy_is_bounded_and_functional_matches() {
    torch::manual_seed(1);
    nets::Policy p(3, 2, nets::NetShape{.hidden = 16, .depth = 2});
    const torch::Tensor x = 10 * torch::randn({32, 3});
    const torch::Tensor a = p->forward(x);
    QVERIFY(a.abs().max().item<double>() <= 1.0);
    QVERIFY(torch::equal(a, p->forward_with(x, p->layer_parameters())));
  }
  void by_hand_backward_passes_match_autograd() {
    // The passes VACO's forward mode runs without autograd: the policy's, the twin critic's min
    // (each row through the net that is its minimum) and the meta-scorer's.
    torch::manual_seed(2);
    const nets::NetShape shape{.hidden = 8, .depth = 2};
    nets::Policy p(3, 2, shape);
    nets::TwinQ q(3, 2, shape);
    nets::MetaScorer m(3, 2, nets::MetaScorerOptions{.shape = shape});
    p->to(torch::kFloat64);
    q->to(torch::kFloat64);
    m->to(torch::kFloat64);
    const torch::Tensor s = torch::randn({12, 3}, torch::kFloat64), c = torch::randn({12, 2}, torch::kFloat64);
    const torch::Tensor a = torch::rand({12, 2}, torch::kFloat64) * 2 - 1, d = torch::randn({12}, torch::kFloat64);
    // Policy: ∇θ Σ ⟨c_i, π_i⟩.
    std::vector<torch::Tensor> inputs;
    const auto params = p->layer_parameters();
    const torch::Tensor pi = [&] {
      torch::NoGradGuard g;
      return p->forward_with(s, params, &inputs);
    }();
    const auto policy_manual = p->param_grads(inputs, params, pi, c);
    const auto policy_ref = torch::autograd::grad({(p->forward(s) * c).sum()}, params);
    for (size_t i = 0; i < params.size(); ++i) QVERIFY(torch::allclose(policy_manual[i], policy_ref[i], 1e-10, 1e-12));
    // Twin critic: ∂ Σ d_i min(q1, q2)_i / ∂a, with both nets the minimum on some rows.
    {
      torch::NoGradGuard g;  // shift q2 so that each net is the smaller one on about half of the rows
      auto [q1, q2] = q->forward(s, a);
      q->q2->layers.back()->bias.sub_((q2 - q1).median());
    }
    const nets::MinQPass pass = q->min_q_pass(s, a);
    const int64_t smaller1 = (pass.q1 < pass.q2).sum().item<int64_t>();
    QVERIFY(smaller1 > 0 && smaller1 < 12);
    QVERIFY(torch::equal(pass.q, q->min_q(s, a)));
    const torch::Tensor a_leaf = a.clone().requires_grad_(true);
    const torch::Tensor critic_ref = torch::autograd::grad({(d * q->min_q(s, a_leaf)).sum()}, {a_leaf})[0];
    QVERIFY(torch::allclose(q->min_q_action_grad(pass, d), critic_ref, 1e-10, 1e-12));
    QVERIFY(torch::allclose(q->min_q_action_grad(pass, d, /*gather_rows=*/false), critic_ref, 1e-10, 1e-12));
    QVERIFY_THROWS_EXCEPTION(Error, q->min_q_action_grad(nets::MinQPass{}, d));
    // Meta-scorer: ∇phi Σ d_i raw_i.
    const torch::Tensor qv = torch::randn({12}, torch::kFloat64);
    std::vector<torch::Tensor> scorer_inputs;
    const torch::Tensor raw = m->forward_recorded(s, a, qv, scorer_inputs);
    QVERIFY(torch::allclose(raw, m->forward(s, a, qv).detach(), 1e-12, 1e-12));
    const auto scorer_manual = m->param_grads(scorer_inputs, d);
    const auto scorer_ref = torch::autograd::grad({(d * m->forward(s, a, qv)).sum()}, m->parameters());
    QCOMPARE(scorer_manual.size(), scorer_ref.size());
    for (size_t i = 0; i < scorer_ref.size(); ++i) QVERIFY(torch::allclose(scorer_manual[i], scorer_ref[i], 1e-10, 1e-12));
  }
  void manual_per_sample_gradients_match_autograd() {
    torch::manual_seed(6);
    nets::Mlp m(4, 3, nets::NetShape{.hidden = 8, .depth = 2});
    m->to(torch::kFloat64);
    const auto params = m->layer_parameters();
    const torch::Tensor x = torch::randn({10, 4}, torch::kFloat64), c = torch::randn({10, 3}, torch::kFloat64);
    const torch::Tensor w = torch::rand({10}, torch::kFloat64), v = torch::randn({10}, torch::kFloat64);
    std::vector<torch::Tensor> inputs, plain, tangents;
    for (const auto& p : params) {
      plain.push_back(p.detach());
      tangents.push_back(torch::randn_like(p));
    }
    // ℓ_i = ⟨mlp(x_i), c_i⟩, so ∂ℓ_i/∂output = c_i.
    (void)nets::functional_mlp(x, plain, &inputs);
    const auto deltas = nets::functional_mlp_deltas(inputs, plain, c);
    const auto manual = nets::functional_mlp_weighted_grads(inputs, deltas, w);
    const torch::Tensor ell = (nets::functional_mlp(x, params) * c).sum(-1);
    const auto reference = torch::autograd::grad({(w * ell).sum()}, params, {}, /*retain_graph=*/true);
    for (size_t i = 0; i < params.size(); ++i) QVERIFY(torch::allclose(manual[i], reference[i], 1e-10, 1e-12));
    // Σ v_i ⟨∇ℓ_i, t⟩ = ⟨∇ Σ v_i ℓ_i, t⟩.
    const torch::Tensor dots = nets::functional_mlp_grad_dots(inputs, deltas, tangents);
    const auto gv = torch::autograd::grad({(v * ell).sum()}, params);
    torch::Tensor expected = torch::zeros({}, torch::kFloat64);
    for (size_t i = 0; i < params.size(); ++i) expected = expected + (gv[i] * tangents[i]).sum();
    QVERIFY(std::abs((v * dots).sum().item<double>() - expected.item<double>()) < 1e-10);
    QVERIFY_THROWS_EXCEPTION(Error, nets::functional_mlp_deltas({inputs[0]}, plain, c));
  }
  void twin_q_and_value_shapes() {
    torch::manual_seed(3);
    nets::TwinQ q(4, 2, nets::NetShape{.hidden = 8, .depth = 1});
    nets::Value v(4, nets::NetShape{.hidden = 8, .depth = 1});
    const torch::Tensor s = torch::randn({5, 4}), a = torch::randn({5, 2});
    auto [q1, q2] = q->forward(s, a);
    QCOMPARE(q1.sizes(), (torch::IntArrayRef{5}));
    QVERIFY(!torch::equal(q1, q2));  // independent heads
    QVERIFY(torch::equal(q->min_q(s, a), torch::min(q1, q2)));
    QCOMPARE(v->forward(s).sizes(), (torch::IntArrayRef{5}));
  }
  void meta_scorer_switches() {
    torch::manual_seed(4);
    const torch::Tensor s = torch::randn({5, 3}), s2 = torch::randn({5, 3}), a = torch::randn({5, 1});
    const torch::Tensor q = torch::randn({5}), q2 = torch::randn({5});
    const nets::NetShape shape{.hidden = 8, .depth = 1};
    nets::MetaScorer full(3, 1, nets::MetaScorerOptions{.use_state = true, .use_value = true, .shape = shape});
    nets::MetaScorer no_state(3, 1, nets::MetaScorerOptions{.use_state = false, .use_value = true, .shape = shape});
    nets::MetaScorer no_value(3, 1, nets::MetaScorerOptions{.use_state = true, .use_value = false, .shape = shape});
    QCOMPARE(full->net->layers[0]->weight.size(1), 5);
    QCOMPARE(no_state->net->layers[0]->weight.size(1), 2);
    QCOMPARE(no_value->net->layers[0]->weight.size(1), 4);
    QCOMPARE(full->forward(s, a, q).sizes(), (torch::IntArrayRef{5}));
    QVERIFY(torch::equal(no_state->forward(s, a, q), no_state->forward(s2, a, q)));
    QVERIFY(torch::equal(no_value->forward(s, a, q), no_value->forward(s, a, q2)));
    QVERIFY(!torch::equal(full->forward(s, a, q), full->forward(s2, a, q2)));
  }
  void soft_update_moves_by_tau() {
    torch::manual_seed(5);
    nets::Value a(2, nets::NetShape{.hidden = 4, .depth = 1}), b(2, nets::NetShape{.hidden = 4, .depth = 1});
    nets::hard_copy_frozen(*b, *a);
    QVERIFY(torch::equal(a->parameters()[0], b->parameters()[0]));
    QVERIFY(!b->parameters()[0].requires_grad());
    {
      torch::NoGradGuard g;
      for (auto& p : a->parameters()) p.add_(1.0);
    }
    const torch::Tensor before = b->parameters()[0].clone();
    nets::soft_update(*b, *a, 0.25);
    QVERIFY(torch::allclose(b->parameters()[0], before + 0.25));
  }
};

QTEST_APPLESS_MAIN(TestNets)
#include "test_nets.moc"
