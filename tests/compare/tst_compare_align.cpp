// --align through compareImages (whole frame) and compareFiles (streamed): generated pairs
// with known offsets give the exact offset and the counts of the engine's pixelmatch on the
// explicitly cropped overlap; low confidence applies nothing; without --align nothing
// changes; ignore regions stay in B's coordinates; a budget too small for the greyscale
// copies is refused with a reason.
#include "test_images.h"

#include "difflens/compare/compare.h"
#include "difflens/compare/result_json.h"
#include "difflens/engine/align.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace difflens;

namespace {

Image toImage(const QImage &q)
{
    const QImage c = q.convertToFormat(QImage::Format_RGBA8888);
    Image out(c.width(), c.height(), 4, 8);
    for (int y = 0; y < c.height(); ++y)
        std::memcpy(out.row(y), c.constScanLine(y), size_t(c.width()) * 4);
    return out;
}

ImageInfo infoOf(const Image &img, const char *name)
{
    ImageInfo i;
    i.path = name;
    i.width = img.width();
    i.height = img.height();
    i.channels = 4;
    return i;
}

// The reference: the engine's job on the explicitly cropped overlap.
JobResult croppedJob(const Image &a, const Image &b, int dx, int dy)
{
    const Rect o = alignOverlap(a.width(), a.height(), b.width(), b.height(), dx, dy);
    JobOptions job;
    job.wantDiffImage = false;
    return runJob(a.view().sub(Rect{o.x + dx, o.y + dy, o.width, o.height}), b.view().sub(o), job);
}

CompareOptions alignOptions(bool streamed)
{
    CompareOptions o;
    o.align = true;
    o.job.wantDiffImage = false;
    o.wholeFrame = !streamed;
    o.bandHeight = streamed ? 16 : 0;
    return o;
}

} // namespace

class TstCompareAlign : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void knownOffsets_data();
    void knownOffsets();
    void lowConfidenceAppliesNothing();
    void withoutAlignNothingChanges();
    void ignoreRegionsStayInB();
    void budgetTooSmallIsRefused();
    void mixedDepth();
    void truncatedBelowTheOverlapIsAnError();

private:
    std::string save(const QImage &img, const QString &name)
    {
        const QString p = m_dir.filePath(name);
        return img.save(p, "PNG") ? p.toStdString() : std::string();
    }
    QTemporaryDir m_dir;
};

void TstCompareAlign::knownOffsets_data()
{
    QTest::addColumn<QSize>("sizeA");
    QTest::addColumn<QSize>("sizeB");
    QTest::addColumn<int>("dx");
    QTest::addColumn<int>("dy");
    QTest::addColumn<bool>("changed");
    QTest::addColumn<bool>("streamed");
    struct Case {
        const char *name;
        QSize a, b;
        int dx, dy;
        bool changed;
    };
    const Case cases[] = {
        {"zero", {240, 160}, {240, 160}, 0, 0, false},
        {"positive", {240, 160}, {240, 160}, 11, 6, false},
        {"negative", {240, 160}, {240, 160}, -5, -19, false},
        {"negative, changed", {240, 160}, {240, 160}, -17, 3, true},
        {"quarter", {240, 160}, {240, 160}, 40, -40, false},
        {"quarter, changed", {240, 160}, {240, 160}, -40, 40, true},
        {"B a crop of A", {300, 200}, {220, 150}, 37, 21, false},
        {"B larger, changed", {200, 150}, {260, 190}, -30, -12, true},
    };
    for (const Case &c : cases)
        for (const bool streamed : {false, true})
            QTest::addRow("%s/%s", c.name, streamed ? "streamed" : "whole")
                << c.a << c.b << c.dx << c.dy << c.changed << streamed;
}

void TstCompareAlign::knownOffsets()
{
    QFETCH(QSize, sizeA);
    QFETCH(QSize, sizeB);
    QFETCH(int, dx);
    QFETCH(int, dy);
    QFETCH(bool, changed);
    QFETCH(bool, streamed);
    const int m = 200;
    const QImage g = testimg::textured(std::max(sizeA.width(), sizeB.width()) + 2 * m,
                                       std::max(sizeA.height(), sizeB.height()) + 2 * m,
                                       quint32(sizeA.width() + dx * 31 + dy));
    const QImage qa = g.copy(m, m, sizeA.width(), sizeA.height());
    QImage qb = g.copy(m + dx, m + dy, sizeB.width(), sizeB.height()); // B(x, y) = A(x + dx, y + dy)
    if (changed) {
        QPainter p(&qb);
        p.fillRect(QRect(sizeB.width() / 3, sizeB.height() / 4, 30, 12), QColor(250, 20, 20));
    }
    const Image a = toImage(qa), b = toImage(qb);
    CompareResult r;
    if (streamed) {
        const std::string pa = save(qa, "a.png"), pb = save(qb, "b.png");
        QVERIFY(!pa.empty() && !pb.empty());
        r = compareFiles(pa, pb, alignOptions(true));
    } else {
        r = compareImages(a, b, infoOf(a, "a"), infoOf(b, "b"), alignOptions(false));
    }
    QVERIFY2(r.ok, r.errorMessage().c_str());
    QCOMPARE(r.job.plan.streamed, streamed);
    QVERIFY(r.alignment.requested);
    QVERIFY2(r.alignment.applied, r.alignment.reason.c_str());
    QCOMPARE(r.alignment.dx, dx);
    QCOMPARE(r.alignment.dy, dy);
    QVERIFY(r.alignment.confidence >= kAlignMinConfidence);
    QCOMPARE(r.layoutDiffers, sizeA != sizeB);

    const Rect o = alignOverlap(a.width(), a.height(), b.width(), b.height(), dx, dy);
    QVERIFY(r.alignment.overlap == o);
    const JobResult ref = croppedJob(a, b, dx, dy);
    QVERIFY(ref.ok);
    QCOMPARE(r.job.totalPixels, int64_t(o.width) * o.height);
    QCOMPARE(r.job.totalPixels, ref.totalPixels);
    QCOMPARE(r.job.counts.mismatched, ref.counts.mismatched);
    QCOMPARE(r.job.counts.antiAliased, ref.counts.antiAliased);
    QCOMPARE(r.exactDiffering, ref.stats.differing);
    QCOMPARE(r.job.counts.mismatched > 0, changed);
    QCOMPARE(r.identical, !changed && dx == 0 && dy == 0 && sizeA == sizeB);

    const JsonValue json = resultJsonValue(r);
    const std::string text = toJsonText(json, false);
    QVERIFY2(text.find("\"alignment\":{") != std::string::npos, text.c_str());
    QVERIFY(text.find("\"applied\":true") != std::string::npos);
    QVERIFY(text.find("\"dx\":" + std::to_string(dx)) != std::string::npos);
    QVERIFY(text.find("\"dy\":" + std::to_string(dy)) != std::string::npos);
}

void TstCompareAlign::lowConfidenceAppliesNothing()
{
    // Unrelated content: the estimate is not applied; the top-left overlap is compared.
    const Image a = toImage(testimg::textured(200, 140, 1)), b = toImage(testimg::textured(180, 150, 77));
    CompareOptions plain = alignOptions(false);
    plain.align = false;
    const CompareResult base = compareImages(a, b, infoOf(a, "a"), infoOf(b, "b"), plain);
    for (const bool streamed : {false, true}) {
        CompareResult r;
        if (streamed) {
            const std::string pa = save(testimg::textured(200, 140, 1), "la.png"),
                              pb = save(testimg::textured(180, 150, 77), "lb.png");
            r = compareFiles(pa, pb, alignOptions(true));
        } else {
            r = compareImages(a, b, infoOf(a, "a"), infoOf(b, "b"), alignOptions(false));
        }
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QVERIFY(r.alignment.requested);
        QVERIFY(!r.alignment.applied);
        QVERIFY2(r.alignment.confidence < kAlignMinConfidence,
                 qPrintable(QString::number(r.alignment.confidence)));
        QVERIFY2(r.alignment.reason.find("below") != std::string::npos, r.alignment.reason.c_str());
        QCOMPARE(r.job.totalPixels, int64_t(180) * 140);
        QCOMPARE(r.job.counts.mismatched, base.job.counts.mismatched);
        const std::string text = toJsonText(resultJsonValue(r), false);
        QVERIFY2(text.find("\"applied\":false") != std::string::npos, text.c_str());
        QVERIFY(text.find("\"reason\":\"confidence ") != std::string::npos);
    }
}

void TstCompareAlign::withoutAlignNothingChanges()
{
    const QImage g = testimg::textured(400, 300, 9);
    const Image a = toImage(g.copy(0, 0, 240, 160)), b = toImage(g.copy(7, 5, 240, 160));
    CompareOptions o = alignOptions(false);
    o.align = false;
    const CompareResult r = compareImages(a, b, infoOf(a, "a"), infoOf(b, "b"), o);
    QVERIFY(r.ok);
    QVERIFY(!r.alignment.requested);
    QVERIFY(!r.alignment.applied);
    JobOptions job;
    job.wantDiffImage = false;
    const JobResult ref = runJob(a.view(), b.view(), job);
    QCOMPARE(r.job.counts.mismatched, ref.counts.mismatched);
    QVERIFY(r.job.counts.mismatched > 0); // a 7x5 shift shows
    QCOMPARE(r.job.totalPixels, int64_t(240) * 160);
    QVERIFY(toJsonText(resultJsonValue(r), false).find("alignment") == std::string::npos);
}

void TstCompareAlign::ignoreRegionsStayInB()
{
    // A change in B at (100..129, 60..71), ignored by a rectangle in B's coordinates: with
    // B shifted by (-12, -9) the overlap starts at (12, 9) in B and the change is still
    // ignored.
    const QImage g = testimg::textured(500, 400, 21);
    const QImage qa = g.copy(100, 100, 240, 160);
    QImage qb = g.copy(100 - 12, 100 - 9, 240, 160);
    {
        QPainter p(&qb);
        p.fillRect(QRect(100, 60, 30, 12), QColor(250, 20, 20));
    }
    const Image a = toImage(qa), b = toImage(qb);
    for (const bool streamed : {false, true}) {
        CompareOptions o = alignOptions(streamed);
        o.job.ignore = {Rect{98, 58, 34, 16}};
        CompareResult r;
        if (streamed)
            r = compareFiles(save(qa, "ia.png"), save(qb, "ib.png"), o);
        else
            r = compareImages(a, b, infoOf(a, "a"), infoOf(b, "b"), o);
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QVERIFY(r.alignment.applied);
        QCOMPARE(r.alignment.dx, -12);
        QCOMPARE(r.alignment.dy, -9);
        QCOMPARE(r.job.counts.mismatched, int64_t(0));
        QCOMPARE(r.job.totalPixels, int64_t(228) * 151 - 34 * 16);
    }
}

void TstCompareAlign::budgetTooSmallIsRefused()
{
    const QImage g = testimg::textured(1300, 1100, 3);
    const std::string pa = save(g.copy(0, 0, 1200, 1000), "ba.png"),
                      pb = save(g.copy(3, 2, 1200, 1000), "bb.png");
    CompareOptions o = alignOptions(true);
    o.bandHeight = 0;
    o.job.memoryBudget = int64_t(2) << 20; // the two greyscale copies alone need 2.4 MB
    const CompareResult r = compareFiles(pa, pb, o);
    QVERIFY(!r.ok);
    QVERIFY2(r.errorReason.find("--align needs") != std::string::npos, r.errorReason.c_str());
    QVERIFY2(r.errorReason.find("--memory-budget") != std::string::npos, r.errorReason.c_str());
    // Without a budget: the free memory (less the safety margin) is the limit.
    o.job.memoryBudget = 0;
    o.job.memorySample = []() {
        MemorySample m;
        m.device = "cpu";
        m.totalBytes = int64_t(8) << 30;
        m.usedBytes = m.totalBytes - (int64_t(2) << 20); // 2 MiB free
        m.ratio = double(m.usedBytes) / double(m.totalBytes);
        return m;
    };
    const CompareResult tight = compareFiles(pa, pb, o);
    QVERIFY(!tight.ok);
    QVERIFY2(tight.errorReason.find("free memory less a safety margin allows") != std::string::npos,
             tight.errorReason.c_str());
    o.job.memorySample = nullptr;
    o.job.memoryBudget = int64_t(64) << 20;
    const CompareResult fits = compareFiles(pa, pb, o);
    QVERIFY2(fits.ok, fits.errorMessage().c_str());
    QVERIFY(fits.alignment.applied);
    QCOMPARE(fits.alignment.dx, 3);
    QCOMPARE(fits.alignment.dy, 2);
}

void TstCompareAlign::mixedDepth()
{
    // A 8-bit, B 16-bit (the same content, shifted): B is rounded to 8 bits and the overlap
    // compares equal, streamed (cropped 16-bit rows) and whole.
    const QImage g = testimg::textured(500, 400, 13);
    const QImage qa = g.copy(100, 100, 240, 160);
    const QImage qb = g.copy(100 + 6, 100 - 8, 240, 160).convertToFormat(QImage::Format_RGBA64);
    const std::string pa = save(qa, "da.png"), pb = save(qb, "db.png");
    for (const bool streamed : {false, true}) {
        const CompareResult r = compareFiles(pa, pb, alignOptions(streamed));
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QCOMPARE(r.b.depth, 16);
        QCOMPARE(r.job.plan.streamed, streamed);
        QVERIFY(r.alignment.applied);
        QCOMPARE(r.alignment.dx, 6);
        QCOMPARE(r.alignment.dy, -8);
        QCOMPARE(r.exactDiffering, int64_t(0));
        QCOMPARE(r.job.totalPixels, int64_t(234) * 152);
    }
}

void TstCompareAlign::truncatedBelowTheOverlapIsAnError()
{
    // B(x, y) = A(x + 5, y + 12): the overlap ends 12 rows above B's bottom. A B whose data
    // ends early there is still an error (the rows below the overlap are read), never a pass.
    const QImage g = testimg::textured(500, 400, 17);
    const std::string pa = save(g.copy(100, 100, 240, 160), "ta.png");
    const std::string full = save(g.copy(105, 112, 240, 160), "tb-full.png");
    QFile in(QString::fromStdString(full));
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray bytes = in.readAll();
    const std::string pb = m_dir.filePath("tb.png").toStdString();
    QVERIFY(testimg::writeBytes(QString::fromStdString(pb), bytes.left(bytes.size() - 300)));
    CompareOptions o = alignOptions(true);
    const CompareResult r = compareFiles(pa, pb, o);
    QVERIFY(!r.ok);
    QCOMPARE(r.errorFile, pb);
    const CompareResult whole = compareFiles(pa, full, o);
    QVERIFY2(whole.ok, whole.errorMessage().c_str());
    QCOMPARE(whole.alignment.dx, 5);
    QCOMPARE(whole.alignment.dy, 12);
}

QTEST_GUILESS_MAIN(TstCompareAlign)
#include "tst_compare_align.moc"
