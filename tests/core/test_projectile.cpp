// The projectile toy: closed-form range against a numeric integration of the flight, the
// oracle angle against a fine grid, the environment, and the mixed-behaviour generator.
#include "core/datagen/projectile_datagen.h"
#include "core/envs/projectile.h"
#include "core/util/error.h"
#include "tests/support/test_support.h"

#include <QTest>

using namespace vaco;
namespace pj = vaco::projectile;

namespace {
// Integrates the flight with velocity Verlet at step dt until the ball falls below y = 0,
// then interpolates the landing point linearly.
double integrated_range(double h, double theta, double v, double dt = 1e-5) {
  double x = 0, y = h, vx = v * std::cos(theta), vy = v * std::sin(theta);
  while (true) {
    const double nx = x + vx * dt, ny = y + vy * dt - 0.5 * pj::kGravity * dt * dt;
    const double nvy = vy - pj::kGravity * dt;
    if (ny < 0) return x + (nx - x) * (y / (y - ny));
    x = nx, y = ny, vy = nvy;
  }
}
constexpr double kDeg = M_PI / 180.0;
}  // namespace

class Projectile : public QObject {
  Q_OBJECT
 private slots:
  void range_matches_numeric_integration() {
    for (double h : {0.5, 2.5, 5.0, 10.0}) {
      for (double deg : {-30.0, 0.0, 20.0, 45.0, 70.0, 85.0}) {
        const double closed = pj::range(h, deg * kDeg);
        const double numeric = integrated_range(h, deg * kDeg, pj::kDefaultSpeed);
        QVERIFY2(std::abs(closed - numeric) < 1e-3,
                 qPrintable(QString("h=%1 deg=%2: %3 vs %4").arg(h).arg(deg).arg(closed).arg(numeric)));
      }
    }
    // From the ground, range is v^2 sin(2 theta) / g.
    QVERIFY(std::abs(pj::range(0, 30 * kDeg) - 100 * std::sin(60 * kDeg) / pj::kGravity) < 1e-12);
    QCOMPARE(pj::range(0, -20 * kDeg), 0.0);
  }

  void oracle_angle_is_grid_argmax() {
    for (double h : {0.0, 1.0, 2.5, 5.0, 7.5, 10.0}) {
      double best = -1, arg = 0;
      for (int i = 0; i <= 900000; ++i) {  // 0.0001 degree grid
        const double t = i * 1e-4 * kDeg;
        const double r = pj::range(h, t);
        if (r > best) best = r, arg = t;
      }
      QVERIFY2(std::abs(pj::optimal_angle(h) - arg) < 2e-4 * kDeg,
               qPrintable(QString("h=%1: oracle %2 deg, grid %3 deg").arg(h).arg(pj::optimal_angle(h) / kDeg).arg(arg / kDeg)));
    }
    QVERIFY(std::abs(pj::optimal_angle(0) - 45 * kDeg) < 1e-12);
    QVERIFY(std::abs(pj::optimal_angle(5) / kDeg - 35.4) < 0.1);  // the reference's 35.4 deg at h = 5
  }

  void random_angle_range_matches_monte_carlo() {
    Rng rng(7);
    for (double h : {0.0, 5.0}) {
      double sum = 0;
      const int n = 400000;
      for (int i = 0; i < n; ++i) sum += pj::range(h, rng.uniform(-M_PI / 2, M_PI / 2));
      QVERIFY(std::abs(sum / n - pj::random_angle_range(h)) < 0.02);
    }
  }

  void env_one_step_episode() {
    ProjectileEnv env;
    const auto obs = env.reset(42);
    QCOMPARE(obs.size(), size_t(1));
    QVERIFY(obs[0] >= 0 && obs[0] <= 10);
    QCOMPARE(env.reset(42), obs);  // seeded
    const float a = float(pj::angle_to_action(pj::optimal_angle(obs[0])));
    const StepResult r = env.step(std::span<const float>(&a, 1));
    QVERIFY(r.terminated);
    QVERIFY(std::abs(r.reward - pj::range(obs[0], pj::optimal_angle(obs[0]))) < 1e-4);
    QVERIFY(std::abs(normalized_score(r.reward, env.reference_returns()) - 100.0) < 1e-3);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    QVERIFY_THROWS_EXCEPTION(Error, env.step(std::span<const float>(&nan, 1)));
    const float two[2] = {0, 0};
    QVERIFY_THROWS_EXCEPTION(Error, env.step(std::span<const float>(two, 2)));
  }

  void flight_arc_lands_at_range() {
    const auto arc = pj::flight_arc(3.0, 40 * kDeg, 10.0, 50);
    QCOMPARE(arc.size(), size_t(50));
    QCOMPARE(arc.front().second, 3.0);
    QVERIFY(std::abs(arc.back().first - pj::range(3.0, 40 * kDeg)) < 1e-9);
    QVERIFY(std::abs(arc.back().second) < 1e-9);
  }

  void dataset_mix_and_labels() {
    const Dataset ds = generate_projectile_dataset({.samples = 20000, .seed = 1});
    QCOMPARE(ds.size(), 20000);
    QCOMPARE(ds.episodes.size(), size_t(20000));
    QCOMPARE(ds.terminals.sum().item<float>(), 20000.f);
    const torch::Tensor label = ds.infos.at("infos/behavior");
    const double near = (label == 0).to(torch::kFloat64).mean().item<double>();
    const double uni = (label == 1).to(torch::kFloat64).mean().item<double>();
    const double lob = (label == 2).to(torch::kFloat64).mean().item<double>();
    QVERIFY(std::abs(near - 0.15) < 0.01 && std::abs(uni - 0.25) < 0.01 && std::abs(lob - 0.60) < 0.01);
    // Lobs lie in [55, 85] degrees; uniform throws in [0, 90]; near-optimal ones near theta*.
    const torch::Tensor deg = ds.actions.squeeze(1) * 90.0;
    QVERIFY(deg.index({label == 2}).min().item<float>() >= 55.f - 1e-3f);
    QVERIFY(deg.index({label == 2}).max().item<float>() <= 85.f + 1e-3f);
    QVERIFY(deg.index({label == 1}).min().item<float>() >= -1e-3f);
    const torch::Tensor h = ds.observations.squeeze(1).to(torch::kFloat64);
    const torch::Tensor opt = torch::asin(10.0 / torch::sqrt(200.0 + 2 * pj::kGravity * h)) / kDeg;
    const torch::Tensor err = (deg.to(torch::kFloat64) - opt).index({label == 0});
    QVERIFY(std::abs(err.std().item<double>() - 2.0) < 0.2);
    // The reward is the range of the stored state and action.
    for (int64_t i : {0, 17, 19999}) {
      const double r = pj::range(ds.observations[i][0].item<double>(), pj::action_to_angle(ds.actions[i][0].item<double>()));
      QVERIFY(std::abs(r - ds.rewards[i].item<double>()) < 1e-3);
    }
    // Near-optimal throws go further than lobs on average: the data carries the signal.
    QVERIFY(ds.rewards.index({label == 0}).mean().item<float>() > ds.rewards.index({label == 2}).mean().item<float>() + 2);
  }

  void same_seed_same_data_other_seed_differs() {
    const Dataset a = generate_projectile_dataset({.samples = 300, .seed = 5});
    const Dataset b = generate_projectile_dataset({.samples = 300, .seed = 5});
    const Dataset c = generate_projectile_dataset({.samples = 300, .seed = 6});
    QVERIFY(torch::equal(a.observations, b.observations) && torch::equal(a.actions, b.actions));
    QVERIFY(!torch::equal(a.observations, c.observations));
  }

  void impossible_options_are_rejected() {
    QVERIFY_THROWS_EXCEPTION(Error, generate_projectile_dataset({.samples = 0}));
    QVERIFY_THROWS_EXCEPTION(Error, generate_projectile_dataset({.near_optimal_share = 0.9, .uniform_share = 0.5}));
    QVERIFY_THROWS_EXCEPTION(Error, generate_projectile_dataset({.speed = -1}));
  }
};

QTEST_APPLESS_MAIN(Projectile)
#include "test_projectile.moc"
