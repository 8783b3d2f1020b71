// The Compare tab's run list as a Qt table model over the MetricStore: one checkable row per
// run with its colour swatch, label, algorithm, seed and status.
#pragma once
#include <QAbstractTableModel>
#include <QColor>
#include <QList>
#include <QMap>
#include <QSet>

namespace vaco::ui {

class MetricStore;

/// Rows follow the store's runs in the order they were added. Which runs are shown (checked)
/// and the colour of their swatch are the view's choices, kept here.
class RunListModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  /// The columns.
  enum Column { kLabelColumn, kAlgoColumn, kSeedColumn, kStatusColumn, kColumnCount };

  /// A model of `store`'s runs (which must outlive it).
  explicit RunListModel(const MetricStore& store, QObject* parent = nullptr);

  /// One row per run.
  int rowCount(const QModelIndex& parent = {}) const override;
  /// Run, Algo, Seed, Status.
  int columnCount(const QModelIndex& parent = {}) const override;
  /// The cell's text, check state (label column), swatch and tooltip.
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  /// The column titles.
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  /// Label cells are checkable.
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  /// Checks or unchecks a run from its label cell.
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

  /// The run shown in `row`, or -1.
  int runAt(int row) const { return row >= 0 && row < rows_.size() ? rows_[row] : -1; }
  /// The row of `run`, or -1.
  int rowOf(int run) const { return int(rows_.indexOf(run)); }
  /// Whether a run is checked (shown in the plot); new runs are.
  bool isChecked(int run) const { return rows_.contains(run) && !unchecked_.contains(run); }
  /// Checks or unchecks a run.
  void setChecked(int run, bool on);
  /// The checked runs, in row order.
  QList<int> checkedRuns() const;
  /// Sets the colour of a run's swatch.
  void setSwatch(int run, const QColor& color);
  /// The colour of a run's swatch (invalid before one is set).
  QColor swatch(int run) const { return swatches_.value(run); }

 signals:
  /// A run was checked or unchecked.
  void checkedChanged(int run, bool on);

 private:
  const MetricStore& store_;
  QList<int> rows_;
  QSet<int> unchecked_;
  QMap<int, QColor> swatches_;
};

}  // namespace vaco::ui
