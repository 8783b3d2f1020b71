#include "ui/app/generate_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace vaco::ui {
namespace {

// A line edit with a "Browse..." button that runs `choose` and puts its answer in the edit.
QWidget* with_browse(QLineEdit* edit, const std::function<QString()>& choose) {
  auto* box = new QWidget;
  auto* row = new QHBoxLayout(box);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(edit, 1);
  auto* browse = new QPushButton("Browse...");
  row->addWidget(browse);
  QObject::connect(browse, &QPushButton::clicked, edit, [edit, choose] {
    const QString picked = choose();
    if (!picked.isEmpty()) edit->setText(picked);
  });
  return box;
}

}  // namespace

GenerateDialog::GenerateDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle("Generate dataset");
  kind_ = new QComboBox;
  kind_->addItem("Projectile toy (20,000 throws)", "projectile");
  for (const QString& recipe : d4rlRecipeNames()) kind_->addItem("D4RL recipe: " + recipe, recipe);
  sac_run_ = new QLineEdit;
  sac_run_->setPlaceholderText("a run directory of `vaco sac`");
  rows_ = new QSpinBox;
  rows_->setRange(0, 100'000'000);
  rows_->setSingleStep(100'000);
  rows_->setSpecialValueText("default (1,000,000; medium-replay: the buffer's)");
  seed_ = new QSpinBox;
  seed_->setRange(0, 1'000'000);
  out_ = new QLineEdit;
  out_->setPlaceholderText("the .hdf5 file to write");

  recipe_fields_ = new QWidget;
  auto* recipe_form = new QFormLayout(recipe_fields_);
  recipe_form->setContentsMargins(0, 0, 0, 0);
  recipe_form->addRow("SAC run", with_browse(sac_run_, [this] {
                        return QFileDialog::getExistingDirectory(this, "SAC run directory");
                      }));
  recipe_form->addRow("Rows per policy", rows_);
  recipe_form->addRow("Seed", seed_);

  auto* form = new QFormLayout;
  form->addRow("Dataset", kind_);
  form->addRow(recipe_fields_);
  form->addRow("Output file", with_browse(out_, [this] {
                 return QFileDialog::getSaveFileName(this, "Write the dataset to", out_->text(), "HDF5 datasets (*.hdf5)");
               }));
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  buttons_->button(QDialogButtonBox::Ok)->setText("Generate");
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons_);

  connect(kind_, &QComboBox::currentIndexChanged, this, &GenerateDialog::update);
  connect(sac_run_, &QLineEdit::textChanged, this, &GenerateDialog::update);
  connect(out_, &QLineEdit::textChanged, this, &GenerateDialog::update);
  update();
}

GenerateRequest GenerateDialog::request() const {
  GenerateRequest r;
  r.kind = kind_->currentData().toString();
  r.sacRun = sac_run_->text().trimmed();
  r.rows = rows_->value();
  r.seed = quint64(seed_->value());
  r.out = out_->text().trimmed();
  return r;
}

void GenerateDialog::setRequest(const GenerateRequest& r) {
  kind_->setCurrentIndex(std::max(0, kind_->findData(r.kind)));
  sac_run_->setText(r.sacRun);
  rows_->setValue(int(r.rows));
  seed_->setValue(int(r.seed));
  out_->setText(r.out);
}

QString GenerateDialog::problem() const {
  const GenerateRequest r = request();
  if (r.kind != "projectile" && r.sacRun.isEmpty()) return "choose the SAC run whose policies act";
  if (r.out.isEmpty()) return "choose the output file";
  return {};
}

void GenerateDialog::update() {
  recipe_fields_->setVisible(kind_->currentData().toString() != "projectile");
  const QString why = problem();
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
  buttons_->button(QDialogButtonBox::Ok)->setToolTip(why);
  adjustSize();
}

}  // namespace vaco::ui
