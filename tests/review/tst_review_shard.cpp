// Sharding: every pair in exactly one shard, stable; merging shard documents.
#include "review_test_util.h"

#include "batch_output.h"
#include "merge_command.h"

#include "difflens/compare/review/shard.h"
#include "difflens/compare/review/summary_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace difflens::review;
using namespace difflens::cli;

namespace {
std::vector<std::string> somePaths()
{
    std::vector<std::string> paths;
    for (int i = 0; i < 500; ++i)
        paths.push_back("suite" + std::to_string(i % 7) + "/case " + std::to_string(i) + ".png");
    paths.push_back("ünïcode/名前.png");
    return paths;
}

QJsonObject shardDocument(const std::vector<std::string> &names, const Shard &shard)
{
    std::map<std::string, QByteArray> pairs;
    StatusCounts counts;
    for (const auto &n : names) {
        if (!shard.contains(n))
            continue;
        PairOutcome o;
        o.summary.relPath = n;
        o.summary.status = n.size() % 5 == 0 ? PairStatus::Different : PairStatus::Identical;
        counts.add(o.summary.status);
        pairs[n] = QJsonDocument(batchPairToJson(o)).toJson(QJsonDocument::Compact);
    }
    BatchDocumentInfo info{"base", "cur", shard.toString(), 10, {}};
    return QJsonDocument::fromJson(batchDocument(info, pairs, counts)).object();
}
} // namespace

class TestReviewShard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void everyPairInExactlyOneShard_data();
    void everyPairInExactlyOneShard();
    void stableAssignment();
    void mergeShards();
    void mergeRejectsOverlap();
};

void TestReviewShard::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::newRow("1/1") << "1/1" << true;
    QTest::newRow("3/4") << "3/4" << true;
    QTest::newRow("0/4") << "0/4" << false;
    QTest::newRow("5/4") << "5/4" << false;
    QTest::newRow("x/4") << "x/4" << false;
    QTest::newRow("4") << "4" << false;
    QTest::newRow("-1/4") << "-1/4" << false;
}

void TestReviewShard::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    Shard s;
    std::string err;
    QCOMPARE(parseShard(text.toStdString(), s, err), ok);
    if (ok)
        QCOMPARE(QString::fromStdString(s.toString()), text);
}

void TestReviewShard::everyPairInExactlyOneShard_data()
{
    QTest::addColumn<int>("n");
    for (int n : {1, 2, 3, 4, 7, 16})
        QTest::addRow("n=%d", n) << n;
}

void TestReviewShard::everyPairInExactlyOneShard()
{
    QFETCH(int, n);
    const auto paths = somePaths();
    std::vector<int> perShard(size_t(n), 0);
    for (const auto &p : paths) {
        int hits = 0;
        for (int i = 1; i <= n; ++i) {
            if (Shard{i, n}.contains(p)) {
                ++hits;
                ++perShard[size_t(i - 1)];
            }
        }
        QCOMPARE(hits, 1);
    }
    // Roughly balanced: no shard empty for these sizes.
    for (int c : perShard)
        QVERIFY(c > 0);
}

void TestReviewShard::stableAssignment()
{
    // FNV-1a 64 of the path, fixed forever: these values must never change between releases.
    QVERIFY(Shard({1, 2}).contains("a.png") != Shard({2, 2}).contains("a.png"));
    const bool first = Shard{1, 3}.contains("login/button.png");
    for (int i = 0; i < 3; ++i)
        QCOMPARE(Shard({1, 3}).contains("login/button.png"), first);
}

void TestReviewShard::mergeShards()
{
    const auto paths = somePaths();
    std::vector<QJsonObject> docs;
    std::vector<std::string> sources;
    for (int i = 1; i <= 3; ++i) {
        docs.push_back(shardDocument(paths, Shard{i, 3}));
        sources.push_back("shard" + std::to_string(i) + ".json");
    }
    MergedBatch merged;
    std::string err;
    QVERIFY2(mergeBatchDocuments(docs, sources, merged, err), err.c_str());
    QCOMPARE(merged.summaries.size(), paths.size());
    QCOMPARE(merged.counts.total(), int64_t(paths.size()));
    const QJsonObject doc = QJsonDocument::fromJson(merged.document).object();
    QCOMPARE(doc.value("format").toString(), QString("difflens-batch"));
    const QJsonArray arr = doc.value("pairs").toArray();
    QCOMPARE(arr.size(), qsizetype(paths.size()));
    for (int i = 1; i < arr.size(); ++i) // sorted by name
        QVERIFY(arr[i - 1].toObject().value("name").toString().toStdString() <
                arr[i].toObject().value("name").toString().toStdString());
    int64_t different = 0;
    for (const auto &p : paths)
        different += p.size() % 5 == 0 ? 1 : 0;
    QCOMPARE(qint64(doc.value("summary").toObject().value("different").toDouble()), qint64(different));
    QCOMPARE(doc.value("merged_from").toArray().size(), qsizetype(3));
}

void TestReviewShard::mergeRejectsOverlap()
{
    const auto paths = somePaths();
    std::vector<QJsonObject> docs = {shardDocument(paths, Shard{1, 2}), shardDocument(paths, Shard{1, 2})};
    MergedBatch merged;
    std::string err;
    QVERIFY(!mergeBatchDocuments(docs, {"x.json", "y.json"}, merged, err));
    QVERIFY2(QString::fromStdString(err).contains("overlapping"), err.c_str());
    QJsonObject notBatch;
    notBatch["format"] = "something";
    QVERIFY(!mergeBatchDocuments({notBatch}, {"z.json"}, merged, err));
}

QTEST_GUILESS_MAIN(TestReviewShard)
#include "tst_review_shard.moc"
