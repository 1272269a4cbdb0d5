// Pairing of two folder trees: missing/extra files, nesting, odd names, symlinks, loops,
// unreadable files, extension filter, backup folder skipped.
#include "review_test_util.h"

#include "difflens/compare/review/discovery.h"
#include "difflens/compare/review/runner.h"

#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <unistd.h>

using namespace difflens::review;
using namespace reviewtest;

namespace {
std::map<std::string, DiscoveredPair> discoverAll(const QString &a, const QString &b, DiscoveryOptions opt = {},
                                                  std::vector<std::string> *order = nullptr)
{
    PairDiscovery d(a.toStdString(), b.toStdString(), opt);
    std::map<std::string, DiscoveredPair> out;
    if (!d.start())
        return out;
    DiscoveredPair p;
    while (d.next(p)) {
        if (order)
            order->push_back(p.relPath);
        out[p.relPath] = p;
    }
    return out;
}
} // namespace

class TestReviewPairing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void missingAndExtra_data();
    void missingAndExtra();
    void nestedSortedAndStreamed();
    void unicodeAndSpaces();
    void extensionsFilter();
    void fileSymlinkFollowed();
    void brokenSymlinkIsError();
    void directoryLoopDetected();
    void unreadableFileIsError();
    void backupFolderSkipped();
    void badRootFails();
};

void TestReviewPairing::missingAndExtra_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("inBaseline");
    QTest::addColumn<bool>("inCurrent");
    QTest::newRow("both") << "both.png" << true << true;
    QTest::newRow("removed") << "gone.png" << true << false;
    QTest::newRow("new") << "fresh.png" << false << true;
}

void TestReviewPairing::missingAndExtra()
{
    QFETCH(QString, name);
    QFETCH(bool, inBaseline);
    QFETCH(bool, inCurrent);
    QTemporaryDir tmp;
    const QString a = tmp.filePath("a"), b = tmp.filePath("b");
    QVERIFY(writeFile(a + "/both.png", "x") && writeFile(b + "/both.png", "x"));
    QVERIFY(writeFile(a + "/gone.png", "x") && writeFile(b + "/fresh.png", "x"));
    const auto all = discoverAll(a, b);
    QCOMPARE(all.size(), size_t(3));
    const auto it = all.find(name.toStdString());
    QVERIFY(it != all.end());
    QCOMPARE(it->second.inBaseline, inBaseline);
    QCOMPARE(it->second.inCurrent, inCurrent);
    QVERIFY(it->second.error.empty());
    QCOMPARE(QString::fromStdString(it->second.baselinePath).isEmpty(), !inBaseline);
}

void TestReviewPairing::nestedSortedAndStreamed()
{
    QTemporaryDir tmp;
    const QString a = tmp.filePath("a"), b = tmp.filePath("b");
    for (const char *rel : {"z.png", "m/x.png", "m/n/deep.png", "b/only.png", "a1.png"}) {
        QVERIFY(writeFile(a + "/" + rel, "1"));
        QVERIFY(writeFile(b + "/" + rel, "1"));
    }
    QVERIFY(writeFile(b + "/m/n/o/deeper.png", "1"));
    std::vector<std::string> order;
    const auto all = discoverAll(a, b, {}, &order);
    QCOMPARE(all.size(), size_t(6));
    const std::vector<std::string> expected = {"a1.png", "z.png", "b/only.png", "m/x.png", "m/n/deep.png",
                                               "m/n/o/deeper.png"};
    QCOMPARE(order, expected);
    QVERIFY(!all.at("m/n/o/deeper.png").inBaseline);
    QCOMPARE(countPairs(a.toStdString(), b.toStdString(), {}), int64_t(6));
}

void TestReviewPairing::unicodeAndSpaces()
{
    QTemporaryDir tmp;
    const QString a = tmp.filePath("a"), b = tmp.filePath("b");
    const QString rel = QString::fromUtf8("écrans d'accueil/名前 with spaces ✓.png");
    QVERIFY(writeFile(a + "/" + rel, "1"));
    QVERIFY(writeFile(b + "/" + rel, "1"));
    const auto all = discoverAll(a, b);
    QCOMPARE(all.size(), size_t(1));
    const DiscoveredPair &p = all.begin()->second;
    QCOMPARE(QString::fromStdString(p.relPath), rel);
    QVERIFY(p.inBaseline && p.inCurrent);
    QVERIFY(QFile::exists(QString::fromStdString(p.currentPath)));
}

void TestReviewPairing::extensionsFilter()
{
    QTemporaryDir tmp;
    const QString a = tmp.filePath("a"), b = tmp.filePath("b");
    for (const char *rel : {"UPPER.PNG", "photo.jpeg", "notes.txt", "noext", "x.webp", "y.tiff", ".png"})
        QVERIFY(writeFile(a + "/" + rel, "1") && writeFile(b + "/" + rel, "1"));
    auto all = discoverAll(a, b);
    QCOMPARE(all.size(), size_t(4));
    QVERIFY(all.count("UPPER.PNG") && all.count("photo.jpeg") && all.count("x.webp") && all.count("y.tiff"));
    DiscoveryOptions onlyPng;
    onlyPng.extensions = {"png"};
    all = discoverAll(a, b, onlyPng);
    QCOMPARE(all.size(), size_t(1));
}

void TestReviewPairing::fileSymlinkFollowed()
{
    QTemporaryDir tmp;
    const QString a = tmp.filePath("a"), b = tmp.filePath("b");
    QVERIFY(writeFile(a + "/s.png", "1"));
    QVERIFY(writeFile(tmp.filePath("elsewhere/real.png"), "1"));
    QDir().mkpath(b);
    QVERIFY(QFile::link(tmp.filePath("elsewhere/real.png"), b + "/s.png"));
    // A linked folder (not a loop) is entered.
    QVERIFY(writeFile(tmp.filePath("shared/inner.png"), "1"));
    QVERIFY(writeFile(a + "/linked/inner.png", "1"));
    QVERIFY(QFile::link(tmp.filePath("shared"), b + "/linked"));
    const auto all = discoverAll(a, b);
    QCOMPARE(all.size(), size_t(2));
    QVERIFY(all.at("s.png").inCurrent && all.at("s.png").error.empty());
    QVERIFY(all.at("linked/inner.png").inCurrent && all.at("linked/inner.png").inBaseline);
}

void TestReviewPairing::brokenSymlinkIsError()
{
    QTemporaryDir tmp;
    const QString a = tmp.filePath("a"), b = tmp.filePath("b");
    QVERIFY(writeFile(a + "/s.png", "1"));
    QDir().mkpath(b);
    QVERIFY(QFile::link(tmp.filePath("nowhere.png"), b + "/s.png"));
    const auto all = discoverAll(a, b);
    QCOMPARE(all.size(), size_t(1));
    QVERIFY(QString::fromStdString(all.at("s.png").error).contains("broken symbolic link"));
}

void TestReviewPairing::directoryLoopDetected()
{
    QTemporaryDir tmp;
    const QString a = tmp.filePath("a"), b = tmp.filePath("b");
    QVERIFY(writeFile(a + "/sub/x.png", "1") && writeFile(b + "/sub/x.png", "1"));
    QVERIFY(QFile::link(b, b + "/sub/back-to-root")); // b/sub/back-to-root -> b
    QVERIFY(QFile::link(a + "/sub", a + "/sub/self"));   // a/sub/self -> a/sub
    const auto all = discoverAll(a, b);
    QCOMPARE(all.size(), size_t(3));
    QVERIFY(all.at("sub/x.png").error.empty());
    QVERIFY(QString::fromStdString(all.at("sub/back-to-root").error).contains("directory loop"));
    QVERIFY(QString::fromStdString(all.at("sub/self").error).contains("directory loop"));
}

void TestReviewPairing::unreadableFileIsError()
{
    if (geteuid() == 0)
        QSKIP("running as root: permissions are not enforced");
    QTemporaryDir tmp;
    const QString a = tmp.filePath("a"), b = tmp.filePath("b");
    QVERIFY(writeFile(a + "/locked.png", "1") && writeFile(b + "/locked.png", "1"));
    QVERIFY(QFile::setPermissions(b + "/locked.png", QFileDevice::Permissions()));
    const auto all = discoverAll(a, b);
    QCOMPARE(all.size(), size_t(1));
    const PairOutcome o = comparePair(all.at("locked.png"), ReviewConfig(), ReviewRunOptions());
    QCOMPARE(o.summary.status, PairStatus::Error);
    QVERIFY2(QString::fromStdString(o.summary.error).contains("cannot open"), o.summary.error.c_str());
    QFile::setPermissions(b + "/locked.png", QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void TestReviewPairing::backupFolderSkipped()
{
    QTemporaryDir tmp;
    const QString a = tmp.filePath("a"), b = tmp.filePath("b");
    QVERIFY(writeFile(a + "/x.png", "1") && writeFile(b + "/x.png", "1"));
    QVERIFY(writeFile(a + "/.difflens-backup/20240101-000000/x.png", "0"));
    const auto all = discoverAll(a, b);
    QCOMPARE(all.size(), size_t(1));
}

void TestReviewPairing::badRootFails()
{
    QTemporaryDir tmp;
    PairDiscovery d(tmp.filePath("missing").toStdString(), tmp.path().toStdString());
    QVERIFY(!d.start());
    QVERIFY(QString::fromStdString(d.error()).contains("not a directory"));
}

QTEST_GUILESS_MAIN(TestReviewPairing)
#include "tst_review_pairing.moc"
