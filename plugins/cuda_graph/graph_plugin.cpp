// A C interface to at::cuda::CUDAGraph for core/util/cuda_graph.cpp: capture on a side stream into
// the graph's private memory pool, then replay on the caller's current stream.
#include <ATen/cuda/CUDAContext.h>
#include <ATen/cuda/CUDAGraph.h>
#include <ATen/cuda/CUDAEvent.h>
#include <c10/cuda/CUDAGuard.h>

#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <string>

namespace {

struct Graph {
  at::cuda::CUDAGraph graph;
  std::optional<c10::cuda::CUDAStreamGuard> capture_guard;
  std::optional<at::cuda::CUDAStream> caller;
};

thread_local std::string last_error;

// Runs `f`, keeping an exception's text for vaco_graph_error(); 0 on success, -1 on failure.
template <class F>
int guarded(F&& f) {
  try {
    f();
    return 0;
  } catch (const c10::Error& e) {
    last_error = e.what_without_backtrace();
  } catch (const std::exception& e) {
    last_error = e.what();
  } catch (...) {
    last_error = "unknown error";
  }
  return -1;
}

}  // namespace

extern "C" {

/// A new, empty graph (nullptr on failure).
__attribute__((visibility("default"))) void* vaco_graph_new() {
  Graph* g = nullptr;
  guarded([&] { g = new Graph(); });
  return g;
}

/// Begins capturing the work queued on the current device's current stream from here on: work
/// moves to a side stream that waits for the caller's, allocations go to the graph's pool.
__attribute__((visibility("default"))) int vaco_graph_capture_begin(void* handle) {
  return guarded([&] {
    auto* g = static_cast<Graph*>(handle);
    g->caller = at::cuda::getCurrentCUDAStream();
    at::cuda::CUDAStream side = at::cuda::getStreamFromPool();
    at::cuda::CUDAEvent ready;
    ready.record(*g->caller);
    ready.block(side);
    g->capture_guard.emplace(side);
    g->graph.capture_begin();
  });
}

/// Ends the capture and instantiates the graph; the caller's stream then waits for the side stream.
__attribute__((visibility("default"))) int vaco_graph_capture_end(void* handle) {
  return guarded([&] {
    auto* g = static_cast<Graph*>(handle);
    g->graph.capture_end();
    at::cuda::CUDAEvent done;
    done.record(at::cuda::getCurrentCUDAStream());
    g->capture_guard.reset();
    done.block(*g->caller);
  });
}

/// Launches the captured work on the current stream.
__attribute__((visibility("default"))) int vaco_graph_replay(void* handle) {
  return guarded([&] { static_cast<Graph*>(handle)->graph.replay(); });
}

/// Frees the graph and its memory pool.
__attribute__((visibility("default"))) void vaco_graph_free(void* handle) {
  guarded([&] { delete static_cast<Graph*>(handle); });
}

/// The text of the last failure on this thread.
__attribute__((visibility("default"))) const char* vaco_graph_error() { return last_error.c_str(); }

}  // extern "C"
