#include "ui/render/body_renderer.h"

#ifdef VACO_WITH_MUJOCO
#include "core/envs/mujoco/env_registry.h"

#include <mujoco/mujoco.h>

#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QSurfaceFormat>
#endif

#include <algorithm>
#include <cmath>
#include <vector>

namespace vaco::ui {

namespace {
constexpr int kMaxWidth = 1600, kMaxHeight = 1200;
}  // namespace

#ifdef VACO_WITH_MUJOCO

struct BodyRenderer::Impl {
  QString env, error;
  std::unique_ptr<QOpenGLContext> context;
  std::unique_ptr<QOffscreenSurface> surface;
  mjModel* model = nullptr;  ///< a private copy whose offscreen buffer size is ours to set
  mjData* data = nullptr;
  mjvScene scene{};
  mjvCamera camera{};
  mjvOption option{};
  mjrContext gl{};
  bool sceneMade = false, glMade = false;
  double lookHeight = 1.0;  ///< the camera's fixed lookat height: the root's height at rest
  std::vector<unsigned char> rgb;

  ~Impl() { release(); }

  // Frees MuJoCo's GL resources (with the context current) and the model.
  void release() {
    if (glMade && context && context->makeCurrent(surface.get())) mjr_freeContext(&gl);
    glMade = false;
    if (sceneMade) mjv_freeScene(&scene);
    sceneMade = false;
    if (data) mj_deleteData(data);
    if (model) mj_deleteModel(model);
    data = nullptr;
    model = nullptr;
  }

  // Dark stripes across the plain floor at every metre of x near the root, so that forward
  // motion shows although the camera follows the root.
  void addDistanceMarks() {
    const double root = data->xpos[3 * 1 + 0];
    const mjtNum size[3] = {0.015, 2.0, 0.001};
    const float rgba[4] = {0.45f, 0.55f, 0.45f, 1.0f};
    for (int k = -8; k <= 8 && scene.ngeom < scene.maxgeom; ++k) {
      const mjtNum pos[3] = {std::floor(root) + k, 0.0, 0.001};
      mjv_initGeom(scene.geoms + scene.ngeom++, mjGEOM_BOX, size, pos, nullptr, rgba);
    }
  }

  // Makes the OpenGL context current, creating it on first use; false with `error` set.
  bool makeCurrent() {
    if (!context) {
      QSurfaceFormat format;
      format.setProfile(QSurfaceFormat::CompatibilityProfile);  // MuJoCo's renderer is fixed-function GL
      format.setVersion(2, 1);
      auto c = std::make_unique<QOpenGLContext>();
      c->setFormat(format);
      if (!c->create()) {
        error = "no OpenGL context on this display (the body view needs a desktop session or xvfb-run)";
        return false;
      }
      surface = std::make_unique<QOffscreenSurface>();
      surface->setFormat(c->format());
      surface->create();
      context = std::move(c);
    }
    if (!context->makeCurrent(surface.get())) {
      error = "cannot make the OpenGL context current";
      return false;
    }
    return true;
  }
};

BodyRenderer::BodyRenderer() : d_(std::make_unique<Impl>()) {}
BodyRenderer::~BodyRenderer() = default;

bool BodyRenderer::setEnv(const QString& env) {
  if (env == d_->env && d_->model) return true;
  if (d_->context && d_->glMade) d_->makeCurrent();
  d_->release();
  d_->env.clear();
  try {
    const std::unique_ptr<MujocoEnv> e = make_mujoco_env(env.toStdString());
    d_->model = mj_copyModel(nullptr, &e->model());
  } catch (const std::exception& ex) {
    d_->error = QString::fromStdString(ex.what());
    return false;
  }
  d_->model->vis.global.offwidth = kMaxWidth;
  d_->model->vis.global.offheight = kMaxHeight;
  // Software OpenGL (llvmpipe, Xvfb) is the slow case: no multisampling (its resolve doubles
  // the read-back) and a 1024-texel shadow map instead of 4096 keep a frame near 20 ms there.
  d_->model->vis.quality.offsamples = 0;
  d_->model->vis.quality.shadowsize = 1024;
  d_->data = mj_makeData(d_->model);
  mj_forward(d_->model, d_->data);
  d_->lookHeight = d_->data->xpos[3 * 1 + 2];  // body 1 is the root (torso) in every family
  mjv_defaultScene(&d_->scene);
  mjv_makeScene(d_->model, &d_->scene, 2000);
  d_->sceneMade = true;
  d_->scene.flags[mjRND_REFLECTION] = 0;  // the floor's mirror image renders the body twice
  mjv_defaultOption(&d_->option);
  mjv_defaultFreeCamera(d_->model, &d_->camera);
  d_->camera.type = mjCAMERA_FREE;
  d_->camera.azimuth = 90;     // looking along +y: x runs to the right
  d_->camera.elevation = -10;
  d_->camera.distance = std::max(3.0, 2.2 * d_->lookHeight + 1.5);
  d_->env = env;
  d_->error.clear();
  return true;
}

QString BodyRenderer::env() const { return d_->env; }
int BodyRenderer::qposDim() const { return d_->model ? d_->model->nq : 0; }
QString BodyRenderer::error() const { return d_->error; }

QImage BodyRenderer::render(const QVector<double>& qpos, QSize size) {
  if (!d_->model) {
    if (d_->error.isEmpty()) d_->error = "no body loaded";
    return {};
  }
  if (qpos.size() != d_->model->nq) {
    d_->error = QString("%1 joint positions given, %2 has %3").arg(qpos.size()).arg(d_->env).arg(d_->model->nq);
    return {};
  }
  if (!d_->makeCurrent()) return {};
  if (!d_->glMade) {
    mjr_defaultContext(&d_->gl);
    try {  // MuJoCo's errors throw (install_mujoco_handlers): an OpenGL it cannot use, say
      mjr_makeContext(d_->model, &d_->gl, mjFONTSCALE_100);
    } catch (const std::exception& e) {
      mjr_freeContext(&d_->gl);
      d_->error = QString("MuJoCo's renderer cannot use this OpenGL: %1").arg(e.what());
      return {};
    }
    d_->glMade = true;
  }
  std::copy(qpos.begin(), qpos.end(), d_->data->qpos);
  mj_forward(d_->model, d_->data);
  d_->camera.lookat[0] = d_->data->xpos[3 * 1 + 0];
  d_->camera.lookat[1] = 0.0;
  d_->camera.lookat[2] = d_->lookHeight;
  const int w = std::clamp(size.width(), 16, std::min(kMaxWidth, d_->gl.offWidth));
  const int h = std::clamp(size.height(), 16, std::min(kMaxHeight, d_->gl.offHeight));
  mjr_setBuffer(mjFB_OFFSCREEN, &d_->gl);
  const mjrRect viewport{0, 0, w, h};
  mjv_updateScene(d_->model, d_->data, &d_->option, nullptr, &d_->camera, mjCAT_ALL, &d_->scene);
  d_->addDistanceMarks();
  mjr_render(viewport, &d_->scene, &d_->gl);
  d_->rgb.resize(size_t(w) * size_t(h) * 3);
  mjr_readPixels(d_->rgb.data(), nullptr, viewport, &d_->gl);
  // MuJoCo clears to black where a model has no skybox (the locomotion models have none): that
  // empty background becomes a pale sky. Lit geoms and shadows are never exactly black.
  for (size_t i = 0; i + 2 < d_->rgb.size(); i += 3)
    if (d_->rgb[i] == 0 && d_->rgb[i + 1] == 0 && d_->rgb[i + 2] == 0) {
      d_->rgb[i] = 222;
      d_->rgb[i + 1] = 232;
      d_->rgb[i + 2] = 242;
    }
  d_->error.clear();
  // OpenGL's rows run bottom to top.
  return QImage(d_->rgb.data(), w, h, w * 3, QImage::Format_RGB888).mirrored();
}

#else  // without MuJoCo: every request says so

struct BodyRenderer::Impl {};
BodyRenderer::BodyRenderer() : d_(std::make_unique<Impl>()) {}
BodyRenderer::~BodyRenderer() = default;
bool BodyRenderer::setEnv(const QString&) { return false; }
QString BodyRenderer::env() const { return {}; }
int BodyRenderer::qposDim() const { return 0; }
QImage BodyRenderer::render(const QVector<double>&, QSize) { return {}; }
QString BodyRenderer::error() const { return "this build has no MuJoCo (VACO_WITH_MUJOCO=OFF)"; }

#endif

}  // namespace vaco::ui
