// Tests of runComparison (comparison.h): stages observed in order with their fields set and
// earlier ones unchanged, counts as compareFiles', side errors, injected failures, cancel,
// the layered route against the whole-frame one, and the direct route (the CLI's).
#include "difflens/compare/comparison.h"
#include "difflens/compare/load.h"

#include <QFile>
#include <QTextStream>
#include <QtTest>

#include <new>
#include <stdexcept>

using namespace difflens;

namespace {

QString fixture(const QString &name)
{
    return QStringLiteral(DIFFLENS_FIXTURES_DIR "/pixelmatch-7.2.0/") + name;
}

ComparisonRequest request(const QString &a, const QString &b, double threshold)
{
    ComparisonRequest req;
    req.a.path = a.toStdString();
    req.b.path = b.toStdString();
    req.options.job.pixelmatch.threshold = threshold;
    req.cancel = std::make_shared<std::atomic_bool>(false);
    return req;
}

// Every snapshot the observer was given.
struct Seen {
    std::vector<ComparisonPtr> snapshots;
    std::vector<int> stages() const
    {
        std::vector<int> out;
        for (const ComparisonPtr &c : snapshots)
            out.push_back(int(c->stage));
        return out;
    }
};

ComparisonObserver recorder(Seen *seen)
{
    return [seen](const ComparisonPtr &c) { seen->snapshots.push_back(c); };
}

// The pixelmatch 7.2.0 fixture rows whose options are only a threshold.
void addFixtureRows()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<qint64>("expected");
    QFile tsv(fixture(QStringLiteral("expected.tsv")));
    if (!tsv.open(QIODevice::ReadOnly | QIODevice::Text))
        QFAIL(qPrintable(QStringLiteral("pixelmatch fixtures missing: %1").arg(tsv.fileName())));
    QTextStream in(&tsv);
    while (!in.atEnd()) {
        const QStringList f = in.readLine().split(QLatin1Char('\t'));
        if (f.size() != 5 || f[0].startsWith(QLatin1Char('#')) || !f[3].startsWith(QLatin1String("threshold=")) ||
            f[3].contains(QLatin1Char(';')))
            continue;
        QTest::newRow(qPrintable(f[2])) << fixture(f[0]) << fixture(f[1]) << f[3].mid(10).toDouble()
                                        << f[4].trimmed().toLongLong();
    }
}

} // namespace

class TestComparison : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stages_data() { addFixtureRows(); }
    void stages();
    void missingFile_data();
    void missingFile();
    void injectedFailure_data();
    void injectedFailure();
    void cancel_data();
    void cancel();
    void continued_data();
    void continued();
    void layered_data() { addFixtureRows(); }
    void layered();
    void direct_data() { addFixtureRows(); }
    void direct();
    void directFailure_data();
    void directFailure();
};

void TestComparison::stages()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(double, threshold);
    QFETCH(qint64, expected);
    ComparisonRequest req = request(a, b, threshold);
    req.options.job.computeSsim = true;
    req.options.job.computeFlip = true;
    Seen seen;
    const ComparisonPtr last = runComparison(req, recorder(&seen));
    QCOMPARE(seen.stages(), (std::vector<int>{1, 2, 3, 4}));
    QVERIFY(last && last->finished && !last->canceled && last->error.empty());
    const Comparison &s1 = *seen.snapshots[0], &s2 = *seen.snapshots[1], &s3 = *seen.snapshots[2],
                     &s4 = *seen.snapshots[3];
    // 1: both decoded, nothing compared yet.
    QVERIFY(s1.a.image && s1.b.image && !s1.result && !s1.diff && !s1.finished);
    QCOMPARE(s1.a.info.width, s1.a.image->width());
    // 2: the exact result, as compareFiles counts it, its diff image and mask.
    QVERIFY(s2.result && s2.diff && s2.mask && s2.compared() && !s2.heat && !s2.ssim);
    CompareOptions plain = req.options;
    plain.job.computeSsim = plain.job.computeFlip = false;
    const CompareResult ref = compareFiles(a.toStdString(), b.toStdString(), plain);
    QVERIFY(ref.ok);
    QCOMPARE(qint64(s2.result->job.counts.mismatched), expected);
    QCOMPARE(s2.result->job.counts.mismatched, ref.job.counts.mismatched);
    QCOMPARE(s2.result->job.counts.antiAliased, ref.job.counts.antiAliased);
    QCOMPARE(s2.result->job.regions.size(), ref.job.regions.size());
    QCOMPARE(s2.a.image.get(), s1.a.image.get());
    // 3: the heatmap over the compared area; the earlier fields are the same buffers.
    const size_t area = size_t(s3.layerWidth) * size_t(s3.layerHeight);
    QVERIFY(area > 0);
    QVERIFY(s3.heat && s3.heat->size() == area);
    QCOMPARE(s3.mask.get(), s2.mask.get());
    QCOMPARE(s2.mask->size(), area);
    QVERIFY(expected == 0 || s3.heatPeak > 0);
    QCOMPARE(s3.result.get(), s2.result.get());
    QCOMPARE(s3.diff.get(), s2.diff.get());
    QCOMPARE(s3.b.image.get(), s1.b.image.get());
    QVERIFY(!s3.ssim && !s3.flip);
    // 4: SSIM and FLIP with their maps; nothing earlier replaced.
    QVERIFY(s4.ssim && s4.ssimMap && s4.ssimShade && s4.ssimShade->size() == s4.ssimMap->data.size());
    QVERIFY(s4.ssim->map.data.empty());
    QVERIFY(s4.flip && s4.flipLevels && s4.flipLevels->size() == size_t(s4.flipWidth) * size_t(s4.flipHeight));
    QCOMPARE(s4.heat.get(), s3.heat.get());
    QCOMPARE(s4.mask.get(), s3.mask.get());
    QCOMPARE(s4.result.get(), s2.result.get());
    QVERIFY(s4.finished && s4.failedParts.empty());
    QCOMPARE(last.get(), seen.snapshots.back().get());
    QVERIFY(s4.options && s4.options->job.computeSsim && !s4.options->job.isCanceled);
}

void TestComparison::missingFile_data()
{
    QTest::addColumn<bool>("missingA");
    QTest::addColumn<bool>("missingB");
    QTest::newRow("A") << true << false;
    QTest::newRow("B") << false << true;
    QTest::newRow("both") << true << true;
}

void TestComparison::missingFile()
{
    QFETCH(bool, missingA);
    QFETCH(bool, missingB);
    const QString missing = QDir::temp().filePath(QStringLiteral("difflens-no-such-file.png"));
    const QString a = missingA ? missing : fixture(QStringLiteral("1a.png"));
    const QString b = missingB ? missing : fixture(QStringLiteral("1b.png"));
    Seen seen;
    const ComparisonPtr last = runComparison(request(a, b, 0.1), recorder(&seen));
    QCOMPARE(seen.stages(), std::vector<int>{1});
    QVERIFY(last->finished && !last->compared() && !last->result);
    QCOMPARE(last->a.error.empty(), !missingA);
    QCOMPARE(last->b.error.empty(), !missingB);
    QCOMPARE(bool(last->a.image), !missingA);
    QVERIFY(!last->outOfMemory);
}

void TestComparison::injectedFailure_data()
{
    QTest::addColumn<int>("stage");
    QTest::addColumn<bool>("badAlloc");
    QTest::addColumn<std::vector<int>>("seenStages");
    for (bool oom : {true, false}) {
        const char *kind = oom ? "bad_alloc" : "runtime_error";
        QTest::addRow("opened %s", kind) << 1 << oom << std::vector<int>{};
        QTest::addRow("exact %s", kind) << 2 << oom << std::vector<int>{1};
        QTest::addRow("layers %s", kind) << 3 << oom << std::vector<int>{1, 2, 3, 4};
        QTest::addRow("metrics %s", kind) << 4 << oom << std::vector<int>{1, 2, 3, 4};
    }
}

void TestComparison::injectedFailure()
{
    QFETCH(int, stage);
    QFETCH(bool, badAlloc);
    QFETCH(std::vector<int>, seenStages);
    ComparisonRequest req = request(fixture(QStringLiteral("1a.png")), fixture(QStringLiteral("1b.png")), 0.1);
    req.options.job.computeSsim = true;
    req.beforeStage = [stage, badAlloc](ComparisonStage s) {
        if (int(s) != stage)
            return;
        if (badAlloc)
            throw std::bad_alloc();
        throw std::runtime_error("injected failure");
    };
    Seen seen;
    ComparisonPtr last;
    try {
        last = runComparison(req, recorder(&seen));
    } catch (...) {
        QFAIL("runComparison threw");
    }
    QVERIFY(last && last->finished);
    QCOMPARE(seen.stages(), seenStages);
    if (stage <= 2) { // the pair failed: its error, not a result
        QVERIFY(!last->error.empty());
        QCOMPARE(last->outOfMemory, badAlloc);
        QVERIFY(!last->compared());
        QVERIFY(badAlloc || last->error.find("injected failure") != std::string::npos);
    } else { // a part failed: the result stands, the part is named
        QVERIFY(last->error.empty() && last->compared());
        const ComparisonPartFailure *f = last->failed(stage == 3 ? ComparisonPart::Heatmap : ComparisonPart::SsimMap);
        QVERIFY(f);
        QCOMPARE(f->outOfMemory, badAlloc);
        QCOMPARE(bool(last->heat), stage != 3);
        QVERIFY(last->mask && !last->failed(ComparisonPart::Mask)); // stage 2's
    }
}

void TestComparison::cancel_data()
{
    QTest::addColumn<int>("cancelAfter");
    QTest::newRow("after opened") << 1;
    QTest::newRow("after exact") << 2;
    QTest::newRow("after layers") << 3;
}

void TestComparison::cancel()
{
    QFETCH(int, cancelAfter);
    ComparisonRequest req = request(fixture(QStringLiteral("4a.png")), fixture(QStringLiteral("4b.png")), 0.05);
    req.options.job.computeSsim = true;
    Seen seen;
    const std::shared_ptr<std::atomic_bool> flag = req.cancel;
    const ComparisonPtr last = runComparison(req, [&seen, flag, cancelAfter](const ComparisonPtr &c) {
        seen.snapshots.push_back(c);
        if (int(c->stage) == cancelAfter)
            flag->store(true);
    });
    QCOMPARE(int(seen.snapshots.size()), cancelAfter);
    QCOMPARE(int(seen.snapshots.back()->stage), cancelAfter);
    QVERIFY(last->canceled && last->finished);
    QCOMPARE(int(last->stage), cancelAfter);
}

void TestComparison::continued_data()
{
    QTest::addColumn<bool>("cancelBetween");
    QTest::newRow("continued") << false;
    QTest::newRow("canceled before continuing") << true;
}

// stopAfter Exact: stage 2 comes back unfinished; continueComparison (later, elsewhere) goes
// on with stages 3 and 4 on the same buffers, or stops when canceled meanwhile.
void TestComparison::continued()
{
    QFETCH(bool, cancelBetween);
    ComparisonRequest req = request(fixture(QStringLiteral("4a.png")), fixture(QStringLiteral("4b.png")), 0.05);
    req.options.job.computeSsim = true;
    req.stopAfter = ComparisonStage::Exact;
    Seen seen;
    const ComparisonPtr exact = runComparison(req, recorder(&seen));
    QCOMPARE(seen.stages(), (std::vector<int>{1, 2}));
    QVERIFY(exact->compared() && !exact->finished && !exact->heat);
    QCOMPARE(exact.get(), seen.snapshots.back().get());
    if (cancelBetween)
        req.cancel->store(true);
    const ComparisonPtr last = continueComparison(req, exact, recorder(&seen));
    QVERIFY(last->finished);
    if (cancelBetween) {
        QVERIFY(last->canceled && !last->heat);
        QCOMPARE(seen.stages(), (std::vector<int>{1, 2}));
        return;
    }
    QCOMPARE(seen.stages(), (std::vector<int>{1, 2, 3, 4}));
    QVERIFY(last->heat && last->ssim && last->ssimMap && last->failedParts.empty());
    QCOMPARE(last->result.get(), exact->result.get());
    QCOMPARE(last->mask.get(), exact->mask.get());
    QCOMPARE(last->a.image.get(), exact->a.image.get());
    QVERIFY(last->timings.elapsedMs >= exact->timings.elapsedMs);
    // Nothing to continue: a finished snapshot comes back as it is.
    QCOMPARE(continueComparison(req, last, recorder(&seen)).get(), last.get());
}

void TestComparison::layered()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(double, threshold);
    QFETCH(qint64, expected);
    ComparisonRequest whole = request(a, b, threshold);
    const ComparisonPtr ref = runComparison(whole, nullptr);
    QVERIFY(ref && ref->compared());
    ComparisonRequest req = request(a, b, threshold);
    req.layered = true; // memory only: no cache folder
    Seen seen;
    const ComparisonPtr last = runComparison(req, recorder(&seen));
    QCOMPARE(seen.stages(), (std::vector<int>{1, 2}));
    const Comparison &opened = *seen.snapshots[0];
    QVERIFY(opened.store && opened.preview() && !opened.result);
    QCOMPARE(opened.a.info.width, ref->a.info.width);
    QVERIFY(last->compared() && last->finished && !last->preview());
    QCOMPARE(last->store.get(), opened.store.get());
    QVERIFY(last->store->complete());
    QCOMPARE(qint64(last->result->job.counts.mismatched), expected);
    QCOMPARE(last->result->job.counts.mismatched, ref->result->job.counts.mismatched);
    QCOMPARE(last->result->job.counts.antiAliased, ref->result->job.counts.antiAliased);
    QCOMPARE(last->result->job.regions.size(), ref->result->job.regions.size());
    QCOMPARE(last->heatPeak, ref->heatPeak);
}

// The direct route: one snapshot (stages 1 and 2), finished, its CompareResult whole and
// equal to compareFiles' (streamed) and to the same route given decoded images.
void TestComparison::direct()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(double, threshold);
    QFETCH(qint64, expected);
    ComparisonRequest req = request(a, b, threshold);
    req.direct = true;
    Seen seen;
    const ComparisonPtr last = runComparison(req, recorder(&seen));
    QCOMPARE(seen.stages(), std::vector<int>{int(ComparisonStage::Exact)});
    QCOMPARE(last.get(), seen.snapshots.front().get());
    QVERIFY(last->finished && last->compared() && !last->canceled && !last->store && !last->heat);
    QCOMPARE(qint64(last->result->job.counts.mismatched), expected);
    QVERIFY(last->result->job.plan.streamed);
    QCOMPARE(last->a.info.width, last->result->a.width);
    QCOMPARE(last->b.info.height, last->result->b.height);
    const CompareResult plain = compareFiles(req.a.path, req.b.path, req.options);
    QCOMPARE(last->result->job.counts.antiAliased, plain.job.counts.antiAliased);
    QCOMPARE(last->result->job.regions.size(), plain.job.regions.size());

    ComparisonRequest decoded = req;
    LoadedImage da = loadImageFile(req.a.path, req.options.maxPixels);
    LoadedImage db = loadImageFile(req.b.path, req.options.maxPixels);
    QVERIFY(da.ok && db.ok);
    decoded.a.image = std::make_shared<const Image>(std::move(da.image));
    decoded.a.info = da.info;
    decoded.b.image = std::make_shared<const Image>(std::move(db.image));
    decoded.b.info = db.info;
    decoded.decodedMs = 12.5;
    const ComparisonPtr whole = runDirectComparison(decoded);
    QVERIFY(whole->compared() && !whole->result->job.plan.streamed);
    QCOMPARE(qint64(whole->result->job.counts.mismatched), expected);
    QCOMPARE(whole->result->timings.decodeMs, 12.5);
    QCOMPARE(&resultOrError(whole), whole->result.get());
}

void TestComparison::directFailure_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<bool>("outOfMemory");
    QTest::addColumn<QString>("errorFile"); // "a", "b" or ""
    QTest::newRow("A missing") << "missingA" << false << "a";
    QTest::newRow("B missing") << "missingB" << false << "b";
    QTest::newRow("B not decoded by the caller") << "unreadB" << false << "b";
    QTest::newRow("bad_alloc") << "badAlloc" << true << "";
    QTest::newRow("exception") << "throw" << false << "";
}

// A failed pair still has its result (ok false, the file and reason as compareFiles gives
// them), the side's error, and the out-of-memory flag.
void TestComparison::directFailure()
{
    QFETCH(QString, how);
    QFETCH(bool, outOfMemory);
    QFETCH(QString, errorFile);
    const QString missing = QDir::temp().filePath(QStringLiteral("difflens-no-such-file.png"));
    ComparisonRequest req = request(how == QLatin1String("missingA") ? missing : fixture(QStringLiteral("1a.png")),
                                    how == QLatin1String("missingB") ? missing : fixture(QStringLiteral("1b.png")), 0.1);
    req.direct = true;
    if (how == QLatin1String("unreadB"))
        req.b.error = "cannot decode the image";
    if (how == QLatin1String("badAlloc"))
        req.beforeStage = [](ComparisonStage) { throw std::bad_alloc(); };
    if (how == QLatin1String("throw"))
        req.beforeStage = [](ComparisonStage) { throw std::runtime_error("injected"); };
    const ComparisonPtr last = runDirectComparison(req);
    QVERIFY(last && last->finished && !last->compared() && last->result);
    QCOMPARE(last->stage, ComparisonStage::None);
    const CompareResult &r = resultOrError(last);
    QVERIFY(!r.ok && !r.errorReason.empty());
    QCOMPARE(last->outOfMemory, outOfMemory);
    QCOMPARE(QString::fromStdString(last->error), QString::fromStdString(r.errorMessage()));
    const std::string file = errorFile == QLatin1String("a") ? req.a.path : errorFile == QLatin1String("b") ? req.b.path : "";
    QCOMPARE(r.errorFile, file);
    QCOMPARE(last->a.error.empty(), errorFile != QLatin1String("a"));
    QCOMPARE(last->b.error.empty(), errorFile != QLatin1String("b"));
    if (how == QLatin1String("throw"))
        QCOMPARE(r.errorReason, std::string("injected"));
}

QTEST_APPLESS_MAIN(TestComparison)
#include "tst_comparison.moc"
