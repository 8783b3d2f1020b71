#include "core/nets/seed_stack.h"

#include "core/util/error.h"

namespace vaco::nets {

std::vector<torch::Tensor> stacked_leaves(const std::vector<std::vector<torch::Tensor>>& per_seed) {
  if (per_seed.empty()) throw Error("stacked networks: no seeds");
  const size_t n = per_seed.front().size();
  std::vector<torch::Tensor> out;
  out.reserve(n);
  std::vector<torch::Tensor> slices(per_seed.size());
  for (size_t p = 0; p < n; ++p) {
    for (size_t k = 0; k < per_seed.size(); ++k) {
      if (per_seed[k].size() != n || !per_seed[k][p].sizes().equals(per_seed.front()[p].sizes()))
        throw Error("stacked networks: the seeds' networks differ in shape");
      slices[k] = per_seed[k][p].detach();
    }
    out.push_back(torch::stack(slices).requires_grad_(true));
  }
  return out;
}

std::vector<torch::Tensor> stacked_values(const std::vector<std::vector<torch::Tensor>>& per_seed) {
  std::vector<torch::Tensor> out = stacked_leaves(per_seed);
  for (torch::Tensor& t : out) t.requires_grad_(false);
  return out;
}

void point_layers(MlpImpl& twin, const std::vector<torch::Tensor>& params) {
  if (params.size() != 2 * twin.layers.size()) throw Error("stacked networks: the twin's layers differ from the parameters");
  for (size_t i = 0; i < twin.layers.size(); ++i) {
    twin.layers[i]->weight = params[2 * i];
    twin.layers[i]->bias = params[2 * i + 1];
  }
}

void set_seed_grads(const std::vector<std::vector<torch::Tensor>>& per_seed, const std::vector<torch::Tensor>& grads) {
  for (size_t p = 0; p < grads.size(); ++p)
    for (size_t k = 0; k < per_seed.size(); ++k) {
      torch::Tensor param = per_seed[k][p];
      param.mutable_grad() = grads[p].defined() ? grads[p][int64_t(k)] : torch::Tensor();
    }
}

void scatter_grads(const std::vector<torch::Tensor>& stacked, const std::vector<std::vector<torch::Tensor>>& per_seed) {
  std::vector<torch::Tensor> grads;
  grads.reserve(stacked.size());
  for (const torch::Tensor& leaf : stacked) grads.push_back(leaf.grad());
  set_seed_grads(per_seed, grads);
}

void clear_grads(torch::optim::Optimizer& opt) {
  for (auto& group : opt.param_groups())
    for (auto& p : group.params()) p.mutable_grad().reset();
}

torch::Tensor stack_seeds(const std::vector<torch::Tensor>& per_seed) { return torch::stack(per_seed); }

}  // namespace vaco::nets
