// The Run panel: checks as you type (error line, marked field, Start disabled), ablation
// switches that reach the TrainConfig, rows per algorithm, button states, progress text and
// ETA, signals that carry the request (also queued), QSettings round trip, CUDA rejection.
#include "ui/session/run_request_config.h"
#include "tests/support/test_support.h"

#include <cmath>
#include <limits>

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include "tests/support/gui_test_support.h"
#include "ui/panels/run_panel.h"
#include "ui/panels/run_panel_fields.h"
#include "ui/panels/run_progress_text.h"
#include "ui/session/run_request_check.h"

using namespace vaco;
using ui::RunPanel;
using ui::RunRequest;
using ui::RunState;

namespace {

QPushButton* button(RunPanel& p, const char* name) { return p.findChild<QPushButton*>(name); }
QCheckBox* check(RunPanel& p, const QString& name) { return p.findChild<QCheckBox*>(name); }
QLineEdit* edit(RunPanel& p, const QString& key) { return qobject_cast<QLineEdit*>(p.fieldFor(key)); }
QComboBox* combo(RunPanel& p, const QString& key) { return qobject_cast<QComboBox*>(p.fieldFor(key)); }
QSpinBox* spin(RunPanel& p, const QString& key) { return qobject_cast<QSpinBox*>(p.fieldFor(key)); }

// Replaces a line edit's text by typing it, as a user does.
void typeInto(QLineEdit* e, const QString& text) {
  e->selectAll();
  QTest::keyClick(e, Qt::Key_Backspace);
  QTest::keyClicks(e, text);
}

void chooseAlgo(RunPanel& p, const QString& algo) {
  QComboBox* c = combo(p, "algo");
  c->setCurrentIndex(c->findData(algo));
}

bool shown(RunPanel& p, const QString& key) { return p.fieldFor(key)->isVisibleTo(&p); }

}  // namespace

class GuiRunPanel : public QObject {
  Q_OBJECT
 private slots:
  void fields_apply_to_the_algorithms_of_their_section() {
    // From the algorithm table: a setting's section names its algorithms; "<algo>_..." narrows.
    const auto applies = [](const QString& key, const QString& algo) {
      for (const ui::RunField& f : ui::runFields())
        if (f.key == key) return ui::fieldApplies(f, algo);
      qFatal("no field %s", qPrintable(key));
      return false;
    };
    QVERIFY(applies("weighted_bc.awr_beta", "awr"));
    QVERIFY(!applies("weighted_bc.awr_beta", "bc-recip"));
    QVERIFY(applies("weighted_bc.lr", "bc-recip") && applies("weighted_bc.lr", "awr"));
    QVERIFY(!applies("weighted_bc.lr", "bc"));
    QVERIFY(applies("value.expectile", "iql") && applies("value.expectile", "vaco"));
    QVERIFY(!applies("value.expectile", "bc") && !applies("value.expectile", "td3bc"));
    QVERIFY(applies("td3bc.alpha", "td3bc") && !applies("td3bc.alpha", "iql"));
    QVERIFY(applies("vaco.sigma0", "vaco") && !applies("vaco.sigma0", "awr"));
    for (const QString& algo : ui::availableAlgorithms()) QVERIFY(applies("hidden", algo));
  }

  void negative_lr_is_named_and_blocks_start() {
    RunPanel p;
    p.show();
    QVERIFY(p.errorText().isEmpty());
    QVERIFY(button(p, "startButton")->isEnabled());
    typeInto(edit(p, "vaco.policy_lr"), "-0.001");
    QVERIFY2(p.errorText().contains("vaco.policy_lr"), qPrintable(p.errorText()));
    QVERIFY(p.errorText().contains("> 0"));
    QCOMPARE(p.invalidKey(), QString("vaco.policy_lr"));
    QVERIFY(p.fieldFor("vaco.policy_lr")->property("invalid").toBool());
    QVERIFY(p.findChild<QLabel*>("runError")->isVisible());
    QCOMPARE(p.findChild<QLabel*>("runError")->text(), p.errorText());
    QVERIFY(!button(p, "startButton")->isEnabled());

    typeInto(edit(p, "vaco.policy_lr"), "3e-4");
    QVERIFY2(p.errorText().isEmpty(), qPrintable(p.errorText()));
    QVERIFY(p.invalidKey().isEmpty());
    QVERIFY(!p.fieldFor("vaco.policy_lr")->property("invalid").toBool());
    QVERIFY(!p.findChild<QLabel*>("runError")->isVisible());
    QVERIFY(button(p, "startButton")->isEnabled());
    QCOMPARE(p.request().settings.value("vaco.policy_lr"), QString("0.0003"));

    typeInto(edit(p, "value.expectile"), "abc");
    QVERIFY2(p.errorText().contains("value.expectile") && p.errorText().contains("abc"), qPrintable(p.errorText()));
    QCOMPARE(p.invalidKey(), QString("value.expectile"));
    QVERIFY(!button(p, "startButton")->isEnabled());
  }

  void error_marks_the_setting_at_fault() {
    RunPanel p;
    typeInto(edit(p, "vaco.sigma0"), "0.1");
    typeInto(edit(p, "vaco.sigma_end"), "0.5");  // "vaco.sigma_end (...) must not exceed vaco.sigma0"
    QVERIFY2(p.errorText().contains("vaco.sigma0"), qPrintable(p.errorText()));
    QCOMPARE(p.invalidKey(), QString("vaco.sigma_end"));
    QVERIFY(!p.fieldFor("vaco.sigma0")->property("invalid").toBool());
    typeInto(edit(p, "vaco.sigma_end"), ".05");  // a leading dot is a number too
    QVERIFY2(p.errorText().isEmpty(), qPrintable(p.errorText()));
    QCOMPARE(p.request().settings.value("vaco.sigma_end"), QString("0.05"));
  }

  void defaults_reach_the_config_exactly() {
    RunPanel p;
    const train::TrainConfig c = ui::toTrainConfig(p.request());
    const train::TrainConfig d;
    QCOMPARE(c.algo, std::string("vaco"));
    QCOMPARE(c.vaco.policy_lr, d.vaco.policy_lr);
    QCOMPARE(c.vaco.meta_lr, d.vaco.meta_lr);
    QCOMPARE(c.vaco.inner_lr, d.vaco.inner_lr);
    QCOMPARE(c.vaco.sigma0, d.vaco.sigma0);
    QCOMPARE(c.vaco.guard.ess_floor, d.vaco.guard.ess_floor);
    QCOMPARE(c.value.expectile, d.value.expectile);
    QCOMPARE(c.batch_size, d.batch_size);
    QCOMPARE(c.hidden, d.hidden);
    QCOMPARE(c.steps, d.steps);
    QCOMPARE(c.value_steps, d.value_steps);
    QCOMPARE(c.seed, d.seed);
    QCOMPARE(c.device, d.device);
  }

  void ablation_switches_reach_the_config() {
    RunPanel p;
    p.show();
    QVERIFY(check(p, "vaco.scorer_use_state") && check(p, "noiseSwitch") && check(p, "essGuardSwitch"));
    QCOMPARE(p.request().settings.value("vaco.scorer_use_state"), QString("true"));
    check(p, "vaco.scorer_use_state")->click();
    check(p, "vaco.scorer_use_value")->click();
    combo(p, "vaco.noise_on")->setCurrentText("state");
    typeInto(edit(p, "vaco.sigma0"), "0.5");
    typeInto(edit(p, "vaco.sigma_end"), "0.1");
    typeInto(edit(p, "vaco.guard.ess_floor"), "0.25");
    RunRequest r = p.request();
    QCOMPARE(r.settings.value("vaco.scorer_use_state"), QString("false"));
    QCOMPARE(r.settings.value("vaco.scorer_use_value"), QString("false"));
    QCOMPARE(r.settings.value("vaco.noise_on"), QString("state"));
    QCOMPARE(r.settings.value("vaco.guard.ess_floor"), QString("0.25"));
    train::TrainConfig c = ui::toTrainConfig(r);
    QVERIFY(!c.vaco.scorer.use_state);
    QVERIFY(!c.vaco.scorer.use_value);
    QCOMPARE(c.vaco.noise_on, algos::NoiseTarget::State);
    QCOMPARE(c.vaco.sigma0, 0.5);
    QCOMPARE(c.vaco.sigma_end, 0.1);
    QCOMPARE(c.vaco.guard.ess_floor, 0.25);

    check(p, "noiseSwitch")->click();     // noise off: sigma0 = 0
    check(p, "essGuardSwitch")->click();  // the paper's plain form
    QVERIFY(!p.fieldFor("vaco.sigma0")->isEnabled());
    QVERIFY(!p.fieldFor("vaco.guard.ess_floor")->isEnabled());
    r = p.request();
    QCOMPARE(r.settings.value("vaco.sigma0"), QString("0"));
    QCOMPARE(r.settings.value("vaco.sigma_end"), QString("0"));
    QCOMPARE(r.settings.value("vaco.guard.ess_floor"), QString("0"));
    c = ui::toTrainConfig(r);
    QCOMPARE(c.vaco.sigma0, 0.0);
    QCOMPARE(c.vaco.sigma_end, 0.0);
    QCOMPARE(c.vaco.guard.ess_floor, 0.0);
    QCOMPARE(edit(p, "vaco.sigma0")->text(), QString("0.5"));  // kept for when the noise comes back

    // setRequest shows the same switches back.
    RunPanel q;
    q.setRequest(r);
    QVERIFY(check(q, "vaco.scorer_use_state")->isChecked());
    QVERIFY(!check(q, "noiseSwitch")->isChecked());
    QVERIFY(!check(q, "essGuardSwitch")->isChecked());
    QCOMPARE(q.request(), r);
  }

  void rows_follow_the_algorithm() {
    RunPanel p;
    p.resize(360, 900);
    p.show();
    QVERIFY(shown(p, "vaco.meta_lr") && shown(p, "vaco.inner_lr") && shown(p, "value.expectile"));
    QVERIFY(shown(p, "value_steps") && check(p, "noiseSwitch")->isVisibleTo(&p));
    QVERIFY(!shown(p, "td3bc.alpha") && !shown(p, "iql.beta") && !shown(p, "bc.lr"));

    chooseAlgo(p, "td3bc");
    QVERIFY(shown(p, "td3bc.alpha") && shown(p, "td3bc.critic_lr") && shown(p, "batch_size"));
    QVERIFY(!shown(p, "vaco.meta_lr") && !shown(p, "value.expectile") && !shown(p, "value_steps"));
    QVERIFY(!check(p, "noiseSwitch")->isVisibleTo(&p));
    const RunRequest r = p.request();
    QCOMPARE(r.algo, QString("td3bc"));
    QVERIFY(r.settings.contains("td3bc.alpha") && !r.settings.contains("vaco.meta_lr"));
    QVERIFY(!r.settings.contains("value.lr") && !r.settings.contains("vaco.scorer_use_state"));

    chooseAlgo(p, "iql");
    QVERIFY(shown(p, "iql.beta") && shown(p, "value.expectile") && shown(p, "value_steps"));
    QVERIFY(!shown(p, "td3bc.alpha"));
    chooseAlgo(p, "awr");
    QVERIFY(shown(p, "weighted_bc.awr_beta") && shown(p, "weighted_bc.lr"));
    chooseAlgo(p, "bc-recip");
    QVERIFY(!shown(p, "weighted_bc.awr_beta") && shown(p, "weighted_bc.lr"));
    chooseAlgo(p, "bc");
    QVERIFY(shown(p, "bc.lr") && !shown(p, "weighted_bc.lr") && !shown(p, "value.lr"));
    QCOMPARE(combo(p, "algo")->currentText(), QString("BC"));
    chooseAlgo(p, "bc-recip");
    QCOMPARE(combo(p, "algo")->currentText(), QString("BC, 1/value weights"));
    QVERIFY(p.findChild<QGroupBox*>("Policy phase")->title().contains("BC, 1/value weights"));

    // A bad value in a row the algorithm does not use does not block its run.
    typeInto(edit(p, "vaco.meta_lr"), "-1");
    QVERIFY2(p.errorText().isEmpty(), qPrintable(p.errorText()));
    chooseAlgo(p, "vaco");
    QVERIFY(p.errorText().contains("vaco.meta_lr"));
  }

  void run_state_sets_the_buttons() {
    RunPanel p;
    const auto enabled = [&](bool start, bool pause, bool resume, bool stop) {
      return button(p, "startButton")->isEnabled() == start && button(p, "pauseButton")->isEnabled() == pause &&
             button(p, "resumeButton")->isEnabled() == resume && button(p, "stopButton")->isEnabled() == stop;
    };
    QVERIFY(enabled(true, false, false, false));
    QVERIFY(p.fieldFor("vaco.meta_lr")->isEnabled());
    p.setRunState(RunState::Running);
    QVERIFY(enabled(false, true, false, true));
    QVERIFY(!p.fieldFor("vaco.meta_lr")->isEnabled());
    QVERIFY(!p.fieldFor("algo")->isEnabled());
    p.setRunState(RunState::Paused);
    QVERIFY(enabled(false, false, true, true));
    QVERIFY(!p.fieldFor("seed")->isEnabled());
    p.setRunState(RunState::Stopping);
    QVERIFY(enabled(false, false, false, false));
    p.setRunState(RunState::Idle);
    QVERIFY(enabled(true, false, false, false));
    QVERIFY(p.fieldFor("vaco.meta_lr")->isEnabled());
    QCOMPARE(p.runState(), RunState::Idle);
    // The noise switch's own disabling survives the lock.
    check(p, "noiseSwitch")->click();
    p.setRunState(RunState::Running);
    p.setRunState(RunState::Idle);
    QVERIFY(!p.fieldFor("vaco.sigma0")->isEnabled());
  }

  void progress_text_and_eta() {
    QCOMPARE(ui::formatProgressText("policy", 12300, 20000, 1450.0),
             QString("policy · 12,300 / 20,000 · 1,450 steps/s · ETA 0:05"));
    QCOMPARE(ui::formatProgressText("value", 0, 3000, 0.0), QString("value · 0 / 3,000 · — steps/s · ETA —"));
    QCOMPARE(ui::formatProgressText("value", 10, 3000, std::nan("")), QString("value · 10 / 3,000 · — steps/s · ETA —"));
    QCOMPARE(ui::formatProgressText("policy", 100, 1000, 2.5), QString("policy · 100 / 1,000 · 2.5 steps/s · ETA 6:00"));
    // A finished run has no ETA, and no placeholder dashes when no rate was measured.
    QCOMPARE(ui::formatProgressText("done", 1000, 1000, std::nan("")), QString("done · 1,000 / 1,000"));
    QCOMPARE(ui::formatProgressText("done", 1000, 1000, 486.0), QString("done · 1,000 / 1,000 · 486 steps/s"));
    QCOMPARE(ui::formatEta(5.3), QString("0:05"));
    QCOMPARE(ui::formatEta(65), QString("1:05"));
    QCOMPARE(ui::formatEta(3723), QString("1:02:03"));
    QCOMPARE(ui::formatEta(-4), QString("0:00"));
    QCOMPARE(ui::formatEta(std::numeric_limits<double>::infinity()), QString("—"));

    RunPanel p;
    p.setProgress("policy", 12300, 20000, 1450.0);
    QCOMPARE(p.progressText(), QString("policy · 12,300 / 20,000 · 1,450 steps/s · ETA 0:05"));
    auto* bar = p.findChild<QProgressBar*>("runProgress");
    QCOMPARE(double(bar->value() - bar->minimum()) / (bar->maximum() - bar->minimum()), 0.615);
    QCOMPARE(bar->text(), p.progressText());
    p.setProgress("value", 0, 0, 0.0);
    QCOMPARE(bar->value(), bar->minimum());
  }

  void signals_carry_the_request() {
    RunPanel p;
    p.show();
    chooseAlgo(p, "iql");
    spin(p, "seed")->setValue(11);
    QSignalSpy start(&p, &RunPanel::startRequested);
    QSignalSpy pause(&p, &RunPanel::pauseRequested);
    QSignalSpy resume(&p, &RunPanel::resumeRequested);
    QSignalSpy stop(&p, &RunPanel::stopRequested);
    RunRequest queued;
    QObject receiver;
    connect(&p, &RunPanel::startRequested, &receiver, [&](const RunRequest& r) { queued = r; }, Qt::QueuedConnection);

    QTest::mouseClick(button(p, "startButton"), Qt::LeftButton);
    QCOMPARE(start.count(), 1);
    const RunRequest sent = qvariant_cast<RunRequest>(start.at(0).at(0));
    QCOMPARE(sent, p.request());
    QCOMPARE(sent.algo, QString("iql"));
    QCOMPARE(sent.seed, quint64(11));
    QTRY_COMPARE(queued, sent);  // crosses a queued connection: the metatype is registered

    p.setRunState(RunState::Running);
    QTest::mouseClick(button(p, "startButton"), Qt::LeftButton);  // disabled: nothing
    QCOMPARE(start.count(), 1);
    QTest::mouseClick(button(p, "pauseButton"), Qt::LeftButton);
    QCOMPARE(pause.count(), 1);
    p.setRunState(RunState::Paused);
    QTest::mouseClick(button(p, "resumeButton"), Qt::LeftButton);
    QCOMPARE(resume.count(), 1);
    QTest::mouseClick(button(p, "stopButton"), Qt::LeftButton);
    QCOMPARE(stop.count(), 1);

    p.setRunState(RunState::Idle);
    typeInto(edit(p, "iql.beta"), "-2");
    QTest::mouseClick(button(p, "startButton"), Qt::LeftButton);
    QCOMPARE(start.count(), 1);  // invalid: no start
  }

  void settings_round_trip() {
    const QString path = test::tempPath("run-panel.ini");
    RunRequest saved;
    {
      RunPanel p;
      chooseAlgo(p, "vaco");
      check(p, "noiseSwitch")->click();
      check(p, "vaco.scorer_use_value")->click();
      typeInto(edit(p, "vaco.meta_lr"), "1e-4");
      typeInto(edit(p, "iql.beta"), "7");  // another algorithm's field is kept too
      chooseAlgo(p, "iql");
      combo(p, "device")->setCurrentText("cpu");
      spin(p, "seed")->setValue(42);
      spin(p, "steps")->setValue(1234);
      spin(p, "hidden")->setValue(32);
      saved = p.request();
      QSettings s(path, QSettings::IniFormat);
      p.saveSettings(s);
    }
    RunPanel q;
    QVERIFY(q.request() != saved);
    {
      QSettings s(path, QSettings::IniFormat);
      q.restoreSettings(s);
    }
    QCOMPARE(q.request(), saved);
    QCOMPARE(q.request().settings.value("iql.beta"), QString("7"));
    chooseAlgo(q, "vaco");
    QVERIFY(!check(q, "noiseSwitch")->isChecked());
    QCOMPARE(q.request().settings.value("vaco.meta_lr"), QString("0.0001"));
    QCOMPARE(q.request().settings.value("vaco.scorer_use_value"), QString("false"));
    QCOMPARE(q.request().settings.value("hidden"), QString("32"));

    // A saved device this machine lacks comes back as auto; an empty file changes nothing.
    if (!ui::availableDevices().contains("cuda:3")) {
      QSettings s(path, QSettings::IniFormat);
      s.setValue("RunPanel/device", "cuda:3");
      RunPanel r;
      r.restoreSettings(s);
      QCOMPARE(r.request().device, QString("auto"));
    }
    QSettings empty(test::tempPath("run-panel-empty.ini"), QSettings::IniFormat);
    RunPanel fresh, untouched;
    fresh.restoreSettings(empty);
    QCOMPARE(fresh.request(), untouched.request());
  }

  void unavailable_cuda_is_rejected() {
    RunRequest r;
    r.device = "cpu";
    QVERIFY(ui::checkRunRequest(r).ok());
    const QStringList devices = ui::availableDevices();
    QCOMPARE(devices.mid(0, 2), QStringList({"auto", "cpu"}));
    r.device = "cuda:banana";
    QVERIFY(ui::checkRunRequest(r).message.contains("bad device"));
    if (devices.contains("cuda:0")) QSKIP("CUDA is available here");
    r.device = "cuda:0";
    QVERIFY2(ui::checkRunRequest(r).message.contains("CUDA is not available"), qPrintable(ui::checkRunRequest(r).message));
    QCOMPARE(ui::checkRunRequest(r).key, QString("device"));
    QVERIFY_THROWS_EXCEPTION(Error, ui::toTrainConfig(r));

    RunPanel p;
    r.settings.insert("eval_episodes", "3");  // unknown to the panel: passed through
    p.setRequest(r);
    QVERIFY(p.errorText().contains("cuda:0"));
    QCOMPARE(p.invalidKey(), QString("device"));
    QVERIFY(!button(p, "startButton")->isEnabled());
    QCOMPARE(p.request().settings.value("eval_episodes"), QString("3"));
    combo(p, "device")->setCurrentText("cpu");
    QVERIFY(p.errorText().isEmpty());
    QCOMPARE(ui::toTrainConfig(p.request()).eval_episodes, int64_t(3));
  }

  void check_never_throws_on_junk() {
    RunRequest r;
    r.settings.insert("no.such.key", "1");
    QVERIFY(ui::checkRunRequest(r).message.contains("no.such.key"));
    QCOMPARE(ui::checkRunRequest(r).key, QString("no.such.key"));
    r.settings.clear();
    r.algo = "dqn";
    QVERIFY(ui::checkRunRequest(r).message.contains("dqn"));
    QCOMPARE(ui::checkRunRequest(r).key, QString("algo"));
    QCOMPARE(ui::settingDefault("vaco.meta_lr"), QString("3e-05"));
    QCOMPARE(ui::settingDefault("vaco.noise_on"), QString("action"));
    QVERIFY(ui::settingDefault("vaco").isEmpty());
    QVERIFY(ui::settingDefault("a~b").isEmpty());
  }

  void dataset_kind_sizes_the_run() {
    RunPanel p;
    p.setDatasetKind(true);
    RunRequest r = p.request();
    QCOMPARE(r.steps, qint64(3000));
    QCOMPARE(r.value_steps, qint64(3000));
    QCOMPARE(r.settings.value("hidden"), QString("64"));
    QCOMPARE(r.settings.value("depth"), QString("3"));
    // VACO's toy form: the paper's exact gradient, Q input, frozen critic, ESS floor 0.3, meta lr
    // 3e-4 (in its editor).
    chooseAlgo(p, "vaco");
    const train::TrainConfig toy = ui::toTrainConfig(p.request());
    QCOMPARE(toy.vaco.meta_gradient, algos::MetaGradient::ForwardMode);
    QVERIFY(!toy.vaco.advantage_input);
    QVERIFY(!toy.vaco.state_centred);
    QCOMPARE(toy.vaco.guard.ess_floor, 0.3);
    QCOMPARE(toy.vaco.meta_lr, 3e-4);
    QVERIFY(!toy.vaco.update_critic && !toy.vaco.policy_lr_cosine);  // the critic frozen, a constant rate
    QCOMPARE(combo(p, "vaco.update_critic")->currentText(), QString("false"));
    QCOMPARE(edit(p, "vaco.meta_lr")->text(), QString("3e-4"));
    p.setDatasetKind(false);
    const train::TrainConfig c = ui::toTrainConfig(p.request());
    const train::TrainConfig d;
    QCOMPARE(c.steps, d.steps);
    QCOMPARE(c.value_steps, d.value_steps);
    QCOMPARE(c.hidden, d.hidden);
    QCOMPARE(c.depth, d.depth);
    // Back on locomotion data the defaults return.
    QCOMPARE(c.vaco.meta_gradient, algos::MetaGradient::Diagonal);
    QVERIFY(c.vaco.advantage_input);
    QVERIFY(c.vaco.state_centred);
    QVERIFY(c.vaco.update_critic && c.vaco.policy_lr_cosine);
    QCOMPARE(combo(p, "vaco.update_critic")->currentText(), QString("true"));
    QCOMPARE(c.vaco.guard.ess_floor, d.vaco.guard.ess_floor);
    QCOMPARE(c.vaco.meta_lr, d.vaco.meta_lr);
  }

  void fits_a_dock_and_screenshot() {
    RunPanel p;
    QVERIFY2(p.minimumSizeHint().width() <= 380, qPrintable(QString::number(p.minimumSizeHint().width())));
    p.resize(340, 900);
    p.setDatasetKind(true);
    p.show();
    p.setProgress("policy", 1230, 3000, 1450.0);
    QTest::qWait(30);
    const int height = p.height();
    QVERIFY(height > 0);
    test::saveScreenshot(p, "widget-run-panel.png");
  }
};

QTEST_MAIN(GuiRunPanel)
#include "test_gui_run_panel.moc"
