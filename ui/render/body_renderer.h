// Draws a MuJoCo body in a given joint state into an image, with MuJoCo's own renderer in an
// offscreen OpenGL context (a display, or xvfb-run, is needed; Qt's offscreen platform has no
// OpenGL).
#pragma once
#include <QImage>
#include <QSize>
#include <QString>
#include <QVector>

#include <memory>

namespace vaco::ui {

/// One environment's body, drawn on request; lives and renders on the GUI thread.
class BodyRenderer {
 public:
  BodyRenderer();
  ~BodyRenderer();
  BodyRenderer(const BodyRenderer&) = delete;
  BodyRenderer& operator=(const BodyRenderer&) = delete;

  /// Loads the body of `env` (a MuJoCo family or id, "hopper", "Walker2d-v5"); false with
  /// error() set when it cannot.
  bool setEnv(const QString& env);
  /// The loaded environment's name; empty before a successful setEnv.
  QString env() const;
  /// Joint positions the body takes (0 before a successful setEnv).
  int qposDim() const;
  /// The body at joint positions `qpos` (qposDim() values), seen from the side by a camera that
  /// follows the root along x at a fixed height, as a `size` image (at most 1600 x 1200). A null
  /// image, with error() set, when there is no OpenGL or no body.
  QImage render(const QVector<double>& qpos, QSize size);
  /// Why the last setEnv or render failed; empty after a success.
  QString error() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> d_;
};

}  // namespace vaco::ui
