// Base of the MuJoCo locomotion tasks: one mjData per instance over a shared read-only model,
// gymnasium's step (ctrl = action, frame_skip mj_steps) and the 1000-step time limit.
#pragma once
#include <mujoco/mujoco.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/envs/env.h"
#include "core/envs/mujoco/model_cache.h"
#include "core/util/rng.h"

namespace vaco {

/// Which gymnasium version of a task: v4 (= gym v2/v3, as D4RL recorded its data) or v5 (Minari's
/// data). v5 pays Hopper's and Walker2d's healthy reward only while healthy, and gives Walker2d's
/// right foot the left one's friction (1.9, not 0.9); HalfCheetah is unchanged.
enum class GymVersion { V4, V5 };

/// The fixed facts of one task: where its model is and the sizes the model must have.
struct MujocoTaskSpec {
  std::string name;                 ///< family name ("hopper", ...)
  std::string model_file;           ///< file under resources/mujoco/
  int frame_skip = 1;               ///< mj_step calls per env step
  int64_t observation_dim = 0;
  int nq = 0, nv = 0, nu = 0;       ///< expected model sizes (checked after loading)
  int64_t max_episode_steps = 1000;
  ReferenceReturns reference;       ///< D4RL random / expert returns
  /// mj_rnePostConstraint after each env step, as gymnasium does, so that cfrc_ext holds the
  /// step's contact forces (only Ant-v5 reads them).
  bool contact_forces = false;
  /// Elements added to the model file before compiling (AntMaze's walls), cached per variant.
  ModelEdit model_edit = {};
  std::string model_variant = {};  ///< names model_edit's result in the model cache
  /// When ctrl_high > ctrl_low, actions in [-1, 1] map affinely onto [ctrl_low, ctrl_high] and
  /// are clipped there (D4RL's NormalizedBoxEnv); otherwise ctrl = action.
  double ctrl_low = 0.0, ctrl_high = 0.0;
};

/// A MuJoCo task. Instances are independent (own mjData) and may be stepped on different
/// threads at once; one instance must not be used by two threads at the same time.
class MujocoEnv : public Env {
 public:
  ~MujocoEnv() override;
  MujocoEnv(const MujocoEnv&) = delete;
  MujocoEnv& operator=(const MujocoEnv&) = delete;

  std::string name() const override { return spec_.name; }
  /// mj_resetData, the task's seeded reset noise on qpos/qvel, mj_forward; returns the observation.
  std::vector<float> reset(uint64_t seed) override;
  /// ctrl = action (MuJoCo clamps it to ctrlrange; costs use the raw action), frame_skip steps.
  /// Throws vaco::Error naming the env and the step when MuJoCo raises an error or a warning
  /// that the simulation went unstable (it then resets the state itself); the env refuses to
  /// step again until reset() or set_state().
  StepResult step(std::span<const float> action) override;
  /// step() without allocation: the observation goes into `observation` (see Env::step_into).
  StepOutcome step_into(std::span<const float> action, std::span<float> observation) override;
  int64_t observation_dim() const override { return spec_.observation_dim; }
  int64_t action_dim() const override { return spec_.nu; }
  int64_t max_episode_steps() const override { return spec_.max_episode_steps; }
  ReferenceReturns reference_returns() const override { return spec_.reference; }
  /// MuJoCo's integration state (mj_getState with mjSTATE_INTEGRATION: time, qpos, qvel, act,
  /// controls, warm start), then the step count and the forward reference.
  std::vector<double> save_state() const override;
  /// mj_setState and mj_forward; throws vaco::Error when the size or a value does not fit.
  void restore_state(std::span<const double> state) override;

  /// Puts the simulator in a given joint state (then mj_forward), as gymnasium's set_state;
  /// the step counter is left alone. Throws vaco::Error on wrong sizes or non-finite values.
  /// keep_forward_reference keeps the position the next reward measures progress from (see
  /// forward_reference_lags); a dataset replay uses it inside an episode.
  void set_state(std::span<const double> qpos, std::span<const double> qvel, bool keep_forward_reference = false);
  /// True when the reward's "position before the step" is not a function of the state: Ant
  /// reads the torso's xpos, which after mj_step still holds the kinematics of the last
  /// substep's start (gym and D4RL did the same), so a replay must carry it from the previous row.
  virtual bool forward_reference_lags() const { return false; }
  /// Joint positions of the current state.
  std::span<const double> qpos() const;
  /// Joint velocities of the current state.
  std::span<const double> qvel() const;
  /// Number of joint positions.
  int64_t qpos_dim() const { return spec_.nq; }
  /// Number of joint velocities.
  int64_t qvel_dim() const { return spec_.nv; }
  /// The observation of the current state in double precision (what gymnasium returns).
  std::vector<double> observation64() const;
  /// Seconds of simulated time per env step (timestep * frame_skip).
  double dt() const;
  /// Steps taken since the last reset.
  int64_t elapsed_steps() const { return steps_; }
  /// The compiled model (shared, read-only).
  const mjModel& model() const { return *model_; }
  /// The simulation data of the current state (read-only), e.g. for drawing the body.
  const mjData& data() const { return *data_; }
  /// How many leading qpos entries the observation leaves out (the root's horizontal position:
  /// x, or x and y for Ant); the observation then starts with the remaining qpos entries and
  /// continues with qvel, whose first entries are those coordinates' velocities.
  virtual int hidden_root_coordinates() const { return 1; }

 protected:
  /// Loads (or reuses) the task's model and checks its sizes; throws vaco::Error on failure.
  explicit MujocoEnv(MujocoTaskSpec spec);
  /// Writes observation_dim() values of the current state to `out`.
  virtual void write_observation(double* out) const = 0;
  /// Adds the task's reset noise to the model's initial qpos / qvel.
  virtual void add_reset_noise(Rng& rng, double* qpos, double* qvel) const = 0;
  /// Reward of a step that moved the root from x_before to x_after under `action`.
  virtual double reward(double x_before, double x_after, std::span<const float> action) const = 0;
  /// Whether the current state ends the episode.
  virtual bool is_terminated() const = 0;
  /// The x coordinate whose change per dt is the forward velocity (default: qpos[0]).
  virtual double forward_position() const { return data_->qpos[0]; }

  /// Sum of squared action components, in double (gymnasium's np.sum(np.square(a))).
  static double squared_norm(std::span<const float> action);
  /// (forward velocity + healthy reward) - ctrl_cost * |action|^2, in gymnasium's order of
  /// operations (Hopper's and Walker2d's reward).
  double healthy_forward_reward(double x_before, double x_after, std::span<const float> action,
                                double healthy_reward, double ctrl_cost) const;
  /// Adds U(-scale, scale) to every qpos and qvel entry (Hopper's and Walker2d's reset noise).
  void add_uniform_noise(Rng& rng, double* qpos, double* qvel, double scale) const;
  /// qpos[1:] followed by qvel clipped to [-clip, clip] (clip <= 0: no clipping).
  void write_qpos_qvel(double* out, double clip) const;

 private:
  MujocoTaskSpec spec_;
  std::shared_ptr<const mjModel> model_;
  mjData* data_ = nullptr;
  /// frame_skip mj_steps; throws as step() describes.
  void simulate();

  std::vector<double> obs64_;  ///< scratch: the observation in double before rounding to float
  int64_t steps_ = 0;
  bool failed_ = false;       ///< a step failed; the state is MuJoCo's reset, not the episode's
  double x_reference_ = 0.0;  ///< forward_position() when the last reset / step / set_state ended
};

}  // namespace vaco
