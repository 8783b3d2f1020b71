#include "ui/panels/run_panel_fields.h"

#include "core/train/algorithms.h"

namespace vaco::ui {
namespace {

// The algorithms with a value pretraining phase, from the algorithm table.
const QStringList& value_phase_algorithms() {
  static const QStringList names = [] {
    QStringList n;
    for (const auto& spec : train::algorithms())
      if (spec.value_phase) n << QString::fromStdString(spec.name);
    return n;
  }();
  return names;
}

// The algorithms a dotted setting matters to (train::setting_applies); an empty list for a
// setting every algorithm takes.
QStringList algorithmsFor(const QString& key) {
  QStringList names;
  for (const auto& spec : train::algorithms())
    if (train::setting_applies(key.toStdString(), spec.name)) names << QString::fromStdString(spec.name);
  return names.size() == qsizetype(train::algorithms().size()) ? QStringList() : names;
}

RunField number(const QString& key, const QString& group, const QString& label, const QString& tip) {
  return {.key = key, .group = group, .label = label, .tip = tip, .kind = RunFieldKind::Number,
          .algos = algorithmsFor(key)};
}

RunField choice(const QString& key, const QString& group, const QString& label, const QString& tip,
                const QStringList& choices) {
  return {.key = key, .group = group, .label = label, .tip = tip, .kind = RunFieldKind::Choice,
          .algos = algorithmsFor(key), .choices = choices};
}

RunField integer(const QString& key, const QString& group, const QString& label, const QString& tip, int lo,
                 int hi) {
  return {.key = key, .group = group, .label = label, .tip = tip, .kind = RunFieldKind::Integer, .minimum = lo,
          .maximum = hi};
}

}  // namespace

const QVector<RunField>& runFields() {
  static const QString value = QStringLiteral("Value phase"), policy = QStringLiteral("Policy phase"),
                       noise = QStringLiteral("VACO ablations"), net = QStringLiteral("Networks"),
                       analysis = QStringLiteral("Analysis");
  static const QVector<RunField> fields{
      number("value.lr", value, "Learning rate", "Adam step size of V and Q (value.lr)"),
      number("value.expectile", value, "Expectile τ", "τ of the expectile loss, in (0, 1) (value.expectile)"),
      number("value.gamma", value, "Discount γ", "Discount factor, in [0, 1] (value.gamma)"),
      number("vaco.policy_lr", policy, "Policy lr", "Adam step size of the policy θ (vaco.policy_lr)"),
      number("vaco.meta_lr", policy, "Meta lr", "Adam step size of the scorer φ; 0 freezes it (vaco.meta_lr)"),
      number("vaco.inner_lr", policy, "Inner lr α", "Step size α of the differentiable inner step (vaco.inner_lr)"),
      choice("vaco.state_centred", policy, "Centred per state",
             "Take each raw score relative to the learned mean score of its state, so that no state is "
             "weighted out as a whole (vaco.state_centred)",
             {"true", "false"}),
      choice("vaco.update_critic", policy, "Critic trained on",
             "Keep training V and Q through the policy phase, as IQL does; false freezes them after "
             "the value phase (vaco.update_critic)",
             {"true", "false"}),
      choice("vaco.policy_lr_cosine", policy, "Annealed policy lr",
             "Anneal the policy's learning rate to 0 over the policy phase (cosine), as IQL's actor's "
             "(vaco.policy_lr_cosine)",
             {"true", "false"}),
      number("bc.lr", policy, "Learning rate", "Adam step size of the policy (bc.lr)"),
      number("weighted_bc.lr", policy, "Learning rate", "Adam step size of the policy (weighted_bc.lr)"),
      number("weighted_bc.awr_beta", policy, "Temperature β", "β of the weights exp(A / β) (weighted_bc.awr_beta)"),
      number("iql.actor_lr", policy, "Actor lr", "Adam step size of the actor (iql.actor_lr)"),
      number("iql.beta", policy, "Inverse temp. β", "β of the advantage weights exp(β A) (iql.beta)"),
      number("td3bc.actor_lr", policy, "Actor lr", "Adam step size of the actor (td3bc.actor_lr)"),
      number("td3bc.critic_lr", policy, "Critic lr", "Adam step size of the twin Q (td3bc.critic_lr)"),
      number("td3bc.alpha", policy, "BC trade-off α", "α of λ = α / mean|Q| (td3bc.alpha)"),
      choice("vaco.noise_on", noise, "Noise on", "Perturb the action or the state in the outer loss (vaco.noise_on)",
             {"action", "state"}),
      number("vaco.sigma0", noise, "Noise σ₀", "Noise std at the first policy step (vaco.sigma0)"),
      number("vaco.sigma_end", noise, "Noise σ end", "Noise std at the last policy step (vaco.sigma_end)"),
      choice("vaco.decay", noise, "Noise decay", "Schedule from σ₀ to σ end (vaco.decay)",
             {"linear", "exp", "cosine"}),
      integer("batch_size", net, "Batch size", "Transitions per gradient step (batch_size)", 1, 1 << 20),
      integer("hidden", net, "Hidden units", "Units per hidden layer of every network (hidden)", 1, 1 << 16),
      integer("depth", net, "Hidden layers", "Hidden layers of every network (depth)", 1, 64),
      choice("snapshot_episodes", analysis, "Trajectories",
             "Episodes the Weights tab scores whole: a random sample (2,000 at most, within 65,536 "
             "transitions) or all of them (slower snapshots on large files) (snapshot_episodes)",
             {"sample", "all"}),
  };
  return fields;
}

bool fieldApplies(const RunField& field, const QString& algo) {
  return field.algos.isEmpty() || field.algos.contains(algo);
}

bool algoHasValuePhase(const QString& algo) { return value_phase_algorithms().contains(algo); }

QString algorithmDisplayName(const QString& algo) {
  for (const auto& spec : train::algorithms())
    if (QString::fromStdString(spec.name) == algo) return QString::fromStdString(spec.label);
  return algo;
}

}  // namespace vaco::ui
