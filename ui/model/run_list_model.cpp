#include "ui/model/run_list_model.h"

#include <QIcon>
#include <QPixmap>

#include "ui/model/metric_store.h"

namespace vaco::ui {
namespace {

QIcon swatchIcon(const QColor& color) {
  QPixmap pixmap(12, 12);
  pixmap.fill(color);
  return QIcon(pixmap);
}

}  // namespace

RunListModel::RunListModel(const MetricStore& store, QObject* parent)
    : QAbstractTableModel(parent), store_(store), rows_(store.runIds()) {
  connect(&store, &MetricStore::runAdded, this, [this](int run) {
    beginInsertRows({}, int(rows_.size()), int(rows_.size()));
    rows_.append(run);
    endInsertRows();
  });
  connect(&store, &MetricStore::runRemoved, this, [this](int run) {
    const int row = rowOf(run);
    if (row < 0) return;
    beginRemoveRows({}, row, row);
    rows_.removeAt(row);
    unchecked_.remove(run);
    swatches_.remove(run);
    endRemoveRows();
  });
  connect(&store, &MetricStore::runChanged, this, [this](int run) {
    if (const int row = rowOf(run); row >= 0) emit dataChanged(index(row, 0), index(row, kColumnCount - 1));
  });
}

int RunListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

int RunListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : kColumnCount; }

QVariant RunListModel::data(const QModelIndex& index, int role) const {
  const StoredRun* r = store_.run(runAt(index.row()));
  if (!r || !index.isValid()) return {};
  const int run = runAt(index.row());
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case kLabelColumn: return r->label;
      case kAlgoColumn: return r->algo;
      case kSeedColumn: return r->seed;
      case kStatusColumn: return r->status;
      default: return {};
    }
  }
  if (index.column() == kLabelColumn) {
    if (role == Qt::CheckStateRole) return isChecked(run) ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::DecorationRole && swatches_.contains(run)) return swatchIcon(swatches_.value(run));
    if (role == Qt::ToolTipRole) return r->dir.isEmpty() ? QString("live run") : r->dir;
    if (role == Qt::UserRole) return run;
  }
  if (index.column() == kStatusColumn && role == Qt::ToolTipRole && !r->note.isEmpty()) return r->note;
  return {};
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* const titles[] = {"Run", "Algo", "Seed", "Status"};
  return section >= 0 && section < kColumnCount ? QString(titles[section]) : QVariant();
}

Qt::ItemFlags RunListModel::flags(const QModelIndex& index) const {
  Qt::ItemFlags f = QAbstractTableModel::flags(index);
  if (index.isValid() && index.column() == kLabelColumn) f |= Qt::ItemIsUserCheckable;
  return f;
}

bool RunListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid() || index.column() != kLabelColumn || role != Qt::CheckStateRole) return false;
  setChecked(runAt(index.row()), value.toInt() == Qt::Checked);
  return true;
}

void RunListModel::setChecked(int run, bool on) {
  const int row = rowOf(run);
  if (row < 0 || isChecked(run) == on) return;
  if (on) unchecked_.remove(run);
  else unchecked_.insert(run);
  emit dataChanged(index(row, kLabelColumn), index(row, kLabelColumn), {Qt::CheckStateRole});
  emit checkedChanged(run, on);
}

QList<int> RunListModel::checkedRuns() const {
  QList<int> out;
  for (int run : rows_)
    if (!unchecked_.contains(run)) out.append(run);
  return out;
}

void RunListModel::setSwatch(int run, const QColor& color) {
  const int row = rowOf(run);
  if (row < 0 || swatches_.value(run) == color) return;
  swatches_.insert(run, color);
  emit dataChanged(index(row, kLabelColumn), index(row, kLabelColumn), {Qt::DecorationRole});
}

}  // namespace vaco::ui
