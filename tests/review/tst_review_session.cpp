// End-to-end folder review on real images: statuses, per-folder config, session save/load,
// resume skipping unchanged pairs.
#include "review_test_util.h"

#include "difflens/compare/review/runner.h"
#include "difflens/compare/review/session.h"

#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <mutex>

using namespace difflens::review;
using namespace reviewtest;

namespace {
struct Collected {
    std::mutex mutex;
    std::map<std::string, PairOutcome> outcomes;
};

ReviewRunStats run(const QString &a, const QString &b, const ReviewConfig &config,
                   std::map<std::string, PairOutcome> &out, const std::map<std::string, PairSummary> *previous = nullptr)
{
    auto sink = std::make_shared<Collected>();
    ReviewRunOptions opt;
    opt.threads = 2;
    opt.previous = previous;
    const ReviewRunStats stats = runReview(a.toStdString(), b.toStdString(), config, opt, [sink](const PairOutcome &o) {
        std::lock_guard<std::mutex> lock(sink->mutex);
        PairOutcome copy = o;
        copy.result = nullptr;
        sink->outcomes[o.summary.relPath] = copy;
    });
    out = sink->outcomes;
    return stats;
}
} // namespace

class TestReviewSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void statuses_data();
    void statuses();
    void configRules();
    void perFolderThreshold();
    void saveLoadKeepsDecisions();
    void resumeSkipsUnchangedPairs();
    void badConfigIsReported();

private:
    QTemporaryDir m_tmp;
    QString m_a, m_b;
};

void TestReviewSession::initTestCase()
{
    m_a = m_tmp.filePath("baseline");
    m_b = m_tmp.filePath("current");
    const QImage base = screen(160, 120);
    QVERIFY(writePng(m_a + "/same.png", base));
    QVERIFY(QFile::copy(m_a + "/same.png", m_b + "/same.png") || (QDir().mkpath(m_b) &&
                                                                  QFile::copy(m_a + "/same.png", m_b + "/same.png")));
    // Same pixels, different bytes (another compression level).
    QVERIFY(writePng(m_a + "/reencoded.png", base));
    QVERIFY(base.save(m_b + "/reencoded.png", "PNG", 0));
    QVERIFY(writePng(m_a + "/ui/changed.png", base));
    QVERIFY(writePng(m_b + "/ui/changed.png", withBlock(base, QRect(10, 10, 20, 8), Qt::red)));
    // One grey level off in a block: differs exactly, but far below the threshold.
    QVERIFY(writePng(m_a + "/ui/tolerance.png", base));
    QVERIFY(writePng(m_b + "/ui/tolerance.png", withBlock(base, QRect(100, 100, 10, 10), QColor(220, 225, 231))));
    QVERIFY(writePng(m_a + "/size.png", base));
    QVERIFY(writePng(m_b + "/size.png", screen(160, 130)));
    QVERIFY(writePng(m_a + "/removed.png", base));
    QVERIFY(writePng(m_b + "/deep/new.png", base));
    QVERIFY(writeFile(m_a + "/broken.png", "not a png"));
    QVERIFY(writeFile(m_b + "/broken.png", "not a png either"));
}

void TestReviewSession::statuses_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("status");
    QTest::newRow("same") << "same.png" << "identical";
    QTest::newRow("reencoded") << "reencoded.png" << "identical";
    QTest::newRow("changed") << "ui/changed.png" << "different";
    QTest::newRow("tolerance") << "ui/tolerance.png" << "within-tolerance";
    QTest::newRow("size") << "size.png" << "layout-changed";
    QTest::newRow("removed") << "removed.png" << "removed";
    QTest::newRow("new") << "deep/new.png" << "new";
    QTest::newRow("broken") << "broken.png" << "error";
}

void TestReviewSession::statuses()
{
    QFETCH(QString, name);
    QFETCH(QString, status);
    std::map<std::string, PairOutcome> out;
    const ReviewRunStats stats = run(m_a, m_b, ReviewConfig(), out);
    QVERIFY2(stats.ok, stats.error.c_str());
    QCOMPARE(out.size(), size_t(8));
    QCOMPARE(stats.counts.total(), int64_t(8));
    const PairSummary &s = out.at(name.toStdString()).summary;
    QCOMPARE(QString(toString(s.status)), status);
    if (name == "same.png") {
        QVERIFY(s.byteIdentical);
        QCOMPARE(s.widthA, 160);
        QCOMPARE(s.heightB, 120);
    }
    if (name == "reencoded.png")
        QVERIFY(!s.byteIdentical);
    if (name == "ui/changed.png") {
        QCOMPARE(s.mismatched, int64_t(20 * 8));
        QVERIFY(s.regionCount >= 1);
        QVERIFY(s.ssim > 0 && s.ssim < 1);
    }
    if (name == "broken.png")
        QVERIFY(!s.error.empty());
    QVERIFY(stats.workers >= 1 && stats.workers <= 2);
}

void TestReviewSession::configRules()
{
    ReviewConfig c;
    std::string err;
    QVERIFY2(c.parse(R"({"defaults": {"threshold": 0.05, "ignore": [[0,0,10,10]]},
                        "folders": {"ui": {"threshold": 0.3}, "ui/deep/": {"ignore": [{"x":1,"y":2,"width":3,"height":4}]}},
                        "files": {"ui/deep/x.png": {"threshold": 0.5, "ssim": false}},
                        "extensions": [".PNG"]})",
                     err),
             err.c_str());
    QCOMPARE(c.rulesFor("top.png").threshold, 0.05);
    QCOMPARE(c.rulesFor("ui/a.png").threshold, 0.3);
    QCOMPARE(c.rulesFor("ui/deep/y.png").threshold, 0.3);
    QCOMPARE(c.rulesFor("ui/deep/y.png").ignore.size(), size_t(2));
    QCOMPARE(c.rulesFor("ui/deep/x.png").threshold, 0.5);
    QVERIFY(!c.rulesFor("ui/deep/x.png").ssim);
    QCOMPARE(c.rulesFor("uix/a.png").threshold, 0.05); // prefix of a name is not a folder match
    QVERIFY(c.acceptsExtension("A.png") && !c.acceptsExtension("a.jpg"));
    QVERIFY(c.rulesFor("ui/a.png").hash() != c.rulesFor("top.png").hash());
    // Round trip.
    ReviewConfig d;
    QVERIFY2(d.parse(c.toJson(), err), err.c_str());
    QCOMPARE(d.rulesFor("ui/deep/x.png").hash(), c.rulesFor("ui/deep/x.png").hash());
}

void TestReviewSession::perFolderThreshold()
{
    ReviewConfig c;
    std::string err;
    // Red on light grey passes only with a threshold near 1; ignoring the block also passes.
    QVERIFY(c.parse(R"({"files": {"ui/changed.png": {"ignore": [{"x":10,"y":10,"width":20,"height":8}]}}})", err));
    std::map<std::string, PairOutcome> out;
    QVERIFY(run(m_a, m_b, c, out).ok);
    QCOMPARE(out.at("ui/changed.png").summary.status, PairStatus::Identical);
    QVERIFY(c.parse(R"({"folders": {"ui": {"threshold": 1.0}}})", err));
    QVERIFY(run(m_a, m_b, c, out).ok);
    QCOMPARE(out.at("ui/changed.png").summary.status, PairStatus::WithinTolerance);
    QCOMPARE(out.at("ui/changed.png").summary.threshold, 1.0);
}

void TestReviewSession::saveLoadKeepsDecisions()
{
    std::map<std::string, PairOutcome> out;
    QVERIFY(run(m_a, m_b, ReviewConfig(), out).ok);
    ReviewSession s;
    s.baselineRoot = m_a.toStdString();
    s.currentRoot = m_b.toStdString();
    for (const auto &kv : out)
        s.setResult(kv.second.summary);
    s.find("ui/changed.png")->decision = Decision::Flagged;
    s.find("ui/changed.png")->note = "button colour — check with design";
    s.find("size.png")->decision = Decision::Approved;
    const QString path = m_tmp.filePath("session.json");
    std::string err;
    QVERIFY2(s.save(path.toStdString(), err), err.c_str());

    ReviewSession t;
    QVERIFY2(t.load(path.toStdString(), err), err.c_str());
    QCOMPARE(t.entries.size(), s.entries.size());
    QCOMPARE(t.baselineRoot, s.baselineRoot);
    QCOMPARE(t.find("ui/changed.png")->decision, Decision::Flagged);
    QCOMPARE(QString::fromStdString(t.find("ui/changed.png")->note), QString("button colour — check with design"));
    QCOMPARE(t.find("size.png")->decision, Decision::Approved);
    QCOMPARE(t.find("ui/changed.png")->summary.contentHash, s.find("ui/changed.png")->summary.contentHash);
    QCOMPARE(t.find("ui/changed.png")->summary.mismatched, s.find("ui/changed.png")->summary.mismatched);
    QCOMPARE(t.find("ui/changed.png")->summary.regions, s.find("ui/changed.png")->summary.regions);
    QCOMPARE(t.counts().failures(), s.counts().failures());
}

void TestReviewSession::resumeSkipsUnchangedPairs()
{
    QTemporaryDir tmp;
    const QString a = tmp.filePath("a"), b = tmp.filePath("b");
    const QImage base = screen(64, 48);
    for (const char *n : {"one.png", "two.png", "three.png"}) {
        QVERIFY(writePng(a + "/" + n, base));
        QVERIFY(writePng(b + "/" + n, withBlock(base, QRect(1, 1, 4, 4), Qt::black)));
    }
    std::map<std::string, PairOutcome> out;
    QVERIFY(run(a, b, ReviewConfig(), out).ok);
    ReviewSession s;
    for (const auto &kv : out)
        s.setResult(kv.second.summary);
    s.find("one.png")->decision = Decision::Flagged;
    s.find("two.png")->decision = Decision::Flagged;
    const QString path = tmp.filePath("s.json");
    std::string err;
    QVERIFY(s.save(path.toStdString(), err));

    // Reopen, change one current image, resume.
    ReviewSession resumed;
    QVERIFY(resumed.load(path.toStdString(), err));
    QVERIFY(writePng(b + "/two.png", base));
    const auto previous = resumed.summaries();
    const ReviewRunStats stats = run(a, b, ReviewConfig(), out, &previous);
    QVERIFY(stats.ok);
    QCOMPARE(stats.reused, int64_t(2));
    QVERIFY(out.at("one.png").reused);
    QVERIFY(out.at("three.png").reused);
    QVERIFY(!out.at("two.png").reused);
    QCOMPARE(out.at("two.png").summary.status, PairStatus::Identical);
    for (const auto &kv : out)
        resumed.setResult(kv.second.summary);
    QCOMPARE(resumed.find("one.png")->decision, Decision::Flagged); // unchanged: decision kept
    QCOMPARE(resumed.find("two.png")->decision, Decision::None);    // changed: decided again

    // Changed options invalidate reuse too.
    ReviewConfig other;
    QVERIFY(other.parse(R"({"defaults": {"threshold": 0.2}})", err));
    QCOMPARE(run(a, b, other, out, &previous).reused, int64_t(0));
}

void TestReviewSession::badConfigIsReported()
{
    ReviewConfig c;
    std::string err;
    QVERIFY(!c.parse(R"({"defaults": {"threshold": 3}})", err));
    QVERIFY(QString::fromStdString(err).contains("threshold"));
    QVERIFY(!c.parse(R"({"folders": {"x": {"ignore": [{"x": 1}]}}})", err));
    QVERIFY(!c.parse("{not json", err));
    QTemporaryDir tmp;
    QVERIFY(c.loadFromRoot(tmp.path().toStdString(), err)); // missing file: defaults
    QCOMPARE(c.extensions.size(), size_t(7));
}

QTEST_GUILESS_MAIN(TestReviewSession)
#include "tst_review_session.moc"
