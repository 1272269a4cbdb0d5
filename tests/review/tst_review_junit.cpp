// JUnit XML: counts, one testcase per pair, failure/error texts.
#include "difflens/compare/review/junit.h"

#include <QTest>
#include <QXmlStreamReader>

using namespace difflens::review;

namespace {
PairSummary pair(const std::string &name, PairStatus st)
{
    PairSummary s;
    s.relPath = name;
    s.status = st;
    s.totalPixels = 10000;
    s.threshold = 0.1;
    s.elapsedMs = 12;
    return s;
}
} // namespace

class TestReviewJUnit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsAndTexts();
    void failureMessages_data();
    void failureMessages();
};

void TestReviewJUnit::countsAndTexts()
{
    std::vector<PairSummary> pairs = {pair("a/same.png", PairStatus::Identical),
                                      pair("a/tol.png", PairStatus::WithinTolerance),
                                      pair("b/diff.png", PairStatus::Different),
                                      pair("gone.png", PairStatus::Removed),
                                      pair("bad <&> \"name\".png", PairStatus::Error)};
    pairs[2].mismatched = 250;
    pairs[2].regionCount = 2;
    pairs[2].regions = {{{10, 20, 30, 40}, 200}, {{100, 5, 6, 7}, 50}};
    pairs[4].error = "x.png: cannot open: Permission denied";
    const QString xml = QString::fromStdString(toJUnitXml(pairs));

    QXmlStreamReader r(xml);
    int testcases = 0, failures = 0, errors = 0;
    QString suiteTests, suiteFailures, suiteErrors, diffMessage, errorMessage, oddName;
    QString currentCase;
    while (!r.atEnd()) {
        if (r.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto a = r.attributes();
        if (r.name() == QLatin1String("testsuite")) {
            suiteTests = a.value("tests").toString();
            suiteFailures = a.value("failures").toString();
            suiteErrors = a.value("errors").toString();
        } else if (r.name() == QLatin1String("testcase")) {
            ++testcases;
            currentCase = a.value("name").toString();
            if (currentCase.startsWith("bad"))
                oddName = currentCase;
        } else if (r.name() == QLatin1String("failure")) {
            ++failures;
            if (currentCase == "b/diff.png")
                diffMessage = a.value("message").toString();
        } else if (r.name() == QLatin1String("error")) {
            ++errors;
            errorMessage = a.value("message").toString();
        }
    }
    QVERIFY2(!r.hasError(), qPrintable(r.errorString()));
    QCOMPARE(testcases, 5);
    QCOMPARE(failures, 2);
    QCOMPARE(errors, 1);
    QCOMPARE(suiteTests, QString("5"));
    QCOMPARE(suiteFailures, QString("2"));
    QCOMPARE(suiteErrors, QString("1"));
    QVERIFY2(diffMessage.contains("2.5000% mismatched"), qPrintable(diffMessage));
    QVERIFY2(diffMessage.contains("2 regions: 30x40 at (10,20); 6x7 at (100,5)"), qPrintable(diffMessage));
    QVERIFY(errorMessage.contains("Permission denied"));
    QCOMPARE(oddName, QString("bad <&> \"name\".png"));
}

void TestReviewJUnit::failureMessages_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("expected");
    QTest::newRow("layout") << int(PairStatus::LayoutChanged) << "layout changed: baseline 10x20, current 11x20";
    QTest::newRow("removed") << int(PairStatus::Removed) << "only in baseline (removed)";
    QTest::newRow("new") << int(PairStatus::Added) << "only in current (new, no baseline)";
}

void TestReviewJUnit::failureMessages()
{
    QFETCH(int, status);
    QFETCH(QString, expected);
    PairSummary s = pair("x.png", PairStatus(status));
    s.widthA = 10;
    s.heightA = 20;
    s.widthB = 11;
    s.heightB = 20;
    QCOMPARE(QString::fromStdString(failureMessage(s)), expected);
}

QTEST_GUILESS_MAIN(TestReviewJUnit)
#include "tst_review_junit.moc"
