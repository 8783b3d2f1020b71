#include "core/envs/mujoco/mujoco_env.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/envs/mujoco/model_cache.h"
#include "core/envs/mujoco/mujoco_log.h"
#include "core/envs/mujoco/resource_path.h"
#include "core/util/error.h"

namespace vaco {

namespace {

// The warnings after which the simulation cannot be trusted: a NaN/huge value (MuJoCo then
// resets the state to the model's initial one) or a full contact/constraint buffer (contacts
// were dropped). mjWARN_INERTIA is about the model, not the step, and is left to the handler.
constexpr int kStepWarnings[] = {mjWARN_CONTACTFULL, mjWARN_CNSTRFULL, mjWARN_BADQPOS,
                                 mjWARN_BADQVEL,     mjWARN_BADQACC,   mjWARN_BADCTRL};

const char* warning_meaning(int w) {
  switch (w) {
    case mjWARN_CONTACTFULL: return "too many contacts";
    case mjWARN_CNSTRFULL: return "too many constraints";
    case mjWARN_BADQPOS: return "a NaN, infinite or huge joint position";
    case mjWARN_BADQVEL: return "a NaN, infinite or huge joint velocity";
    case mjWARN_BADQACC: return "a NaN, infinite or huge joint acceleration";
    default: return "a NaN, infinite or huge control";
  }
}

// The first of kStepWarnings that MuJoCo has counted in `d`, or -1.
int raised_step_warning(const mjData& d) {
  for (int w : kStepWarnings) {
    if (d.warning[w].number != 0) return w;
  }
  return -1;
}

}  // namespace

MujocoEnv::MujocoEnv(MujocoTaskSpec spec) : spec_(std::move(spec)) {
  const std::string path = find_resource("mujoco/" + spec_.model_file);
  install_mujoco_handlers();
  model_ = load_mujoco_model(path, spec_.model_variant, spec_.model_edit);
  if (model_->nq != spec_.nq || model_->nv != spec_.nv || model_->nu != spec_.nu) {
    throw Error(spec_.name + ": model '" + path + "' has nq/nv/nu " + std::to_string(model_->nq) + "/" +
                std::to_string(model_->nv) + "/" + std::to_string(model_->nu) + "; expected " +
                std::to_string(spec_.nq) + "/" + std::to_string(spec_.nv) + "/" + std::to_string(spec_.nu));
  }
  obs64_.resize(size_t(spec_.observation_dim));
  data_ = mj_makeData(model_.get());
  if (data_ == nullptr) throw Error(spec_.name + ": MuJoCo could not allocate simulation data");
}

MujocoEnv::~MujocoEnv() { mj_deleteData(data_); }

std::vector<float> MujocoEnv::reset(uint64_t seed) {
  const mjModel* m = model_.get();
  mj_resetData(m, data_);
  Rng rng(seed);
  add_reset_noise(rng, data_->qpos, data_->qvel);
  mj_forward(m, data_);
  steps_ = 0;
  failed_ = false;
  x_reference_ = forward_position();
  const std::vector<double> obs = observation64();
  return {obs.begin(), obs.end()};
}

StepResult MujocoEnv::step(std::span<const float> action) {
  StepResult r;
  r.observation.resize(size_t(spec_.observation_dim));
  const StepOutcome o = step_into(action, r.observation);
  r.reward = o.reward;
  r.terminated = o.terminated;
  r.truncated = o.truncated;
  return r;
}

StepOutcome MujocoEnv::step_into(std::span<const float> action, std::span<float> observation) {
  if (int64_t(action.size()) != spec_.nu) {
    throw Error(spec_.name + ": action has " + std::to_string(action.size()) + " values; expected " +
                std::to_string(spec_.nu));
  }
  if (int64_t(observation.size()) != spec_.observation_dim) {
    throw Error(spec_.name + ": step_into got room for " + std::to_string(observation.size()) +
                " observation values; expected " + std::to_string(spec_.observation_dim));
  }
  for (size_t i = 0; i < action.size(); ++i) {
    if (!std::isfinite(action[i])) {
      throw Error(spec_.name + ": action[" + std::to_string(i) + "] is not a finite number (" +
                  std::to_string(action[i]) + ")");
    }
  }
  if (failed_) throw Error(spec_.name + ": the simulation failed in an earlier step; call reset() first");
  // Gymnasium reads the position just before simulating; nothing has moved it since the last
  // reset, step or set_state ended, so it is the reference kept then.
  const double x_before = x_reference_;
  if (spec_.ctrl_high > spec_.ctrl_low) {
    const double lo = spec_.ctrl_low, hi = spec_.ctrl_high;
    for (int i = 0; i < spec_.nu; ++i) data_->ctrl[i] = std::clamp(lo + (double(action[i]) + 1.0) * 0.5 * (hi - lo), lo, hi);
  } else {
    for (int i = 0; i < spec_.nu; ++i) data_->ctrl[i] = double(action[i]);
  }
  simulate();
  if (spec_.contact_forces) mj_rnePostConstraint(model_.get(), data_);
  ++steps_;

  write_observation(obs64_.data());
  for (size_t i = 0; i < observation.size(); ++i) observation[i] = float(obs64_[i]);
  x_reference_ = forward_position();
  StepOutcome r;
  r.reward = reward(x_before, x_reference_, action);
  r.terminated = is_terminated();
  r.truncated = steps_ >= spec_.max_episode_steps;
  return r;
}

void MujocoEnv::set_state(std::span<const double> qpos, std::span<const double> qvel, bool keep_forward_reference) {
  if (int64_t(qpos.size()) != spec_.nq || int64_t(qvel.size()) != spec_.nv) {
    throw Error(spec_.name + ": set_state got " + std::to_string(qpos.size()) + " qpos and " +
                std::to_string(qvel.size()) + " qvel values; expected " + std::to_string(spec_.nq) +
                " and " + std::to_string(spec_.nv));
  }
  const auto finite = [](double v) { return std::isfinite(v); };
  if (!std::all_of(qpos.begin(), qpos.end(), finite) || !std::all_of(qvel.begin(), qvel.end(), finite)) {
    throw Error(spec_.name + ": set_state got a non-finite qpos or qvel value");
  }
  std::copy(qpos.begin(), qpos.end(), data_->qpos);
  std::copy(qvel.begin(), qvel.end(), data_->qvel);
  mj_forward(model_.get(), data_);
  failed_ = false;
  if (!keep_forward_reference) x_reference_ = forward_position();
}

std::vector<double> MujocoEnv::save_state() const {
  const int n = mj_stateSize(model_.get(), mjSTATE_INTEGRATION);
  std::vector<double> state(size_t(n) + 2);
  mj_getState(model_.get(), data_, state.data(), mjSTATE_INTEGRATION);
  state[size_t(n)] = double(steps_);
  state[size_t(n) + 1] = x_reference_;
  return state;
}

void MujocoEnv::restore_state(std::span<const double> state) {
  const size_t n = size_t(mj_stateSize(model_.get(), mjSTATE_INTEGRATION));
  if (state.size() != n + 2) {
    throw Error(spec_.name + ": a saved state has " + std::to_string(state.size()) + " values; expected " +
                std::to_string(n + 2));
  }
  if (!std::all_of(state.begin(), state.end(), [](double v) { return std::isfinite(v); })) {
    throw Error(spec_.name + ": a saved state holds a non-finite value");
  }
  mj_setState(model_.get(), data_, state.data(), mjSTATE_INTEGRATION);
  mj_forward(model_.get(), data_);
  steps_ = int64_t(state[n]);
  x_reference_ = state[n + 1];
  // The contact forces of the step that led here (none right after a reset).
  if (spec_.contact_forces && steps_ > 0) mj_rnePostConstraint(model_.get(), data_);
  failed_ = false;
}

void MujocoEnv::simulate() {
  const mjModel* m = model_.get();
  // Counters start from zero each step, so that a warning of this step is seen even when an
  // earlier set_state left one counted.
  for (int w : kStepWarnings) data_->warning[w].number = 0;
  MujocoWarningCapture capture;
  try {
    for (int k = 0; k < spec_.frame_skip; ++k) {
      mj_step(m, data_);
      if (const int w = raised_step_warning(*data_); w >= 0) {
        failed_ = true;
        std::string detail = capture.messages().empty() ? "" : " (MuJoCo: " + capture.messages().back() + ")";
        throw Error(spec_.name + ": the simulation went unstable in step " + std::to_string(steps_ + 1) +
                    " of the episode: " + warning_meaning(w) + detail +
                    "; MuJoCo reset the state, call reset() before stepping again");
      }
    }
  } catch (const Error& e) {
    failed_ = true;
    if (std::string(e.what()).rfind("MuJoCo error: ", 0) == 0) {
      throw Error(spec_.name + ": step " + std::to_string(steps_ + 1) + " of the episode failed: " + e.what());
    }
    throw;
  }
}

std::span<const double> MujocoEnv::qpos() const { return {data_->qpos, size_t(spec_.nq)}; }

std::span<const double> MujocoEnv::qvel() const { return {data_->qvel, size_t(spec_.nv)}; }

std::vector<double> MujocoEnv::observation64() const {
  std::vector<double> obs(size_t(spec_.observation_dim));
  write_observation(obs.data());
  return obs;
}

double MujocoEnv::dt() const { return model_->opt.timestep * spec_.frame_skip; }

double MujocoEnv::squared_norm(std::span<const float> action) {
  double sum = 0.0;
  for (float a : action) sum += double(a) * double(a);
  return sum;
}

double MujocoEnv::healthy_forward_reward(double x_before, double x_after, std::span<const float> action,
                                         double healthy_reward, double ctrl_cost) const {
  const double forward = (x_after - x_before) / dt();
  return (forward + healthy_reward) - ctrl_cost * squared_norm(action);
}

void MujocoEnv::add_uniform_noise(Rng& rng, double* qpos, double* qvel, double scale) const {
  for (int64_t i = 0; i < spec_.nq; ++i) qpos[i] += rng.uniform(-scale, scale);
  for (int64_t i = 0; i < spec_.nv; ++i) qvel[i] += rng.uniform(-scale, scale);
}

void MujocoEnv::write_qpos_qvel(double* out, double clip) const {
  for (int i = 1; i < spec_.nq; ++i) *out++ = data_->qpos[i];
  for (int i = 0; i < spec_.nv; ++i) *out++ = clip > 0.0 ? std::clamp(data_->qvel[i], -clip, clip) : data_->qvel[i];
}

}  // namespace vaco
