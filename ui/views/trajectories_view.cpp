#include "ui/views/trajectories_view.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>
#include <numeric>
#include <limits>

#include "ui/model/episode_table_model.h"
#include "ui/plots/episode_strip_plot.h"
#include "ui/plots/maze_plot.h"
#include "ui/render/body_view.h"

namespace vaco::ui {

namespace {
/// Episodes of the run's policy drawn in a maze: enough to see where it goes, about a second.
constexpr int kMazeEvaluationEpisodes = 10;

// Runs `work` on a thread of its own and passes its result to `deliver` on the GUI thread, queued,
// unless `view` is gone by then (the view's rollouts load a policy and step a body up to 1000 times).
template <typename Work, typename Deliver>
void offGuiThread(QObject* view, Work work, Deliver deliver) {
  QPointer<QObject> alive(view);
  QThread* worker = QThread::create([alive, work = std::move(work), deliver = std::move(deliver)] {
    auto result = work();
    QMetaObject::invokeMethod(qApp, [alive, deliver, result = std::move(result)] {
      if (alive) deliver(result);
    }, Qt::QueuedConnection);
  });
  QObject::connect(worker, &QThread::finished, worker, &QObject::deleteLater);
  worker->start();
}

// A widget that stacks `top` above `main`, which takes the height left, with no margins.
QWidget* stacked(QWidget* parent, QWidget* top, QWidget* main) {
  auto* w = new QWidget(parent);
  auto* layout = new QVBoxLayout(w);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(top);
  layout->addWidget(main, 1);
  return w;
}

// The joint positions at `step` of poses [steps * nq], holding the last one after the end.
QVector<double> poseOf(const QVector<double>& poses, int nq, int step) {
  if (nq == 0 || poses.size() < nq) return {};
  const int last = int(poses.size() / nq) - 1;
  return poses.mid(std::min(step, last) * nq, nq);
}

}  // namespace

TrajectoriesView::TrajectoriesView(QWidget* parent) : QWidget(parent) {
  setObjectName("trajectoriesView");
  model_ = new EpisodeTableModel(this);
  sorted_ = new QSortFilterProxyModel(this);
  sorted_->setSourceModel(model_);
  sorted_->setSortRole(Qt::UserRole);
  table_ = new QTableView(this);
  table_->setObjectName("episodeTable");
  table_->setModel(sorted_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(EpisodeTableModel::Index, Qt::AscendingOrder);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->hide();
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->setMinimumWidth(200);  // narrow windows scroll the table rather than grow
  table_->horizontalHeader()->setStretchLastSection(true);
  status_ = new QLabel(this);
  status_->setObjectName("trajectoriesStatus");
  status_->setWordWrap(true);
  QWidget* left = stacked(this, status_, table_);

  body_ = new BodyView(this);
  policyBody_ = new BodyView(this);
  policyBody_->setObjectName("policyBodyView");
  dataCaption_ = new QLabel(this);
  dataCaption_->setObjectName("dataCaption");
  policyCaption_ = new QLabel(this);
  policyCaption_->setObjectName("policyCaption");
  auto* bodies = new QWidget(this);
  auto* bodiesLayout = new QHBoxLayout(bodies);
  bodiesLayout->setContentsMargins(0, 0, 0, 0);
  maze_ = new MazePlot(this);
  maze_->setObjectName("mazeView");
  dataViews_ = new QStackedWidget(this);
  dataViews_->addWidget(body_);
  dataViews_->addWidget(maze_);
  QWidget* dataPane = stacked(bodies, dataCaption_, dataViews_);
  policyPane_ = stacked(bodies, policyCaption_, policyBody_);
  policyPane_->hide();
  bodiesLayout->addWidget(dataPane, 1);
  bodiesLayout->addWidget(policyPane_, 1);
  strips_ = new EpisodeStripPlot(this);
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setObjectName("stepSlider");
  slider_->setRange(0, 0);
  play_ = new QPushButton("Play", this);
  play_->setObjectName("playButton");
  play_->setCheckable(true);
  speed_ = new QComboBox(this);
  speed_->setObjectName("playSpeed");
  speed_->addItem("1x (real time)", 1.0);
  speed_->addItem("0.5x", 0.5);
  speed_->addItem("0.25x", 0.25);
  speed_->addItem("0.1x", 0.1);
  speed_->setToolTip("Playback speed against the simulated time of the environment");
  stepLabel_ = new QLabel(this);
  stepLabel_->setObjectName("stepLabel");
  compare_ = new QPushButton("Compare with the policy", this);
  compare_->setObjectName("comparePolicyButton");
  compare_->setCheckable(true);
  compare_->setToolTip("Roll the run's saved policy out from this episode's first state and draw it beside the data");
  auto* frames = new QPushButton("Save frames...", this);
  frames->setToolTip("Write the episode's body at every step as PNG frames into a folder");
  auto* controls = new QVBoxLayout;
  auto* transport = new QHBoxLayout;
  transport->addWidget(play_);
  transport->addWidget(speed_);
  transport->addWidget(slider_, 1);
  auto* readout = new QHBoxLayout;
  readout->addWidget(stepLabel_, 1);
  readout->addWidget(compare_);
  readout->addWidget(frames);
  controls->addLayout(transport);
  controls->addLayout(readout);
  auto* right = new QWidget(this);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(0, 0, 0, 0);
  auto* rightSplit = new QSplitter(Qt::Vertical, right);
  rightSplit->addWidget(bodies);
  rightSplit->addWidget(strips_);
  rightSplit->setSizes({340, 420});
  rightLayout->addWidget(rightSplit, 1);
  rightLayout->addLayout(controls);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(1, 1);
  split->setSizes({470, 730});
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);

  timer_ = new QTimer(this);
  timer_->setInterval(16);
  connect(timer_, &QTimer::timeout, this, &TrajectoriesView::tick);
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
    const int episode = current.isValid() ? sorted_->mapToSource(current).row() : -1;
    if (episode >= 0 && episode != episode_) showEpisode(episode);
  });
  connect(slider_, &QSlider::valueChanged, this, [this](int v) {
    if (v != step_) setStep(v);
  });
  connect(strips_, &EpisodeStripPlot::stepPicked, this, [this](int s) {
    setPlaying(false);
    setStep(s);
  });
  connect(play_, &QPushButton::toggled, this, &TrajectoriesView::setPlaying);
  connect(compare_, &QPushButton::toggled, this, &TrajectoriesView::setComparing);
  connect(speed_, &QComboBox::currentIndexChanged, this, [this] {
    if (playing()) setPlaying(true);  // restart the clock at the new speed from the cursor
  });
  connect(frames, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, "Save the episode's frames into");
    if (dir.isEmpty()) return;
    const QString problem = saveFrames(dir);
    status_->setText(problem.isEmpty() ? "Frames written to " + dir : "Cannot save the frames: " + problem);
  });
  updateStatus();
}

TrajectoriesView::~TrajectoriesView() = default;

void TrajectoriesView::setDatasetPath(const QString& path) {
  if (path == path_) return;
  path_ = path;
  setPlaying(false);
  source_.reset();
  loadedPath_.clear();
  error_.clear();
  model_->setSource(nullptr);
  episode_ = -1;
  poses_.clear();
  rewards_.clear();
  weights_.clear();
  replay_ = {};
  ++replayRequest_;
  strips_->setEpisode({});
  body_->setEnv({}, "no episode chosen");
  if (isVisible()) load();
  updateStatus();
}

bool TrajectoriesView::load() {
  if (path_.isEmpty()) return false;
  if (loadedPath_ == path_) return source_ != nullptr;
  loadedPath_ = path_;
  error_.clear();
  source_ = EpisodeSource::load(path_, &error_);
  model_->setSource(source_);
  // AntMaze: the walls and every episode's path, read once; snapshots only recolour them.
  mazePaths_.clear();
  const bool maze = source_ && !source_->mazeWalls().isEmpty();
  dataViews_->setCurrentWidget(maze ? static_cast<QWidget*>(maze_) : body_);
  clearMazeEvaluation();
  if (maze) {
    for (int e = 0; e < source_->episodes().size(); ++e) mazePaths_ << source_->path(e);
    maze_->setWalls(source_->mazeWalls());
    maze_->setPaths(mazePaths_);
    if (comparing()) requestMazeEvaluation();
  }
  if (source_) {
    body_->setEnv(source_->bodyEnv(), source_->noBodyReason());
    policyBody_->setEnv(source_->bodyEnv(), source_->noBodyReason());
    applySnapshot();
    if (!source_->episodes().isEmpty()) table_->selectRow(0);
  }
  updateStatus();
  return source_ != nullptr;
}

void TrajectoriesView::setSnapshot(std::shared_ptr<const analysis::AnalysisSnapshot> snapshot, const QString& run) {
  snapshot_ = std::move(snapshot);
  run_ = run;
  if (source_) {
    applySnapshot();
    if (episode_ >= 0) showWeights();  // the episode and the cursor stay; the live run is asked again
  }
  updateStatus();
}

void TrajectoriesView::applySnapshot() {
  snapshotNote_.clear();
  if (!source_ || !snapshot_) {
    model_->setMeanWeights({});
    colourMazePaths({});
    return;
  }
  const analysis::AnalysisSnapshot& s = *snapshot_;
  const auto episodes = qsizetype(source_->episodes().size());
  if (s.trajectory_episode.size() != s.trajectory_count()) {
    snapshotNote_ = "the run's snapshot does not say which episodes it scored (an older version wrote it)";
  } else if (s.dataset_episodes != 0 && s.dataset_episodes != episodes) {
    snapshotNote_ = QString("the run's snapshot is of a dataset with %1 episodes, this one has %2").arg(s.dataset_episodes).arg(episodes);
  }
  if (!snapshotNote_.isEmpty()) {
    model_->setMeanWeights({});
    colourMazePaths({});
    return;
  }
  QVector<double> mean(episodes, std::numeric_limits<double>::quiet_NaN());
  for (size_t i = 0; i < s.trajectory_count(); ++i) {
    const int64_t e = s.trajectory_episode[i];
    if (e >= 0 && e < episodes) mean[qsizetype(e)] = s.trajectory_mean_weight[i];
  }
  model_->setMeanWeights(mean);
  colourMazePaths(mean);
}

void TrajectoriesView::colourMazePaths(const QVector<double>& meanWeights) {
  if (mazePaths_.isEmpty()) return;
  if (!meanWeights.isEmpty()) {
    maze_->colourPaths(meanWeights, "mean weight (" + run_ + ")");  // episodes the run did not score: grey
    return;
  }
  QVector<double> returns;
  for (const EpisodeInfo& e : source_->episodes()) returns << e.ret;
  maze_->colourPaths(returns, "episode return");
}

void TrajectoriesView::showEpisode(int episode) {
  if (!source_ || episode < 0 || episode >= source_->episodes().size()) return;
  episode_ = episode;
  // The table follows when the episode is chosen elsewhere (the command line, a test).
  const QModelIndex row = sorted_->mapFromSource(model_->index(episode, 0));
  if (table_->currentIndex().row() != row.row()) {
    table_->selectRow(row.row());  // its currentRowChanged names episode_ already: no second load
    table_->scrollTo(row, QAbstractItemView::PositionAtCenter);
  }
  rewards_ = source_->rewards(episode);
  poses_ = source_->poses(episode);
  if (episode < mazePaths_.size()) {
    maze_->highlightPath(episode);
    maze_->setGoal(source_->goal(episode));
  }
  replay_ = {};
  strips_->setEpisode(rewards_);
  slider_->setRange(0, std::max(0, span() - 1));
  step_ = -1;
  setStep(0);
  showWeights();
  updateCaptions();
  if (comparing()) requestReplay();
}

void TrajectoriesView::setRunDirectory(const QString& dir) {
  if (dir == runDir_) return;
  runDir_ = dir;
  if (comparing() && episode_ >= 0) requestReplay();
  if (comparing() && !mazePaths_.isEmpty()) requestMazeEvaluation();
}

bool TrajectoriesView::comparing() const { return compare_->isChecked(); }

void TrajectoriesView::setComparing(bool on) {
  if (compare_->isChecked() != on) {
    compare_->setChecked(on);  // toggled() comes back here
    return;
  }
  policyPane_->setVisible(on && mazePaths_.isEmpty());  // in a maze the policy walks the maze itself
  if (on && !mazePaths_.isEmpty()) requestMazeEvaluation();
  if (!on) clearMazeEvaluation();
  if (on && episode_ >= 0) {
    requestReplay();
    return;
  }
  ++replayRequest_;
  replay_ = {};
  strips_->setPolicyRewards({});
  slider_->setRange(0, std::max(0, span() - 1));
  updateCaptions();
}

void TrajectoriesView::requestReplay() {
  const int request = ++replayRequest_;
  replay_ = {};
  strips_->setPolicyRewards({});
  if (!mazePaths_.isEmpty()) return;  // AntMaze has no body to replay: the maze evaluation shows the policy
  if (runDir_.isEmpty()) {
    replay_.error = "no run: open a finished run (File > Open run) to compare with its policy";
    showReplay(replay_);
    return;
  }
  policyCaption_->setText("The run's policy: rolling out from the episode's first state…");
  // The source is shared and immutable; a stale answer is dropped.
  offGuiThread(
      this, [source = source_, dir = runDir_, episode = episode_] { return replayRunPolicy(dir, *source, episode); },
      [this, request](const PolicyReplay& r) {
        if (request == replayRequest_) showReplay(r);
      });
}

void TrajectoriesView::requestMazeEvaluation() {
  clearMazeEvaluation();
  const int request = mazeRequest_;
  if (runDir_.isEmpty()) {
    mazeEvaluation_.error = "no run: open a finished run (File > Open run) to see its policy in the maze";
    updateCaptions();
    emit mazeEvaluationReady();
    return;
  }
  offGuiThread(
      this,
      [dir = runDir_, task = source_ ? source_->mazeTask() : QString()] {
        return evaluateRunInMaze(dir, task, kMazeEvaluationEpisodes);
      },
      [this, request](const MazeEvaluation& r) {
        if (request != mazeRequest_) return;
        mazeEvaluation_ = r;
        maze_->setPolicyPaths(r.paths, r.reached, r.goals);
        updateCaptions();
        emit mazeEvaluationReady();
      });
}

void TrajectoriesView::clearMazeEvaluation() {
  ++mazeRequest_;
  mazeEvaluation_ = {};
  maze_->setPolicyPaths({}, {}, {});
}

void TrajectoriesView::showReplay(const PolicyReplay& replay) {
  replay_ = replay;
  if (!replay_.error.isEmpty()) {
    policyBody_->setEnv({}, replay_.error);
  } else if (source_) {
    policyBody_->setEnv(source_->bodyEnv(), source_->noBodyReason());
  }
  strips_->setPolicyRewards(replay_.rewards);
  slider_->setRange(0, std::max(0, span() - 1));
  const int keep = step_;
  step_ = -1;
  setStep(keep);
  updateCaptions();
  emit replayReady();
}

int TrajectoriesView::span() const { return int(std::max(rewards_.size(), replay_.rewards.size())); }

void TrajectoriesView::updateCaptions() {
  const auto sum = [](const QVector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); };
  if (episode_ < 0 || !source_) {
    dataCaption_->clear();
    policyCaption_->clear();
    return;
  }
  const EpisodeInfo& info = source_->episodes()[episode_];
  dataCaption_->setText(QString("The data: return %1 over %2 steps (%3)").arg(info.ret, 0, 'f', 0).arg(info.length).arg(info.end));
  if (!replay_.error.isEmpty()) {
    policyCaption_->setText("The run's policy: " + replay_.error);
  } else if (!replay_.rewards.isEmpty()) {
    policyCaption_->setText(QString("The run's policy from the same start: return %1 over %2 steps (%3)")
                                .arg(sum(replay_.rewards), 0, 'f', 0)
                                .arg(replay_.rewards.size())
                                .arg(replay_.terminated ? "terminal" : "timeout"));
  }
  if (!comparing() || mazePaths_.isEmpty()) return;
  QString maze;
  if (!mazeEvaluation_.error.isEmpty()) {
    maze = "The run's policy: " + mazeEvaluation_.error;
  } else if (!mazeEvaluation_.paths.isEmpty()) {
    maze = QString("The run's policy: %1 evaluation episodes of %2, green where they reached the goal: %3 did")
               .arg(mazeEvaluation_.paths.size())
               .arg(mazeEvaluation_.task)
               .arg(std::count(mazeEvaluation_.reached.begin(), mazeEvaluation_.reached.end(), true));
  } else {
    maze = "The run's policy: evaluating it in the maze…";
  }
  dataCaption_->setText(dataCaption_->text() + "\n" + maze);
}

void TrajectoriesView::showWeights() {
  weights_.clear();
  // The weight strip's title says in a few words why it is empty; the status line has the detail.
  QString note = !snapshot_ ? QString("no run yet") : snapshotNote_.isEmpty() ? QString() : QString("not this dataset's run");
  if (snapshot_ && note.isEmpty()) {
    const analysis::AnalysisSnapshot& s = *snapshot_;
    note = "episode not probed by the run";
    for (size_t i = 0; i < s.trajectory_count(); ++i) {
      if (s.trajectory_episode[i] != episode_) continue;
      if (i < s.trajectory_step_weights.size()) {
        for (float w : s.trajectory_step_weights[i]) weights_.push_back(w);
      } else {
        note = QString("mean %1, steps not kept").arg(s.trajectory_mean_weight[i], 0, 'f', 3);
      }
      break;
    }
  }
  strips_->setWeights(weights_, note);
  showStepText();
  const EpisodeInfo& info = source_->episodes()[episode_];
  emit episodeProbeRequested(episode_, info.start, info.length);
}

void TrajectoriesView::setEpisodeProbe(const EpisodeProbe& probe) {
  if (probe.episode != episode_ || !source_) return;
  const QString none = probe.q.isEmpty() && probe.actionDistance.isEmpty() ? "no answer for these rows" : QString();
  strips_->setProbe(probe.q, probe.actionDistance, none);
}

QVector<double> TrajectoriesView::poseAt(int step) const { return poseOf(poses_, source_ ? source_->qposDim() : 0, step); }

void TrajectoriesView::setStep(int step) {
  if (rewards_.isEmpty()) return;
  step = std::clamp(step, 0, span() - 1);
  if (step == step_) return;
  step_ = step;
  slider_->setValue(step);
  strips_->setCursorStep(step);
  const QVector<double> pose = poseAt(step);
  if (!pose.isEmpty()) body_->setPose(pose);
  if (episode_ >= 0 && episode_ < mazePaths_.size() && step < mazePaths_[episode_].size()) maze_->setCursor(mazePaths_[episode_][step]);
  if (comparing()) {
    const QVector<double> policyPose = poseOf(replay_.poses, source_ ? source_->qposDim() : 0, step);
    if (!policyPose.isEmpty()) policyBody_->setPose(policyPose);
  }
  showStepText();
}

void TrajectoriesView::showStepText() {
  if (step_ < 0 || step_ >= span()) return;
  QString text = QString("step %1 / %2").arg(step_).arg(rewards_.size());
  if (step_ < rewards_.size()) {
    text += QString(" · reward %1").arg(rewards_[step_], 0, 'f', 2);
    if (weights_.size() == rewards_.size()) text += QString(" · weight %1").arg(weights_[step_], 0, 'f', 3);
  } else {
    text += " · the data's episode has ended";
  }
  if (step_ < replay_.rewards.size()) text += QString(" · policy reward %1").arg(replay_.rewards[step_], 0, 'f', 2);
  stepLabel_->setText(text);
}

bool TrajectoriesView::playing() const { return timer_->isActive(); }

void TrajectoriesView::setPlaying(bool on) {
  const bool can = on && source_ && source_->stepSeconds() > 0 && !rewards_.isEmpty();
  if (can && step_ >= span() - 1) setStep(0);  // play again from the start
  if (can) {
    playFrom_ = step_;
    clock_.start();
    timer_->start();
  } else {
    timer_->stop();
  }
  const QSignalBlocker block(play_);
  play_->setChecked(can);
  play_->setText(can ? "Pause" : "Play");
}

void TrajectoriesView::tick() {
  const double speed = speed_->currentData().toDouble();
  const double seconds = double(clock_.elapsed()) / 1000.0 * speed;
  const int target = playFrom_ + int(seconds / source_->stepSeconds());
  setStep(target);
  if (target >= span() - 1) setPlaying(false);
}

QString TrajectoriesView::saveFrames(const QString& dir, int stride) {
  if (episode_ < 0 || poses_.isEmpty()) return "no episode with a body is shown";
  if (!QDir().mkpath(dir)) return "cannot create " + dir;
  const bool policy = comparing() && !replay_.poses.isEmpty();
  const int keep = step_;
  int frame = 0;
  for (int s = 0; s < (policy ? span() : int(rewards_.size())); s += std::max(1, stride)) {
    setStep(s);
    const QString number = QString("%1.png").arg(frame++, 5, 10, QChar('0'));
    if (body_->image().isNull()) return body_->message();
    const QString file = QDir(dir).filePath("frame_" + number);
    if (!body_->image().save(file)) return "cannot write " + file;
    if (!policy) continue;
    if (policyBody_->image().isNull()) return policyBody_->message();
    const QString other = QDir(dir).filePath("policy_" + number);
    if (!policyBody_->image().save(other)) return "cannot write " + other;
  }
  setStep(keep);
  return {};
}

QString TrajectoriesView::statusText() const { return status_->text(); }

void TrajectoriesView::updateStatus() {
  QString text;
  if (path_.isEmpty()) {
    text = "Open a dataset (File > Open) to browse its episodes.";
  } else if (!error_.isEmpty()) {
    text = "Cannot read the dataset: " + error_;
  } else if (!source_) {
    text = "The dataset is read when this tab is first shown.";
  } else {
    text = QString("%1: %2 episodes").arg(source_->name()).arg(source_->episodes().size());
    if (!source_->bodyEnv().isEmpty())
      text += QString(" · %1 body from %2").arg(source_->bodyEnv(), source_->posesRecorded() ? "infos/qpos" : "the observations (x integrated from the velocity)");
    if (snapshot_)
      text += snapshotNote_.isEmpty() ? QString(" · weights of %1 at step %2").arg(run_.isEmpty() ? QString("the run") : run_).arg(snapshot_->step)
                                      : " · " + snapshotNote_;
  }
  status_->setText(text);
}

void TrajectoriesView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (!path_.isEmpty() && loadedPath_ != path_) load();
}

}  // namespace vaco::ui
