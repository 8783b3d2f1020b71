#include "core/train/background_evaluation.h"

#include <chrono>

#include "core/util/error.h"

namespace vaco::train {

BackgroundEvaluation::~BackgroundEvaluation() {
  if (!result_.valid()) return;
  try {
    result_.get();
  } catch (...) {  // the run is ending on its own error; this one is not reported
  }
}

void BackgroundEvaluation::start(int64_t step, double wall_time, Job job) {
  if (pending()) throw Error("an evaluation is still pending; take its result before starting another");
  step_ = step;
  wall_time_ = wall_time;
  result_ = std::async(std::launch::async, std::move(job));
}

std::optional<EvalRecord> BackgroundEvaluation::take_finished() {
  if (!pending() || result_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
  return wait();
}

std::optional<EvalRecord> BackgroundEvaluation::wait() {
  if (!pending()) return std::nullopt;
  return EvalRecord{.step = step_, .wall_time = wall_time_, .result = result_.get()};
}

}  // namespace vaco::train
