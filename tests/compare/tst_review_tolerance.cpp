// Folder review with shift tolerance and FLIP: the pair summary carries the shift-tolerated
// count and the FLIP mean (when computed), the batch/session JSON writes and reads them
// back, and the JUnit message names them.
#include "test_images.h"

#include "difflens/compare/review/junit.h"
#include "difflens/compare/review/runner.h"
#include "difflens/compare/review/summary_json.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace difflens;
using namespace difflens::review;

namespace {

// Flat background with solid boxes; `dx` moves every box right.
QImage page(int dx, bool extraBox)
{
    QImage img(160, 100, QImage::Format_RGB32);
    img.fill(qRgb(245, 246, 248));
    QPainter p(&img);
    p.fillRect(QRect(20 + dx, 15, 40, 12), QColor(40, 90, 200));
    p.fillRect(QRect(90 + dx, 40, 30, 30), QColor(30, 30, 30));
    if (extraBox)
        p.fillRect(QRect(10, 70, 20, 20), QColor(220, 30, 30));
    return img;
}

} // namespace

class TstReviewTolerance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void summariesCarryShiftAndFlip_data();
    void summariesCarryShiftAndFlip();
    void jsonRoundTrip();
};

void TstReviewTolerance::summariesCarryShiftAndFlip_data()
{
    QTest::addColumn<bool>("flip");
    QTest::newRow("pixel only") << false;
    QTest::newRow("with FLIP") << true;
}

void TstReviewTolerance::summariesCarryShiftAndFlip()
{
    QFETCH(bool, flip);
    QTemporaryDir base, cur;
    QVERIFY(base.isValid() && cur.isValid());
    QVERIFY(testimg::save(page(0, false), base.filePath("moved.png")));
    QVERIFY(testimg::save(page(1, false), cur.filePath("moved.png")));
    QVERIFY(testimg::save(page(0, false), base.filePath("changed.png")));
    QVERIFY(testimg::save(page(1, true), cur.filePath("changed.png")));

    ReviewConfig config;
    config.defaults.shift = 1;
    ReviewRunOptions opt;
    opt.threads = 1;
    opt.base.job.computeFlip = flip;
    std::map<std::string, PairSummary> got;
    std::map<std::string, PairSummary> *sink = &got; // callbacks are serialized; runReview waits for them
    const ReviewRunStats stats =
        runReview(base.path().toStdString(), cur.path().toStdString(), config, opt,
                  [sink](const PairOutcome &o) { (*sink)[o.summary.relPath] = o.summary; });
    QVERIFY2(stats.ok, stats.error.c_str());
    QCOMPARE(got.size(), size_t(2));

    const PairSummary &moved = got["moved.png"];
    QCOMPARE(moved.status, PairStatus::WithinTolerance);
    QCOMPARE(moved.mismatched, int64_t(0));
    QVERIFY(moved.shiftTolerated > 0);
    const PairSummary &changed = got["changed.png"];
    QCOMPARE(changed.status, PairStatus::Different);
    QCOMPARE(changed.mismatched, int64_t(20 * 20));
    QVERIFY(changed.shiftTolerated > 0);
    if (flip) {
        QVERIFY(moved.flipMean > 0);
        QVERIFY(changed.flipMean > moved.flipMean);
    } else {
        QCOMPARE(moved.flipMean, -1.0);
    }

    const std::string msgMoved = failureMessage(moved), msgChanged = failureMessage(changed);
    const std::string tolerated = std::to_string(changed.shiftTolerated) + " tolerated by --shift";
    QVERIFY2(msgChanged.find(tolerated) != std::string::npos, msgChanged.c_str());
    QVERIFY2(msgMoved.find(std::to_string(moved.shiftTolerated) + " tolerated by --shift") !=
                 std::string::npos,
             msgMoved.c_str());
    QCOMPARE(msgChanged.find("FLIP mean ") != std::string::npos, flip);
    const std::string xml = toJUnitXml({moved, changed});
    QVERIFY2(xml.find(tolerated) != std::string::npos, xml.c_str());
}

void TstReviewTolerance::jsonRoundTrip()
{
    PairSummary s;
    s.relPath = "a/b.png";
    s.status = PairStatus::Different;
    s.mismatched = 12;
    s.shiftTolerated = 345;
    s.flipMean = 0.0625;
    const QJsonObject o = summaryToJson(s);
    QCOMPARE(o.value("shift_tolerated").toDouble(), 345.0);
    QCOMPARE(o.value("flip_mean").toDouble(), 0.0625);
    PairSummary back;
    QVERIFY(summaryFromJson(o, back));
    QCOMPARE(back.shiftTolerated, int64_t(345));
    QCOMPARE(back.flipMean, 0.0625);

    // Not computed: no flip_mean key, and a summary without the keys reads as 0 / -1.
    s.flipMean = -1;
    QJsonObject without = summaryToJson(s);
    QVERIFY(!without.contains("flip_mean"));
    without.remove("shift_tolerated");
    QVERIFY(summaryFromJson(without, back));
    QCOMPARE(back.shiftTolerated, int64_t(0));
    QCOMPARE(back.flipMean, -1.0);
}

QTEST_GUILESS_MAIN(TstReviewTolerance)
#include "tst_review_tolerance.moc"
