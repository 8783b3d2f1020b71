// Minari datasets made by the real `minari` package (tests/fixtures/make_minari_datasets.py):
// what we read equals what minari.load_dataset reads, by folder, file and id, in both metadata
// layouts; broken datasets get one line naming the episode and the key; a BC run on one trains
// and is scored in gymnasium's v5 physics with the dataset's own references; `vaco dataset
// convert` writes Minari datasets that minari.load_dataset reads and D4RL files that validate.
#include "core/data/minari_reader.h"
#include "core/data/minari_writer.h"
#include "core/data/read_dataset.h"
#include "core/data/d4rl_reader.h"
#include "core/data/h5_raw.h"
#include "core/data/h5_util.h"
#include "core/data/transitions.h"
#include "core/datagen/dataset_export.h"
#include "tests/support/test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cstdlib>

using namespace vaco;

namespace {

// True when the two datasets hold the same rows, flags and episode ends.
bool same_rows(const Dataset& a, const Dataset& b) {
  return torch::equal(a.observations, b.observations) && torch::equal(a.next_observations, b.next_observations) &&
         torch::equal(a.actions, b.actions) && torch::equal(a.rewards, b.rewards) &&
         torch::equal(a.terminals, b.terminals) && torch::equal(a.timeouts, b.timeouts) &&
         a.episodes.size() == b.episodes.size();
}

}  // namespace

class MinariDatasets : public QObject {
  Q_OBJECT
  QString root_;
  QJsonObject reference_;  // what minari itself read, per dataset

  QString folder(const QString& id) const { return root_ + "/" + id; }

  // Our read against minari's: counts, per-episode lengths and returns, the first row.
  void compare_with_minari(const Dataset& ds, const QJsonObject& ref) {
    QCOMPARE(ds.size(), int64_t(ref["total_steps"].toInt()));
    QCOMPARE(int64_t(ds.episodes.size()), int64_t(ref["total_episodes"].toInt()));
    const QJsonArray returns = ref["returns"].toArray(), lengths = ref["lengths"].toArray();
    for (int e = 0; e < returns.size(); ++e) {
      QCOMPARE(ds.episodes[size_t(e)].length, int64_t(lengths[e].toInt()));
      // Rewards are float64 in the file and float32 here.
      QVERIFY2(std::abs(ds.episodes[size_t(e)].ret - returns[e].toDouble()) < 1e-4 * (1.0 + std::abs(returns[e].toDouble())),
               qPrintable(QString("episode %1: %2 vs %3").arg(e).arg(ds.episodes[size_t(e)].ret).arg(returns[e].toDouble())));
    }
    const QJsonArray obs0 = ref["obs0"].toArray(), next0 = ref["next_obs0"].toArray(), act0 = ref["act0"].toArray();
    QCOMPARE(ds.obs_dim(), int64_t(obs0.size()));
    for (int j = 0; j < obs0.size(); ++j) {
      QCOMPARE(ds.observations[0][j].item<float>(), float(obs0[j].toDouble()));
      QCOMPARE(ds.next_observations[0][j].item<float>(), float(next0[j].toDouble()));
    }
    for (int j = 0; j < act0.size(); ++j) QCOMPARE(ds.actions[0][j].item<float>(), float(act0[j].toDouble()));
    QCOMPARE(ds.rewards[0].item<float>(), float(ref["rew0"].toDouble()));
  }

 private slots:
  void initTestCase() {
    if (test::referencePython().isEmpty()) QSKIP("no reference Python configured (VACO_PYTHON is empty)");
    root_ = test::tempPath("minari");
    const auto r = test::runFixtureScript("make_minari_datasets.py", {root_});
    QVERIFY2(r.exit_code == 0, (r.out + r.err).constData());
    reference_ = QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
    QVERIFY(reference_.contains("hopper"));
    qputenv("MINARI_DATASETS_PATH", root_.toUtf8());
  }

  void reads_what_minari_reads() {
    const Dataset ds = read_minari(folder("test/hopper/mixed-v0").toStdString());
    compare_with_minari(ds, reference_["hopper"].toObject());
    QCOMPARE(QString::fromStdString(ds.format), QString("minari"));
    QCOMPARE(QString::fromStdString(ds.dataset_id), QString("test/hopper/mixed-v0"));
    QCOMPARE(QString::fromStdString(ds.env_name), QString("Hopper-v5"));
    QCOMPARE(QString::fromStdString(ds.stored_dtype), QString("float64"));
    QVERIFY(ds.ref_min_score && ds.ref_max_score);
    QCOMPARE(*ds.ref_min_score, reference_["hopper"].toObject()["ref_min_score"].toDouble());
    QCOMPARE(*ds.ref_max_score, 3234.3);
    // Terminations and truncations become terminals and timeouts, at each episode's last row.
    const QJsonObject ref = reference_["hopper"].toObject();
    const QJsonArray terminated = ref["terminated"].toArray(), was_truncated = ref["truncated"].toArray();
    int64_t truncated = 0, ended = 0;
    for (int e = 0; e < terminated.size(); ++e) {
      const Episode& ep = ds.episodes[size_t(e)];
      const int64_t last = ep.start + ep.length - 1;
      QCOMPARE(ds.terminals[last].item<float>() == 1.0f, terminated[e].toBool());
      QCOMPARE(ds.timeouts[last].item<float>() == 1.0f, was_truncated[e].toBool());
      truncated += was_truncated[e].toBool();
      ended += terminated[e].toBool() && !was_truncated[e].toBool();
    }
    QVERIFY2(truncated > 0 && ended > 0, "the fixture covers both episode ends");
    // Flags only at episode ends: as many terminals and timeouts as minari's episodes end so.
    int64_t terminated_episodes = 0;
    for (const QJsonValue& v : terminated) terminated_episodes += v.toBool();
    QCOMPARE(int64_t(ds.terminals.sum().item<float>()), terminated_episodes);
    QCOMPARE(int64_t(ds.timeouts.sum().item<float>()), truncated);
    // Transitions take the file's next observations (an episode's T+1st row, not the next
    // episode's first); as D4RL's qlearning_dataset, truncated rows and the last row are left out.
    const Transitions t = make_transitions(ds);
    const bool last_truncated = ds.timeouts[ds.size() - 1].item<float>() == 1.0f;
    QCOMPARE(t.size(), ds.size() - truncated - (last_truncated ? 0 : 1));
    const int64_t end0 = ds.episodes[0].length - 1;  // episode 0's last row, a transition when it terminated
    if (ds.terminals[end0].item<float>() == 1.0f && ds.timeouts[end0].item<float>() == 0.0f) {
      QVERIFY(torch::equal(t.next_observations[end0], ds.next_observations[end0]));
      QVERIFY(!torch::equal(t.next_observations[end0], ds.observations[end0 + 1]));
    }

    const Dataset walker = read_minari(folder("test/walker2d/random-v0").toStdString());
    compare_with_minari(walker, reference_["walker2d"].toObject());
    QCOMPARE(QString::fromStdString(walker.env_name), QString("Walker2d-v5"));
    QVERIFY(!walker.ref_min_score && !walker.ref_max_score);
  }

  // Arrays stored raw are copied from the mapped file, the others read through HDF5; both give
  // the same rows, on a dataset that mixes them and on one without total_steps.
  void raw_copies_equal_hdf5_reads() {
    const std::string file = (folder("layout/gzip-v0") + "/data/main_data.hdf5").toStdString();
    {
      std::lock_guard<std::recursive_mutex> lock(h5::library_mutex());
      h5::Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
      QVERIFY(f.valid());
      QVERIFY(h5::MappedFile::for_raw_reads(f.get(), file).has_value());
      h5::Handle raw(H5Dopen2(f.get(), "episode_0/observations", H5P_DEFAULT));
      h5::Handle gzip(H5Dopen2(f.get(), "episode_1/observations", H5P_DEFAULT));
      const auto layout = h5::raw_layout(raw.get());
      QVERIFY(layout.has_value());
      QCOMPARE(layout->width, size_t(8));
      QVERIFY(!layout->pieces.empty());
      QVERIFY(!h5::raw_layout(gzip.get()).has_value());
    }
    ReadOptions through_hdf5;
    through_hdf5.raw_reads = false;
    for (const char* id : {"test/hopper/mixed-v0", "layout/gzip-v0", "layout/no-total-v0", "layout/attrs-v0"}) {
      const Dataset raw = read_minari(folder(id).toStdString());
      const Dataset hdf5 = read_minari(folder(id).toStdString(), through_hdf5);
      QVERIFY2(same_rows(raw, hdf5), id);
      compare_with_minari(raw, reference_["hopper"].toObject());
    }
    const Dataset walker = read_minari(folder("test/walker2d/random-v0").toStdString());
    QVERIFY(same_rows(walker, read_minari(folder("test/walker2d/random-v0").toStdString(), through_hdf5)));
  }

  // gymnasium-robotics' goal-conditioned Dict observations become AntMaze_*-v5's flat row
  // (achieved_goal ++ observation ++ desired_goal), with each row's goal as infos/goal; a BC run
  // on them is evaluated in that environment.
  void goal_dict_observations_are_flattened() {
    const QJsonObject ref = reference_["antmaze"].toObject();
    for (const bool raw : {true, false}) {
      ReadOptions o;
      o.raw_reads = raw;
      const Dataset ds = read_minari(folder("test/antmaze/umaze-v0").toStdString(), o);
      compare_with_minari(ds, ref);
      QCOMPARE(QString::fromStdString(ds.env_name), QString("AntMaze_UMaze-v5"));
      QCOMPARE(ds.obs_dim(), int64_t(2 + 105 + 2));
      const torch::Tensor goal = ds.infos.at("infos/goal");
      QVERIFY(torch::equal(goal, ds.observations.narrow(1, 107, 2)));
      QVERIFY(torch::equal(goal.narrow(0, 0, 1).expand({30, 2}), goal.narrow(0, 0, 30)));  // one goal per episode
      QVERIFY(std::find(ds.keys.begin(), ds.keys.end(), "episode_*/observations/desired_goal") != ds.keys.end());
    }
    const QString run = test::tempPath("minari-antmaze-bc");
    const auto r = test::runCli({"train", "--dataset", folder("test/antmaze/umaze-v0"), "--algo", "bc", "--steps", "200",
                                 "--out", run, "--set", "eval_every=200", "--set", "eval_episodes=2", "--set", "threads=1"});
    QVERIFY2(r.exit_code == 0, (r.out + r.err).constData());
    QFile eval(run + "/eval.csv");
    QVERIFY(eval.open(QIODevice::ReadOnly));
    QVERIFY(eval.readAll().split('\n').size() >= 2);
  }

  void folder_file_and_id_name_the_same_dataset() {
    const std::string file = (folder("test/hopper/mixed-v0") + "/data/main_data.hdf5").toStdString();
    const Dataset by_folder = read_dataset(folder("test/hopper/mixed-v0").toStdString());
    const Dataset by_data_folder = read_dataset(folder("test/hopper/mixed-v0").toStdString() + "/data");
    const Dataset by_file = read_dataset(file);
    const Dataset by_id = read_dataset("test/hopper/mixed-v0");
    for (const Dataset* ds : {&by_data_folder, &by_file, &by_id}) {
      QVERIFY(torch::equal(ds->observations, by_folder.observations));
      QVERIFY(torch::equal(ds->rewards, by_folder.rewards));
      QCOMPARE(ds->source_path, file);
    }
    // An id that is not under the root, and a folder without data, are named in one line.
    QVERIFY(test::errorOf([] { read_dataset("test/hopper/absent-v0"); }).find("no Minari dataset of that id under") !=
            std::string::npos);
    QVERIFY(test::errorOf([this] { read_dataset(folder("test").toStdString()); }).find("a folder without Minari data") !=
            std::string::npos);
    // A D4RL file name is still a D4RL file.
    QVERIFY(test::errorOf([] { read_dataset("no-such-file.hdf5"); }).find("no such file") != std::string::npos);
  }

  void metadata_as_root_attributes() {
    QVERIFY(!QFile::exists(folder("layout/attrs-v0") + "/data/metadata.json"));
    const Dataset ds = read_dataset(folder("layout/attrs-v0").toStdString());
    compare_with_minari(ds, reference_["hopper"].toObject());
    QCOMPARE(QString::fromStdString(ds.env_name), QString("Hopper-v5"));
    QCOMPARE(QString::fromStdString(ds.metadata.at("metadata/minari/layout")), QString("root attributes"));
    QCOMPARE(*ds.ref_max_score, 3234.3);
  }

  void broken_datasets_name_episode_and_key() {
    const auto error = [this](const char* id) { return test::errorOf([&] { read_dataset(folder(id).toStdString()); }); };
    const std::string missing = error("broken/missing-episode-v0");
    QVERIFY2(missing.find("episode_3 is missing") != std::string::npos, missing.c_str());
    const std::string short_obs = error("broken/short-obs-v0");
    QVERIFY2(short_obs.find("episode_2/observations") != std::string::npos &&
                 short_obs.find("one more than the") != std::string::npos,
             short_obs.c_str());
    const std::string dict = error("broken/dict-space-v0");
    QVERIFY2(dict.find("'observation_space' is a Dict space") != std::string::npos, dict.c_str());
    for (const bool raw : {true, false}) {  // a NaN names its episode, key and row either way
      ReadOptions o;
      o.raw_reads = raw;
      const std::string nan = test::errorOf([&] { read_minari(folder("broken/nan-obs-v0").toStdString(), o); });
      QVERIFY2(nan.find("episode_5/observations") != std::string::npos && nan.find("row 4") != std::string::npos &&
                   nan.find('\n') == std::string::npos,
               nan.c_str());
    }
    const std::string no_spec = error("broken/no-env-spec-v0");
    QVERIFY2(no_spec.find("metadata.json: key 'env_spec' is missing") != std::string::npos, no_spec.c_str());
    for (const std::string& e : {missing, short_obs, dict, no_spec}) QVERIFY(e.find('\n') == std::string::npos);
    // The CLI: validate exits 1 with the same line.
    test::expectCliError({"dataset", "validate", folder("broken/missing-episode-v0")}, 1, "episode_3 is missing");
  }

  void cli_info_shows_id_spec_and_references() {
    const auto r = test::runCli({"dataset", "info", "--json", "test/hopper/mixed-v0"});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    const QJsonObject j = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(j["format"].toString(), QString("minari"));
    QCOMPARE(j["dataset_id"].toString(), QString("test/hopper/mixed-v0"));
    QCOMPARE(j["env"].toString(), QString("Hopper-v5"));
    QCOMPARE(j["ref_max_score"].toDouble(), 3234.3);
    QCOMPARE(j["episodes"].toInt(), reference_["hopper"].toObject()["total_episodes"].toInt());
    const auto text = test::runCli({"dataset", "info", folder("test/walker2d/random-v0")});
    QVERIFY(text.out.contains("minari dataset         test/walker2d/random-v0"));
    QVERIFY(!text.out.contains("score references"));
  }

  void converts_minari_to_d4rl_and_back() {
    const Dataset source = read_dataset("test/hopper/mixed-v0");
    // Minari -> D4RL: a file that validates, with the same rows, env and references.
    const QString d4rl = test::tempPath("converted.hdf5");
    const auto r = test::runCli({"dataset", "convert", "test/hopper/mixed-v0", d4rl, "--to", "d4rl"});
    QVERIFY2(r.exit_code == 0, (r.out + r.err).constData());
    const QByteArray counts = QString(" (d4rl: %1 rows, %2 episodes)")
                                  .arg(reference_["hopper"].toObject()["total_steps"].toInt())
                                  .arg(reference_["hopper"].toObject()["total_episodes"].toInt())
                                  .toUtf8();
    QVERIFY2(r.out.startsWith("wrote " + d4rl.toUtf8() + counts), r.out.constData());
    const auto v = test::runCli({"dataset", "validate", d4rl});
    QVERIFY2(v.exit_code == 0, v.err.constData());
    const Dataset as_d4rl = read_d4rl(d4rl.toStdString());
    QVERIFY(same_rows(as_d4rl, source));
    QCOMPARE(QString::fromStdString(as_d4rl.format), QString("d4rl"));
    QCOMPARE(QString::fromStdString(as_d4rl.env_name), QString("Hopper-v5"));
    QCOMPARE(*as_d4rl.ref_max_score, 3234.3);
    QCOMPARE(*as_d4rl.ref_min_score, *source.ref_min_score);

    // D4RL -> Minari under the datasets root: minari.load_dataset reads what the source held.
    const QString target = folder("test/hopper/converted-v0");
    const auto w = test::runCli({"dataset", "convert", d4rl, target, "--to", "minari"});
    QVERIFY2(w.exit_code == 0, (w.out + w.err).constData());
    QVERIFY2(w.out.contains("id test/hopper/converted-v0"), w.out.constData());
    const auto m = test::runFixtureScript("make_minari_datasets.py", {"--summarize", root_, "test/hopper/converted-v0"});
    QVERIFY2(m.exit_code == 0, (m.out + m.err).constData());
    const QJsonObject read_back = QJsonDocument::fromJson(m.out.trimmed().split('\n').last()).object();
    compare_with_minari(source, read_back);
    QCOMPARE(read_back["env_id"].toString(), QString("Hopper-v5"));
    QCOMPARE(read_back["max_episode_steps"].toInt(), 1000);
    QCOMPARE(read_back["obs_dtype"].toString(), QString("float64"));
    QCOMPARE(read_back["ref_max_score"].toDouble(), 3234.3);
    QCOMPARE(read_back["terminated"].toArray(), reference_["hopper"].toObject()["terminated"].toArray());
    QCOMPARE(read_back["truncated"].toArray(), reference_["hopper"].toObject()["truncated"].toArray());
    // Every observation, the final one of each episode included, as float32 values.
    const QJsonArray episodes = read_back["observations"].toArray();
    for (int e = 0; e < episodes.size(); ++e) {
      const Episode& ep = source.episodes[size_t(e)];
      const QJsonArray rows = episodes[e].toArray();
      QCOMPARE(int64_t(rows.size()), ep.length + 1);
      for (int64_t i = 0; i <= ep.length; ++i) {
        const torch::Tensor expected = i < ep.length ? source.observations[ep.start + i]
                                                     : source.next_observations[ep.start + ep.length - 1];
        const QJsonArray row = rows[int(i)].toArray();
        for (int j = 0; j < row.size(); ++j) QCOMPARE(float(row[j].toDouble()), expected[j].item<float>());
      }
    }
    // And our reader reads it back to the very same rows.
    QVERIFY(same_rows(read_dataset("test/hopper/converted-v0"), source));
  }

  void converts_a_d4rl_file_for_its_environment() {
    // A D4RL-style file of hopper's widths (11 / 3) names gymnasium's Hopper-v4 in its env spec.
    // next_observations as a rollout records them: the following row's observation inside an
    // episode, a final observation of its own at the episode's end.
    Dataset ds = test::makeSmallDataset(60, 11, 3, 12);
    ds.env_name = "hopper";
    ds.next_observations = torch::cat({ds.observations.narrow(0, 1, 59), ds.observations.narrow(0, 59, 1)}).clone();
    for (const Episode& ep : ds.episodes) ds.next_observations[ep.start + ep.length - 1] += 0.5f;
    ds.infos.clear();
    const QString folder_path = root_ + "/test/hopper/small-v1";
    const std::vector<std::string> left_out =
        datagen::write_dataset(ds, folder_path.toStdString(), {.format = datagen::DatasetFormat::Minari});
    QVERIFY(left_out.empty());
    const auto m = test::runFixtureScript("make_minari_datasets.py", {"--summarize", root_, "test/hopper/small-v1"});
    QVERIFY2(m.exit_code == 0, (m.out + m.err).constData());
    const QJsonObject read_back = QJsonDocument::fromJson(m.out.trimmed().split('\n').last()).object();
    QCOMPARE(read_back["env_id"].toString(), QString("Hopper-v4"));
    QCOMPARE(read_back["total_steps"].toInt(), 60);
    QCOMPARE(read_back["total_episodes"].toInt(), 5);
    QVERIFY(read_back["ref_max_score"].isNull());
    // The flags at each episode's end: terminal on odd episodes, timeout on even ones.
    const QJsonArray term = read_back["terminations"].toArray(), trunc = read_back["truncations"].toArray();
    for (int e = 0; e < 5; ++e) {
      QCOMPARE(term[e].toArray().last().toInt(), e % 2);
      QCOMPARE(trunc[e].toArray().last().toInt(), 1 - e % 2);
      QCOMPARE(term[e].toArray().first().toInt() + trunc[e].toArray().first().toInt(), 0);
    }
    const Dataset back = read_dataset(folder_path.toStdString());
    QVERIFY(same_rows(back, ds));
    QCOMPARE(QString::fromStdString(back.env_name), QString("Hopper-v4"));
  }

  void conversion_refuses_what_it_cannot_write() {
    Dataset ds = test::makeSmallDataset(60, 11, 3, 12);
    ds.env_name = "hopper";
    const auto minari_error = [&](const Dataset& d, const std::string& out, datagen::ExportOptions o = {}) {
      o.format = datagen::DatasetFormat::Minari;
      return test::errorOf([&] { datagen::write_dataset(d, out, o); });
    };
    const std::string dir = test::tempPath("refused").toStdString();
    const std::string no_next = minari_error(ds, dir + "/a-v0");
    QVERIFY2(no_next.find("has no next_observations") != std::string::npos, no_next.c_str());
    ds.next_observations = torch::cat({ds.observations.narrow(0, 1, 59), ds.observations.narrow(0, 59, 1) + 1.0f});
    const std::string bad_id = minari_error(ds, dir + "/b-v0", {.dataset_id = "bad id!"});
    QVERIFY2(bad_id.find("'bad id!' is not a Minari dataset id") != std::string::npos, bad_id.c_str());
    const std::string widths = minari_error(ds, dir + "/c-v0", {.env_id = "walker2d"});
    QVERIFY2(widths.find("environment 'walker2d' has 17 and 6") != std::string::npos, widths.c_str());
    Dataset nameless = ds;
    nameless.env_name.clear();
    QVERIFY(minari_error(nameless, dir + "/d-v0").find("names no environment") != std::string::npos);
    // Next observations that Minari's one sequence per episode cannot hold are reported.
    Dataset odd = ds;
    odd.next_observations = odd.next_observations.clone();
    odd.next_observations[3] += 1.0f;
    odd.next_observations[11] += 1.0f;  // an episode's last row: its own final observation, kept
    const auto notes = datagen::write_dataset(odd, dir + "/f-v0", {.format = datagen::DatasetFormat::Minari});
    QVERIFY(std::any_of(notes.begin(), notes.end(), [](const std::string& n) {
      return n.rfind("next_observations of 1 rows that differ", 0) == 0;
    }));
    QVERIFY(std::any_of(notes.begin(), notes.end(), [](const std::string& n) { return n.rfind("infos/label", 0) == 0; }));
    // A second write to the same folder is refused and leaves the first intact.
    QVERIFY(minari_error(ds, dir + "/e-v0").empty());
    const std::string again = minari_error(ds, dir + "/e-v0");
    QVERIFY2(again.find("already exists") != std::string::npos, again.c_str());
    QVERIFY(same_rows(read_dataset(dir + "/e-v0"), ds));
    QVERIFY(!QDir(QString::fromStdString(dir + "/e-v0")).entryList(QDir::Hidden | QDir::AllEntries | QDir::NoDotAndDotDot)
                 .join(",").contains("tmp"));
    // Default ids: the path under the datasets root, else the folder's name with a version.
    QCOMPARE(QString::fromStdString(datagen::default_minari_id((root_ + "/vaco/walker2d/mixed-v3").toStdString())),
             QString("vaco/walker2d/mixed-v3"));
    QCOMPARE(QString::fromStdString(datagen::default_minari_id(dir + "/my-data")), QString("my-data-v0"));
    QCOMPARE(QString::fromStdString(datagen::default_minari_id(dir + "/my-data-v7")), QString("my-data-v7"));
    QVERIFY(valid_minari_id("mujoco/hopper/medium-v0") && valid_minari_id("name-v12"));
    QVERIFY(!valid_minari_id("medium") && !valid_minari_id("/abs/x-v0") && !valid_minari_id("a b-v0"));
    // --env records another environment in a D4RL file, after the same width check.
    const QString relabelled = test::tempPath("relabelled.hdf5");
    const auto e = test::runCli({"dataset", "convert", "test/hopper/mixed-v0", relabelled, "--to", "d4rl", "--env", "hopper"});
    QVERIFY2(e.exit_code == 0, e.err.constData());
    QCOMPARE(QString::fromStdString(read_d4rl(relabelled.toStdString()).env_name), QString("hopper"));
    test::expectCliError({"dataset", "convert", "test/hopper/mixed-v0", test::tempPath("walker.hdf5"), "--to", "d4rl",
                          "--env", "walker2d"},
                         1, "environment 'walker2d' has 17 and 6");
    // The CLI: an unknown layout and an existing D4RL target, one line each.
    test::expectCliError({"dataset", "convert", "test/hopper/mixed-v0", QString::fromStdString(dir + "/x"), "--to", "parquet"},
                         1, "unknown dataset format 'parquet'; known: d4rl, minari");
    const QString existing = test::tempPath("existing.hdf5");
    QFile f(existing);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    test::expectCliError({"dataset", "convert", "test/hopper/mixed-v0", existing, "--to", "d4rl"}, 1, "already exists");
  }

  void bc_trains_and_is_scored_in_v5_with_the_datasets_references() {
    const QString out = test::tempPath("bc-minari");
    const auto r = test::runCli({"train", "--dataset", "test/hopper/mixed-v0", "--algo", "bc", "--out", out, "--set",
                                 "steps=200", "--set", "eval_every=100", "--set", "eval_episodes=2", "--set",
                                 "hidden=32"});
    QVERIFY2(r.exit_code == 0, (r.out + r.err).constData());
    QVERIFY2(r.out.contains("score references: the dataset's ref_min_score / ref_max_score (-20.2723, 3234.3)"),
             r.out.constData());
    QFile run_json(out + "/run.json");
    QVERIFY(run_json.open(QIODevice::ReadOnly));
    const QJsonObject run = QJsonDocument::fromJson(run_json.readAll()).object();
    QCOMPARE(run["env_id"].toString(), QString("Hopper-v5"));
    QCOMPARE(run["score_reference"].toObject()["expert"].toDouble(), 3234.3);
    // `vaco eval` scores with the same references: score = 100 (R - min) / (max - min).
    const auto e = test::runCli({"eval", out, "--episodes", "2", "--json"});
    QVERIFY2(e.exit_code == 0, e.err.constData());
    const QJsonObject ev = QJsonDocument::fromJson(e.out).object();
    QCOMPARE(ev["env"].toString(), QString("Hopper-v5"));
    const double expected = 100.0 * (ev["return_mean"].toDouble() + 20.272305) / (3234.3 + 20.272305);
    QVERIFY(std::abs(ev["score_mean"].toDouble() - expected) < 1e-9);
    QVERIFY(ev["score_source"].toString().startsWith("the dataset's ref_min_score"));
  }
};

QTEST_APPLESS_MAIN(MinariDatasets)
#include "test_minari.moc"
