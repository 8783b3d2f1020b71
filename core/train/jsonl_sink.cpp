#include "core/train/jsonl_sink.h"

#include <nlohmann/json.hpp>

#include <cmath>

#include "core/util/error.h"

namespace vaco::train {
namespace {

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace

JsonlSink::JsonlSink(const std::string& path) : out_(path, std::ios::app), path_(path) {
  if (!out_) throw Error(path + ": cannot open for writing");
}

void JsonlSink::on_record(const MetricRecord& r) {
  nlohmann::json j{{"type", "metrics"}, {"step", r.step}, {"phase", r.phase}, {"wall_time", r.wall_time}};
  nlohmann::json values = nlohmann::json::object();
  for (const auto& [k, v] : r.values) values[k] = number(v);
  j["values"] = values;
  out_ << j.dump() << "\n" << std::flush;
}

void JsonlSink::on_eval(const EvalRecord& r) {
  const EvalResult& e = r.result;
  nlohmann::json j{{"type", "eval"},
                   {"step", r.step},
                   {"wall_time", r.wall_time},
                   {"episodes", e.episodes},
                   {"return_mean", number(e.return_mean)},
                   {"return_std", number(e.return_std)},
                   {"score_mean", number(e.score_mean)},
                   {"score_std", number(e.score_std)}};
  out_ << j.dump() << "\n" << std::flush;
}

void JsonlSink::on_note(const std::string& note) {
  out_ << nlohmann::json{{"type", "note"}, {"message", note}}.dump() << "\n" << std::flush;
}

void JsonlSink::on_finished(RunStatus status, const std::string& message) {
  out_ << nlohmann::json{{"type", "finished"}, {"status", to_string(status)}, {"message", message}}.dump() << "\n"
       << std::flush;
}

}  // namespace vaco::train
