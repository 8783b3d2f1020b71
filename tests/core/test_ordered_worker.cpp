// OrderedWorker: every published item runs once, in order, on the worker's thread; an exception
// stops the work and comes back from finish(); destruction waits for what was published.
#include "core/util/ordered_worker.h"

#include <stdexcept>
#include <thread>
#include <vector>

#include <QTest>

using vaco::OrderedWorker;

class OrderedWorkerTest : public QObject {
  Q_OBJECT
 private slots:
  void runs_published_items_in_order_on_its_thread() {
    std::vector<int64_t> done;
    std::vector<std::thread::id> threads;
    OrderedWorker worker([&](int64_t i) {
      done.push_back(i);
      threads.push_back(std::this_thread::get_id());
    });
    for (int64_t n = 1; n <= 200; n += 7) worker.publish(n);  // in steps, while it works
    worker.publish(150);  // publishing fewer than before changes nothing
    worker.publish(250);
    worker.finish();
    QCOMPARE(int64_t(done.size()), int64_t(250));
    for (int64_t i = 0; i < 250; ++i) QCOMPARE(done[size_t(i)], i);
    for (const std::thread::id& id : threads) QVERIFY(id != std::this_thread::get_id());
  }

  void an_exception_stops_the_work_and_reaches_finish() {
    std::vector<int64_t> done;
    OrderedWorker worker([&](int64_t i) {
      if (i == 5) throw std::runtime_error("item 5 failed");
      done.push_back(i);
    });
    worker.publish(20);
    try {
      worker.finish();
      QFAIL("finish() did not rethrow");
    } catch (const std::runtime_error& e) {
      QCOMPARE(QString(e.what()), QString("item 5 failed"));
    }
    QCOMPARE(int64_t(done.size()), int64_t(5));
  }

  void destruction_waits_for_published_items() {
    std::vector<int64_t> done;
    {
      OrderedWorker worker([&](int64_t i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        done.push_back(i);
      });
      worker.publish(30);
    }
    QCOMPARE(int64_t(done.size()), int64_t(30));
    OrderedWorker idle([](int64_t) {});  // never published: ends at once
  }
};

QTEST_APPLESS_MAIN(OrderedWorkerTest)
#include "test_ordered_worker.moc"
