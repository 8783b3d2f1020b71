// File > Generate dataset: the projectile toy, or one of D4RL's recipes from a `vaco sac` run.
#pragma once
#include <QDialog>

#include "ui/app/dataset_service.h"

class QComboBox;
class QDialogButtonBox;
class QLineEdit;
class QSpinBox;

namespace vaco::ui {

/// A form that yields a GenerateRequest; OK stays disabled until the request is complete.
class GenerateDialog : public QDialog {
  Q_OBJECT
 public:
  explicit GenerateDialog(QWidget* parent = nullptr);
  /// The request the form describes.
  GenerateRequest request() const;
  /// Fills the form (for tests and scripted screenshots).
  void setRequest(const GenerateRequest& request);
  /// Why OK is disabled ("" when it is enabled).
  QString problem() const;

 private:
  void update();

  QComboBox* kind_ = nullptr;
  QLineEdit* sac_run_ = nullptr;
  QSpinBox* rows_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QLineEdit* out_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
  QWidget* recipe_fields_ = nullptr;
};

}  // namespace vaco::ui
