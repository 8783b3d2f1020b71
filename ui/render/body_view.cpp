#include "ui/render/body_view.h"

#include <QPainter>
#include <QResizeEvent>

namespace vaco::ui {

BodyView::BodyView(QWidget* parent) : QWidget(parent) {
  setObjectName("bodyView");
  setMinimumSize(160, 120);
  message_ = "Pick an episode of a MuJoCo dataset to see its body.";
}

void BodyView::setEnv(const QString& env, const QString& reason) {
  qpos_.clear();
  image_ = {};
  if (env.isEmpty()) {
    message_ = reason.isEmpty() ? QString("No body to draw.") : "No body to draw: " + reason;
  } else if (!renderer_.setEnv(env)) {
    message_ = "No body to draw: " + renderer_.error();
  } else {
    message_.clear();
  }
  update();
}

void BodyView::setPose(const QVector<double>& qpos) {
  qpos_ = qpos;
  redraw();
}

void BodyView::redraw() {
  if (renderer_.env().isEmpty() || qpos_.isEmpty()) return;
  const QImage img = renderer_.render(qpos_, size() * devicePixelRatioF());
  if (img.isNull()) {
    image_ = {};
    message_ = "No body to draw: " + renderer_.error();
  } else {
    image_ = img;
    image_.setDevicePixelRatio(devicePixelRatioF());
    message_.clear();
  }
  update();
}

void BodyView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  if (!image_.isNull()) {
    p.drawImage(rect(), image_);
    return;
  }
  p.fillRect(rect(), palette().window());
  p.setPen(palette().color(QPalette::PlaceholderText));
  p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, message_);
}

void BodyView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  redraw();
}

}  // namespace vaco::ui
