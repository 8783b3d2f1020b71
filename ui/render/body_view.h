// A widget that shows a MuJoCo body in one joint state (a BodyRenderer's image), or a one-line
// reason when it cannot.
#pragma once
#include <QImage>
#include <QVector>
#include <QWidget>

#include "ui/render/body_renderer.h"

namespace vaco::ui {

/// The body at one time step; re-renders on each pose and on resize.
class BodyView : public QWidget {
  Q_OBJECT

 public:
  explicit BodyView(QWidget* parent = nullptr);

  /// Shows `env`'s body (a MuJoCo family or id); an empty env shows `reason` instead.
  void setEnv(const QString& env, const QString& reason = {});
  /// Puts the body in joint state `qpos` and draws it.
  void setPose(const QVector<double>& qpos);
  /// The image drawn last (null when the view shows a reason).
  QImage image() const { return image_; }
  /// What the view says instead of a body; empty while it draws one.
  QString message() const { return message_; }
  QSize sizeHint() const override { return {480, 360}; }

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void redraw();

  BodyRenderer renderer_;
  QVector<double> qpos_;
  QImage image_;
  QString message_;
};

}  // namespace vaco::ui
