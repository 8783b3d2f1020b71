// CUDA graph capture and replay through the plugin libvaco_cuda_graph.so (plugins/cuda_graph),
// loaded on first use, so that nothing here links a CUDA library.
#pragma once
#include <memory>
#include <string>

namespace vaco {

/// Why CUDA graphs cannot be used, in words that end a sentence ("" when they can).
std::string cuda_graph_unavailable_reason();

/// One captured CUDA graph. Work queued on the current CUDA stream between capture_begin() and
/// capture_end() is recorded, not run; replay() runs it on the current stream.
class CudaGraph {
 public:
  /// An empty graph; throws vaco::Error naming why when graphs cannot be used.
  CudaGraph();
  ~CudaGraph();
  CudaGraph(const CudaGraph&) = delete;
  CudaGraph& operator=(const CudaGraph&) = delete;

  /// Starts recording the current stream's work (on a side stream, into the graph's own memory pool).
  void capture_begin();
  /// Stops recording and instantiates the graph.
  void capture_end();
  /// Runs the recorded work once.
  void replay();

 private:
  void* handle_ = nullptr;
};

}  // namespace vaco
