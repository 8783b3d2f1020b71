#include "ui/model/episode_table_model.h"

#include <cmath>
#include <limits>

namespace vaco::ui {

EpisodeTableModel::EpisodeTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void EpisodeTableModel::setSource(std::shared_ptr<const EpisodeSource> source) {
  beginResetModel();
  source_ = std::move(source);
  meanWeights_.clear();
  endResetModel();
}

void EpisodeTableModel::setMeanWeights(const QVector<double>& meanWeights) {
  meanWeights_ = source_ && meanWeights.size() == source_->episodes().size() ? meanWeights : QVector<double>();
  if (rowCount() > 0) emit dataChanged(index(0, MeanWeight), index(rowCount() - 1, MeanWeight));
}

int EpisodeTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() || !source_ ? 0 : int(source_->episodes().size());
}

int EpisodeTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant EpisodeTableModel::data(const QModelIndex& index, int role) const {
  if (!source_ || !index.isValid() || index.row() >= rowCount()) return {};
  const EpisodeInfo& e = source_->episodes()[index.row()];
  const double weight = meanWeights_.isEmpty() ? std::numeric_limits<double>::quiet_NaN() : meanWeights_[index.row()];
  const QStringList names = source_->labelNames();
  const QString source = e.label >= 0 && e.label < names.size() ? names[e.label] : QString();
  if (role == Qt::UserRole) {
    switch (index.column()) {
      case Index: return double(index.row());
      case Return: return e.ret;
      case Length: return double(e.length);
      case End: return e.end;
      case Source: return double(e.label);
      case MeanWeight: return weight;
      default: return {};
    }
  }
  if (role == Qt::TextAlignmentRole)
    return QVariant::fromValue(index.column() == End || index.column() == Source ? Qt::AlignLeft | Qt::AlignVCenter
                                                                                  : Qt::AlignRight | Qt::AlignVCenter);
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Index: return index.row();
    case Return: return QString::number(e.ret, 'f', 1);
    case Length: return e.length;
    case End: return e.end;
    case Source: return source;
    case MeanWeight: return std::isnan(weight) ? QString() : QString::number(weight, 'f', 3);
    default: return {};
  }
}

QVariant EpisodeTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Index: return "#";
    case Return: return "return";
    case Length: return "length";
    case End: return "end";
    case Source: return "source";
    case MeanWeight: return "mean weight";
    default: return {};
  }
}

}  // namespace vaco::ui
