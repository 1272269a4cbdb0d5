// difflens.json "memory": {"warning": R, "critical": R}: parsed, applied to every pair's job
// options, kept out of the options hash, written back by toJson; invalid values are refused
// with a reason.
#include "difflens/compare/review/config.h"

#include <QTest>

using namespace difflens;
using namespace difflens::review;

class TestReviewConfigMemory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesAndApplies();
    void absentKeepsJobDefaults();
    void oneKeyKeepsTheOtherDefault();
    void roundTrip();
    void invalid_data();
    void invalid();
};

void TestReviewConfigMemory::parsesAndApplies()
{
    ReviewConfig c;
    std::string error;
    QVERIFY2(c.parse(R"({"memory": {"warning": 0.7, "critical": 0.85},
                         "folders": {"a": {"threshold": 0.2}}})",
                     error),
             error.c_str());
    QCOMPARE(c.memory.warning.value_or(-1), 0.7);
    QCOMPARE(c.memory.critical.value_or(-1), 0.85);
    for (const char *rel : {"top.png", "a/b/c.png"}) {
        const EffectiveRules rules = c.rulesFor(rel);
        CompareOptions opt;
        rules.applyTo(opt);
        QCOMPARE(opt.job.warningRatio, 0.7);
        QCOMPARE(opt.job.criticalRatio, 0.85);
    }
    // Plans only: results are exact either way, so sessions are reused across thresholds.
    ReviewConfig plain;
    QVERIFY(plain.parse(R"({"folders": {"a": {"threshold": 0.2}}})", error));
    QCOMPARE(c.rulesFor("a/b/c.png").hash(), plain.rulesFor("a/b/c.png").hash());
}

void TestReviewConfigMemory::absentKeepsJobDefaults()
{
    ReviewConfig c;
    std::string error;
    QVERIFY2(c.parse(R"({"defaults": {"threshold": 0.3}})", error), error.c_str());
    QVERIFY(!c.memory.warning && !c.memory.critical);
    CompareOptions opt;
    opt.job.warningRatio = 0.5;
    opt.job.criticalRatio = 0.6;
    c.rulesFor("x.png").applyTo(opt);
    QCOMPARE(opt.job.warningRatio, 0.5);
    QCOMPARE(opt.job.criticalRatio, 0.6);
    QVERIFY(QByteArray::fromStdString(c.toJson()).indexOf("\"memory\"") < 0);
}

void TestReviewConfigMemory::oneKeyKeepsTheOtherDefault()
{
    ReviewConfig c;
    std::string error;
    QVERIFY2(c.parse(R"({"memory": {"critical": 0.95}})", error), error.c_str());
    CompareOptions opt;
    c.rulesFor("x.png").applyTo(opt);
    QCOMPARE(opt.job.warningRatio, JobOptions().warningRatio);
    QCOMPARE(opt.job.criticalRatio, 0.95);
    QVERIFY2(c.parse(R"({"memory": {"warning": 0.5}})", error), error.c_str());
    QCOMPARE(c.memory.warning.value_or(-1), 0.5);
    QVERIFY(!c.memory.critical);
    QVERIFY2(c.parse(R"({"memory": {"warning": 0.1, "critical": 1}})", error), error.c_str());
    QCOMPARE(c.memory.critical.value_or(-1), 1.0);
}

void TestReviewConfigMemory::roundTrip()
{
    ReviewConfig c;
    std::string error;
    QVERIFY(c.parse(R"({"memory": {"warning": 0.6, "critical": 0.75}})", error));
    ReviewConfig again;
    QVERIFY2(again.parse(c.toJson(), error), error.c_str());
    QCOMPARE(again.memory.warning.value_or(-1), 0.6);
    QCOMPARE(again.memory.critical.value_or(-1), 0.75);
}

void TestReviewConfigMemory::invalid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("reason");
    const QString range = QStringLiteral("must be a number greater than 0 and at most 1");
    QTest::newRow("not an object") << QByteArray(R"({"memory": 0.8})") << "memory must be an object";
    QTest::newRow("unknown key") << QByteArray(R"({"memory": {"warn": 0.8}})")
                                 << "memory: unknown key 'warn' (expected warning, critical)";
    QTest::newRow("warning 0") << QByteArray(R"({"memory": {"warning": 0}})") << "memory.warning " + range;
    QTest::newRow("warning negative")
        << QByteArray(R"({"memory": {"warning": -0.5}})") << "memory.warning " + range;
    QTest::newRow("critical above 1")
        << QByteArray(R"({"memory": {"critical": 1.5}})") << "memory.critical " + range;
    QTest::newRow("string") << QByteArray(R"({"memory": {"warning": "0.8"}})") << "memory.warning " + range;
    QTest::newRow("null") << QByteArray(R"({"memory": {"critical": null}})") << "memory.critical " + range;
    QTest::newRow("inverted") << QByteArray(R"({"memory": {"warning": 0.9, "critical": 0.5}})")
                              << "memory.warning (0.9) must be below memory.critical (0.5)";
    QTest::newRow("equal") << QByteArray(R"({"memory": {"warning": 0.7, "critical": 0.7}})")
                           << "memory.warning (0.7) must be below memory.critical (0.7)";
    QTest::newRow("warning above the default critical")
        << QByteArray(R"({"memory": {"warning": 0.95}})")
        << "memory.warning (0.95) must be below memory.critical (0.9, the default)";
    QTest::newRow("critical below the default warning")
        << QByteArray(R"({"memory": {"critical": 0.5}})")
        << "memory.warning (0.8, the default) must be below memory.critical (0.5)";
}

void TestReviewConfigMemory::invalid()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, reason);
    ReviewConfig c;
    std::string error;
    QVERIFY(c.parse(R"({"memory": {"warning": 0.6}})", error));
    QVERIFY(!c.parse(json.toStdString(), error));
    QVERIFY2(QString::fromStdString(error).contains(reason), error.c_str());
    QCOMPARE(c.memory.warning.value_or(-1), 0.6); // a refused file changes nothing
}

QTEST_GUILESS_MAIN(TestReviewConfigMemory)
#include "tst_review_config_memory.moc"
