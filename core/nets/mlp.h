// A plain stack of Linear layers with ReLU between them; the building block of every network.
#pragma once
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

namespace vaco::nets {

/// Width and depth of the hidden part of a network (the paper's VACO uses 3 x 256).
struct NetShape {
  int64_t hidden = 256;  ///< units per hidden layer
  int64_t depth = 3;     ///< number of hidden layers
  /// Throws vaco::Error when hidden or depth is below 1.
  void validate(const char* what) const;
};

/// in -> [hidden, ReLU] x depth -> out, with a linear output.
struct MlpImpl : torch::nn::Module {
  /// Builds depth + 1 Linear layers, registered as "l0", "l1", ...
  MlpImpl(int64_t in_dim, int64_t out_dim, NetShape shape = {});
  /// The network's output for a batch x [B, in_dim] -> [B, out_dim].
  torch::Tensor forward(const torch::Tensor& x);
  /// The layers' parameters in functional_mlp's order: [W0, b0, W1, b1, ...].
  std::vector<torch::Tensor> layer_parameters() const;

  std::vector<torch::nn::Linear> layers;
};
TORCH_MODULE(Mlp);

}  // namespace vaco::nets
