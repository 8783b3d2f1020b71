// The Trajectories tab's episode table: one row per episode of the open dataset, with the
// mean weight a run gave it when a run's snapshot covers it.
#pragma once
#include <QAbstractTableModel>
#include <QVector>

#include <memory>

#include "ui/app/episode_source.h"

namespace vaco::ui {

/// Episodes as rows: #, return, length, end, source, mean weight. Qt::UserRole gives each
/// cell's sortable value (numbers as double; a missing mean weight as NaN).
class EpisodeTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Index, Return, Length, End, Source, MeanWeight, ColumnCount };

  explicit EpisodeTableModel(QObject* parent = nullptr);
  /// Shows the episodes of `source` (null: none); forgets the mean weights.
  void setSource(std::shared_ptr<const EpisodeSource> source);
  /// The mean weight of each episode (NaN where unknown); a vector of another size clears them.
  void setMeanWeights(const QVector<double>& meanWeights);
  /// The episodes shown (null when none).
  const std::shared_ptr<const EpisodeSource>& source() const { return source_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  std::shared_ptr<const EpisodeSource> source_;
  QVector<double> meanWeights_;
};

}  // namespace vaco::ui
