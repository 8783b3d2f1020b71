// Seeds batched in one process: the same network of K runs, one per seed, computed as one stacked
// network whose every parameter has a leading seed dimension [K, ...] (functional_mlp runs it).
// Each run keeps its own parameters, optimizer and checkpoints; a stacked step reads them into
// fresh leaves and hands each run its slice of the gradients.
#pragma once
#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include <vector>

#include "core/nets/mlp.h"

namespace vaco::nets {

/// Leaves [K, ...] that require gradients, leaf p stacking per_seed[k][p] over the seeds k (a copy:
/// the runs' own tensors are left as they are). Throws vaco::Error when the seeds' lists differ.
std::vector<torch::Tensor> stacked_leaves(const std::vector<std::vector<torch::Tensor>>& per_seed);

/// Sets the gradient of per_seed[k][p] to slice k of stacked gradient grads[p] (a view, no copy).
void set_seed_grads(const std::vector<std::vector<torch::Tensor>>& per_seed, const std::vector<torch::Tensor>& grads);

/// set_seed_grads from the gradients autograd left on stacked_leaves' leaves.
void scatter_grads(const std::vector<torch::Tensor>& stacked, const std::vector<std::vector<torch::Tensor>>& per_seed);

/// Drops the gradients of `opt`'s parameters, as zero_grad() does but without its in-place detach,
/// which a gradient set_seed_grads left as a view refuses. Every learner with a stacked step starts
/// its own (unstacked) steps with it: a seed group may step a seed alone after stacked steps.
void clear_grads(torch::optim::Optimizer& opt);

/// One network's parameter lists, seed by seed: get(*item) for every item (a learner, a critic).
template <class T, class Get>
std::vector<std::vector<torch::Tensor>> seed_params(const std::vector<T*>& items, Get get) {
  std::vector<std::vector<torch::Tensor>> out;
  out.reserve(items.size());
  for (T* item : items) out.push_back(get(*item));
  return out;
}

/// stacked_leaves without gradients: the K networks read together in a pass that does not train them.
std::vector<torch::Tensor> stacked_values(const std::vector<std::vector<torch::Tensor>>& per_seed);

/// Points a twin network's layers at `params` ([W0, b0, ...], stacked or not), so that code which
/// reads the network's layers (layer_parameters(), forward()) computes with them; the twin's own
/// registered parameters are left unused. A stacked twin runs K seeds' networks through code
/// written for one.
void point_layers(MlpImpl& twin, const std::vector<torch::Tensor>& params);

/// The K tensors of a batch's field, one per seed, as one [K, ...] tensor.
torch::Tensor stack_seeds(const std::vector<torch::Tensor>& per_seed);

}  // namespace vaco::nets
