// One episode's strips on one time axis: the reward per step, the run's weight per step, and a
// live run's Q of each recorded action with its distance from the policy's action, with a cursor
// at the step the body view shows.
#pragma once
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPAxisRect;
class QCPGraph;
class QCPItemStraightLine;
class QCPTextElement;

namespace vaco::ui {

/// Reward and weight against time step of one episode; a click picks a step.
class EpisodeStripPlot : public QWidget {
  Q_OBJECT
 public:
  explicit EpisodeStripPlot(QWidget* parent = nullptr);

  /// Shows an episode's `rewards` per step, with no weights or probe yet and the cursor at 0.
  void setEpisode(const QVector<double>& rewards);
  /// Shows the episode's `weights` per step when known (else empty, and `note` says why in the
  /// weight strip's title).
  void setWeights(const QVector<double>& weights, const QString& note = {});
  /// Shows a live run's Q per step and |a - pi(s)| per step (each may be empty; both empty:
  /// `note` says why in the strip's title).
  void setProbe(const QVector<double>& q, const QVector<double>& actionDistance, const QString& note = {});
  /// The plotted Q per step (empty when none).
  QVector<double> probeQ() const { return q_; }
  /// The plotted |a - pi(s)| per step (empty when none).
  QVector<double> actionDistance() const { return distance_; }
  /// Shows the rewards of the run's policy rolled out from the episode's first state beside the
  /// data's (dashed; empty clears them); the time axis spans the longer of the two.
  void setPolicyRewards(const QVector<double>& rewards);
  /// The policy's plotted rewards (empty when none).
  QVector<double> policyRewards() const { return policyRewards_; }
  /// Moves the cursor to `step`.
  void setCursorStep(int step);
  /// The step under the cursor.
  int cursorStep() const { return cursor_; }
  /// The plotted rewards, in time order.
  QVector<double> rewards() const { return rewards_; }
  /// The plotted weights, in time order (empty when the episode has none).
  QVector<double> weights() const { return weights_; }
  /// The weight strip's title (on one line; shown broken after "Weight per step" when narrow).
  QString weightTitle() const;
  /// Writes step,reward,weight,q,action_distance as CSV (empty fields where unknown), with a
  /// last column policy_reward while the policy's rewards are shown (rows up to the longer).
  bool saveCsv(const QString& path) const;
  /// The QCustomPlot inside.
  QCustomPlot* plot() const { return plot_; }

 signals:
  /// The user clicked or dragged on the strips at `step`.
  void stepPicked(int step);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void pickAt(double pixelX);
  /// 0, 1, ..., n - 1.
  static QVector<double> steps(qsizetype n);
  /// 0, 1, ... one per reward: the strips' data time axis.
  QVector<double> steps() const { return steps(rewards_.size()); }
  /// Steps on the time axis: the longer of the data's and the policy's episodes.
  int span() const;
  void fitTimeAxis();
  void fitTitle();

  QCustomPlot* plot_ = nullptr;
  QCPAxisRect* weightRect_ = nullptr;
  QCPGraph* reward_ = nullptr;
  QCPGraph* policyReward_ = nullptr;
  QCPTextElement* rewardTitle_ = nullptr;
  QCPGraph* weight_ = nullptr;
  QCPGraph* q_graph_ = nullptr;
  QCPGraph* distance_graph_ = nullptr;
  QCPItemStraightLine* probeCursor_ = nullptr;
  QCPTextElement* probeTitle_ = nullptr;
  QCPItemStraightLine* rewardCursor_ = nullptr;
  QCPItemStraightLine* weightCursor_ = nullptr;
  QCPTextElement* weightTitle_ = nullptr;
  QString weightText_, probeText_;
  QVector<double> rewards_, weights_, q_, distance_, policyRewards_;
  int cursor_ = 0;
};

}  // namespace vaco::ui
