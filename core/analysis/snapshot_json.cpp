#include "core/analysis/snapshot_json.h"

#include <cmath>
#include <fstream>
#include <limits>

#include "core/util/error.h"

namespace vaco::analysis {
namespace {

nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

double number_from(const nlohmann::json& j) {
  return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>();
}

}  // namespace

nlohmann::json snapshot_to_json(const AnalysisSnapshot& s) {
  nlohmann::json others = nlohmann::json::array();
  for (const LabelField& f : s.other_label_fields)
    others.push_back({{"key", f.key}, {"probe", f.probe}, {"trajectory", f.trajectory}, {"names", f.names}});
  return {{"step", s.step},
          {"algo", s.algo},
          {"obs_dim", s.obs_dim},
          {"act_dim", s.act_dim},
          {"probe",
           {{"weights", s.probe_weights},
            {"q", s.probe_q},
            {"observations", s.probe_observations},
            {"actions", s.probe_actions},
            {"labels", s.probe_labels},
            {"pearson", number(s.pearson_sample)},
            {"return_to_go", s.probe_return_to_go},
            {"pearson_q_return", number(s.pearson_q_return)}}},
          {"trajectories",
           {{"mean_weight", s.trajectory_mean_weight},
            {"return", s.trajectory_return},
            {"length", s.trajectory_length},
            {"labels", s.trajectory_labels},
            {"episode", s.trajectory_episode},
            {"step_weights", s.trajectory_step_weights},
            {"of_episodes", s.dataset_episodes},
            {"row_cap", s.trajectory_row_cap},
            {"pearson", number(s.pearson_trajectory)}}},
          {"label_names", s.label_names},
          {"label_field", s.label_field},
          {"other_label_fields", others}};
}

AnalysisSnapshot snapshot_from_json(const nlohmann::json& j) {
  AnalysisSnapshot s;
  try {
    s.step = j.at("step").get<int64_t>();
    s.algo = j.at("algo").get<std::string>();
    s.obs_dim = j.at("obs_dim").get<int64_t>();
    s.act_dim = j.at("act_dim").get<int64_t>();
    const auto& p = j.at("probe");
    s.probe_weights = p.at("weights").get<std::vector<double>>();
    s.probe_q = p.at("q").get<std::vector<double>>();
    s.probe_observations = p.at("observations").get<std::vector<float>>();
    s.probe_actions = p.at("actions").get<std::vector<float>>();
    s.probe_labels = p.at("labels").get<std::vector<int>>();
    s.pearson_sample = number_from(p.at("pearson"));
    // Files written before the critic check have neither key.
    if (p.contains("return_to_go")) s.probe_return_to_go = p.at("return_to_go").get<std::vector<double>>();
    s.pearson_q_return = p.contains("pearson_q_return") ? number_from(p.at("pearson_q_return")) : std::nan("");
    const auto& t = j.at("trajectories");
    s.trajectory_mean_weight = t.at("mean_weight").get<std::vector<double>>();
    s.trajectory_return = t.at("return").get<std::vector<double>>();
    s.trajectory_length = t.at("length").get<std::vector<int64_t>>();
    s.trajectory_labels = t.at("labels").get<std::vector<int>>();
    s.pearson_trajectory = number_from(t.at("pearson"));
    // Files written before these keys existed have neither.
    if (t.contains("step_weights")) s.trajectory_step_weights = t.at("step_weights").get<std::vector<std::vector<float>>>();
    if (t.contains("of_episodes")) s.dataset_episodes = t.at("of_episodes").get<int64_t>();
    if (t.contains("episode")) s.trajectory_episode = t.at("episode").get<std::vector<int64_t>>();
    if (t.contains("row_cap")) s.trajectory_row_cap = t.at("row_cap").get<int64_t>();
    if (j.contains("label_names")) s.label_names = j.at("label_names").get<std::vector<std::string>>();
    if (j.contains("label_field")) s.label_field = j.at("label_field").get<std::string>();
    if (j.contains("other_label_fields"))
      for (const auto& f : j.at("other_label_fields"))
        s.other_label_fields.push_back({f.at("key").get<std::string>(), f.at("probe").get<std::vector<int>>(),
                                        f.at("trajectory").get<std::vector<int>>(),
                                        f.at("names").get<std::vector<std::string>>()});
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("snapshot: ") + e.what());
  }
  const size_t p = s.probe_weights.size(), n = s.trajectory_mean_weight.size();
  if ((!s.probe_q.empty() && s.probe_q.size() != p) || s.probe_labels.size() != p ||
      (!s.probe_return_to_go.empty() && s.probe_return_to_go.size() != p) ||
      s.probe_observations.size() != p * size_t(s.obs_dim) || s.probe_actions.size() != p * size_t(s.act_dim) ||
      s.trajectory_return.size() != n || s.trajectory_length.size() != n || s.trajectory_labels.size() != n ||
      (!s.trajectory_episode.empty() && s.trajectory_episode.size() != n))
    throw Error("snapshot: the arrays' sizes do not match");
  for (const LabelField& f : s.other_label_fields) {
    if (f.probe.size() != p || f.trajectory.size() != n)
      throw Error("snapshot: the labels of " + f.key + " do not match the probe or the trajectories");
    for (const std::vector<int>* labels : {&f.probe, &f.trajectory})
      for (int l : *labels)
        if (l < 0 || l >= int(f.names.size())) throw Error("snapshot: a label of " + f.key + " has no name");
  }
  if (s.trajectory_step_weights.size() > n) throw Error("snapshot: more step_weights than trajectories");
  for (size_t i = 0; i < s.trajectory_step_weights.size(); ++i)
    if (int64_t(s.trajectory_step_weights[i].size()) != s.trajectory_length[i])
      throw Error("snapshot: step_weights[" + std::to_string(i) + "] does not match the trajectory's length");
  return s;
}

AnalysisSnapshot load_snapshot(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path + ": cannot open the snapshot");
  try {
    return snapshot_from_json(nlohmann::json::parse(in));
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not a snapshot (" + e.what() + ")");
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

}  // namespace vaco::analysis
