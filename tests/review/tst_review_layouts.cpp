// Test-runner layouts (Playwright, jest-image-snapshot, BackstopJS): detection from the two
// roots, pairing, the approval target of each pair, approval with backup and undo, refusals,
// the command line's one-folder roots, and a review run over a layout.
#include "review_test_util.h"

#include "difflens/compare/review/approve.h"
#include "difflens/compare/review/config.h"
#include "difflens/compare/review/discovery.h"
#include "difflens/compare/review/layout.h"
#include "difflens/compare/review/runner.h"

#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <mutex>

using namespace difflens::review;
using namespace reviewtest;

namespace {

// Playwright: a project with two snapshots; test-results holds both failing tests' files.
void makePlaywright(const QString &root)
{
    writeFile(root + "/playwright.config.ts", "export default {};\n");
    writeFile(root + "/tests/a.spec.ts-snapshots/home-chromium-linux.png", "HOME-OLD");
    writeFile(root + "/tests/a.spec.ts-snapshots/menu-chromium-linux.png", "MENU-OLD");
    writeFile(root + "/test-results/a-home-chromium/home-expected.png", "HOME-OLD");
    writeFile(root + "/test-results/a-home-chromium/home-actual.png", "HOME-NEW");
    writeFile(root + "/test-results/a-home-chromium/home-diff.png", "DIFF");
    writeFile(root + "/test-results/a-menu-chromium/menu-expected.png", "MENU-OLD");
    writeFile(root + "/test-results/a-menu-chromium/menu-actual.png", "MENU-NEW");
    writeFile(root + "/node_modules/pkg/home.png", "HOME-OLD"); // never a snapshot candidate
}

// jest-image-snapshot: one failure (received named as version 6 names it), one passing snapshot,
// one new image without a snapshot (received named as the issue describes it).
void makeJest(const QString &root)
{
    writeFile(root + "/src/__image_snapshots__/home-1-snap.png", "HOME-OLD");
    writeFile(root + "/src/__image_snapshots__/__received_output__/home-1-snap-received.png", "HOME-NEW"); // v6 name
    writeFile(root + "/src/__image_snapshots__/__diff_output__/home-1-diff.png", "DIFF");
    writeFile(root + "/src/__image_snapshots__/menu-1-snap.png", "MENU-OLD");
    writeFile(root + "/lib/__image_snapshots__/__received_output__/new-1-received.png", "BRAND-NEW");
    writeFile(root + "/node_modules/x/__image_snapshots__/__received_output__/y-received.png", "NM");
}

// BackstopJS: two runs; the newest changed home and kept menu.
void makeBackstop(const QString &root)
{
    const QString d = root + "/backstop_data";
    writeFile(d + "/bitmaps_reference/s_home_0_document_0_phone.png", "HOME-OLD");
    writeFile(d + "/bitmaps_reference/s_menu_0_document_0_phone.png", "MENU-OLD");
    writeFile(d + "/bitmaps_test/20240101-100000/s_home_0_document_0_phone.png", "HOME-STALE");
    writeFile(d + "/bitmaps_test/20240102-100000/s_home_0_document_0_phone.png", "HOME-NEW");
    writeFile(d + "/bitmaps_test/20240102-100000/failed_diff_s_home_0_document_0_phone.png", "DIFF");
    writeFile(d + "/bitmaps_test/20240102-100000/s_menu_0_document_0_phone.png", "MENU-OLD");
    writeFile(d + "/bitmaps_test/20240102-100000/report.json", "{}");
}

void makeLayout(const QString &kind, const QString &root)
{
    if (kind == "playwright")
        makePlaywright(root);
    else if (kind == "jest")
        makeJest(root);
    else
        makeBackstop(root);
}

std::vector<DiscoveredPair> discover(const QString &b, const QString &c, ResolvedLayout *layout, std::string &error)
{
    std::vector<DiscoveredPair> out;
    PairDiscovery d(b.toStdString(), c.toStdString());
    if (!d.start()) {
        error = d.error();
        return out;
    }
    DiscoveredPair p;
    while (d.next(p))
        out.push_back(p);
    if (layout)
        *layout = d.layout();
    return out;
}

QString rel(const QString &root, const std::string &path)
{
    return QDir(root).relativeFilePath(QString::fromStdString(path));
}

} // namespace

class TestReviewLayouts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void discovery_data();
    void discovery();
    void approvalWritesTheRunnersFile_data();
    void approvalWritesTheRunnersFile();
    void playwrightTargetRefused_data();
    void playwrightTargetRefused();
    void plainFoldersStayPlain();
    void severalLayoutsAreAnError();
    void configTurnsDetectionOff();
    void oneFolderRoots_data();
    void oneFolderRoots();
    void reviewRunOverLayout();

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_root;
};

void TestReviewLayouts::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    m_root = m_tmp->filePath("project");
}

// Each form of roots a layout is opened with: what is found, the pairs, the files of the
// first pair and its approval target (all relative to the project).
void TestReviewLayouts::discovery_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("baseline");
    QTest::addColumn<QString>("current");
    QTest::addColumn<QString>("layout");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("firstFiles"); // baseline, current, approval target
    const QStringList pwNames{"a-home-chromium/home.png", "a-menu-chromium/menu.png"};
    const QStringList pwFirst{"test-results/a-home-chromium/home-expected.png",
                              "test-results/a-home-chromium/home-actual.png",
                              "tests/a.spec.ts-snapshots/home-chromium-linux.png"};
    QTest::newRow("playwright project") << "playwright" << "" << "" << "playwright" << pwNames << pwFirst;
    QTest::newRow("playwright snapshots root + results")
        << "playwright" << "" << "test-results" << "playwright" << pwNames << pwFirst;
    QTest::newRow("playwright results alone") << "playwright" << "test-results" << "test-results" << "playwright"
                                              << pwNames << pwFirst;
    QTest::newRow("jest project") << "jest" << "" << "" << "jest"
                                  << QStringList{"lib/__image_snapshots__/new-1.png", "src/__image_snapshots__/home-1.png"}
                                  << QStringList{"", "lib/__image_snapshots__/__received_output__/new-1-received.png",
                                                 "lib/__image_snapshots__/new-1-snap.png"};
    QTest::newRow("jest snapshots + received")
        << "jest" << "src/__image_snapshots__" << "src/__image_snapshots__/__received_output__" << "jest"
        << QStringList{"home-1.png"}
        << QStringList{"src/__image_snapshots__/home-1-snap.png",
                       "src/__image_snapshots__/__received_output__/home-1-snap-received.png",
                       "src/__image_snapshots__/home-1-snap.png"};
    const QStringList bsNames{"s_home_0_document_0_phone.png", "s_menu_0_document_0_phone.png"};
    const QStringList bsFirst{"backstop_data/bitmaps_reference/s_home_0_document_0_phone.png",
                              "backstop_data/bitmaps_test/20240102-100000/s_home_0_document_0_phone.png",
                              "backstop_data/bitmaps_reference/s_home_0_document_0_phone.png"};
    QTest::newRow("backstop project") << "backstop" << "" << "" << "backstop" << bsNames << bsFirst;
    QTest::newRow("backstop data") << "backstop" << "backstop_data" << "backstop_data" << "backstop" << bsNames << bsFirst;
    QTest::newRow("backstop reference + test") << "backstop" << "backstop_data/bitmaps_reference"
                                               << "backstop_data/bitmaps_test" << "backstop" << bsNames << bsFirst;
    QTest::newRow("backstop reference + older run")
        << "backstop" << "backstop_data/bitmaps_reference" << "backstop_data/bitmaps_test/20240101-100000"
        << "backstop" << QStringList{"s_home_0_document_0_phone.png"}
        << QStringList{bsFirst[0], "backstop_data/bitmaps_test/20240101-100000/s_home_0_document_0_phone.png",
                       bsFirst[2]};
}

void TestReviewLayouts::discovery()
{
    QFETCH(QString, kind);
    QFETCH(QString, baseline);
    QFETCH(QString, current);
    QFETCH(QString, layout);
    QFETCH(QStringList, names);
    QFETCH(QStringList, firstFiles);
    makeLayout(kind, m_root);
    const QString b = baseline.isEmpty() ? m_root : m_root + "/" + baseline;
    const QString c = current.isEmpty() ? m_root : m_root + "/" + current;
    ResolvedLayout found;
    std::string error;
    const std::vector<DiscoveredPair> pairs = discover(b, c, &found, error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(QString(toString(found.layout)), layout);
    QStringList got;
    for (const DiscoveredPair &p : pairs)
        got << QString::fromStdString(p.relPath);
    QCOMPARE(got, names);
    const DiscoveredPair &first = pairs.front();
    QCOMPARE(first.baselinePath.empty() ? QString() : rel(m_root, first.baselinePath), firstFiles[0]);
    QCOMPARE(rel(m_root, first.currentPath), firstFiles[1]);
    QCOMPARE(rel(m_root, first.approvalTarget), firstFiles[2]);
    QVERIFY2(first.approvalError.empty(), first.approvalError.c_str());
    QCOMPARE(first.inBaseline, !firstFiles[0].isEmpty());
    QVERIFY(first.inCurrent);
    // What a viewer opens for that name: the same files.
    std::string base, cur;
    pairFilesFor(found, first.relPath, base, cur);
    QCOMPARE(base, first.baselinePath);
    QCOMPARE(cur, first.currentPath);
}

void TestReviewLayouts::approvalWritesTheRunnersFile_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::newRow("playwright") << "playwright" << "a-home-chromium/home.png"
                                << "tests/a.spec.ts-snapshots/home-chromium-linux.png" << QByteArray("HOME-OLD")
                                << QByteArray("HOME-NEW");
    QTest::newRow("jest") << "jest" << "src/__image_snapshots__/home-1.png" << "src/__image_snapshots__/home-1-snap.png"
                          << QByteArray("HOME-OLD") << QByteArray("HOME-NEW");
    QTest::newRow("jest new snapshot") << "jest" << "lib/__image_snapshots__/new-1.png"
                                       << "lib/__image_snapshots__/new-1-snap.png" << QByteArray()
                                       << QByteArray("BRAND-NEW");
    QTest::newRow("backstop") << "backstop" << "s_home_0_document_0_phone.png"
                              << "backstop_data/bitmaps_reference/s_home_0_document_0_phone.png"
                              << QByteArray("HOME-OLD") << QByteArray("HOME-NEW");
}

void TestReviewLayouts::approvalWritesTheRunnersFile()
{
    QFETCH(QString, kind);
    QFETCH(QString, name);
    QFETCH(QString, target);
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    makeLayout(kind, m_root);
    const QString targetPath = m_root + "/" + target;
    QCOMPARE(QFile::exists(targetPath), !before.isEmpty());
    Approver ap(m_root.toStdString(), m_root.toStdString());
    ApprovalRecord rec;
    std::string err;
    QVERIFY2(ap.approve(name.toStdString(), rec, err), err.c_str());
    QCOMPARE(QString::fromStdString(rec.baselinePath), targetPath);
    QCOMPARE(readFile(targetPath), after);
    QCOMPARE(rec.baselineExisted, !before.isEmpty());
    if (!before.isEmpty()) {
        QVERIFY(QString::fromStdString(rec.backupPath).startsWith(m_root + "/.difflens-backup/"));
        QCOMPARE(readFile(QString::fromStdString(rec.backupPath)), before);
    }
    QVERIFY2(ap.undo(rec, err), err.c_str());
    QCOMPARE(QFile::exists(targetPath), !before.isEmpty());
    if (!before.isEmpty())
        QCOMPARE(readFile(targetPath), before);
    // The same approver finds the restored target again (its snapshot index follows the writes).
    ApprovalRecord again;
    QVERIFY2(ap.approve(name.toStdString(), again, err), err.c_str());
    QCOMPARE(QString::fromStdString(again.baselinePath), targetPath);
    QCOMPARE(readFile(targetPath), after);
}

void TestReviewLayouts::playwrightTargetRefused_data()
{
    QTest::addColumn<QString>("extraSnapshot"); // a second file with the expected content ("" none)
    QTest::addColumn<bool>("removeSnapshot");
    QTest::addColumn<QString>("message");
    QTest::newRow("no snapshot has the content") << "" << true << "no snapshot under";
    QTest::newRow("two snapshots have the content") << "tests/b.spec.ts-snapshots/home-copy.png" << false
                                                    << "several snapshots have the content";
}

void TestReviewLayouts::playwrightTargetRefused()
{
    QFETCH(QString, extraSnapshot);
    QFETCH(bool, removeSnapshot);
    QFETCH(QString, message);
    makePlaywright(m_root);
    const QString snapshot = m_root + "/tests/a.spec.ts-snapshots/home-chromium-linux.png";
    if (removeSnapshot)
        QVERIFY(QFile::remove(snapshot));
    if (!extraSnapshot.isEmpty())
        QVERIFY(writeFile(m_root + "/" + extraSnapshot, "HOME-OLD"));

    std::string error;
    const std::vector<DiscoveredPair> pairs = discover(m_root, m_root, nullptr, error);
    QCOMPARE(int(pairs.size()), 2);
    QVERIFY(pairs[0].approvalTarget.empty());
    QVERIFY2(QString::fromStdString(pairs[0].approvalError).contains(message), pairs[0].approvalError.c_str());
    QVERIFY2(pairs[1].approvalError.empty(), pairs[1].approvalError.c_str()); // the other pair is unaffected

    Approver ap(m_root.toStdString(), m_root.toStdString());
    ApprovalRecord rec;
    std::string err;
    QVERIFY(!ap.approve("a-home-chromium/home.png", rec, err));
    QVERIFY2(QString::fromStdString(err).contains(message), err.c_str());
    if (!extraSnapshot.isEmpty()) { // the message names both candidates, neither is touched
        QVERIFY2(QString::fromStdString(err).contains("home-chromium-linux.png"), err.c_str());
        QVERIFY2(QString::fromStdString(err).contains("home-copy.png"), err.c_str());
        QCOMPARE(readFile(snapshot), QByteArray("HOME-OLD"));
        QCOMPARE(readFile(m_root + "/" + extraSnapshot), QByteArray("HOME-OLD"));
    }
    QVERIFY(!QDir(m_root + "/.difflens-backup").exists());
}

void TestReviewLayouts::plainFoldersStayPlain()
{
    // Names that look like a runner's inside plain folders do not switch the pairing.
    QVERIFY(writeFile(m_root + "/baseline/shot-actual.png", "A"));
    QVERIFY(writeFile(m_root + "/current/shot-actual.png", "B"));
    QVERIFY(writeFile(m_root + "/current/__image_snapshots__/x-snap.png", "C"));
    ResolvedLayout found;
    std::string error;
    const auto pairs = discover(m_root + "/baseline", m_root + "/current", &found, error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(found.layout, Layout::Folders);
    QCOMPARE(int(pairs.size()), 2);
    QCOMPARE(QString::fromStdString(pairs[0].relPath), QString("shot-actual.png"));
    QVERIFY(pairs[0].approvalTarget.empty());
}

void TestReviewLayouts::severalLayoutsAreAnError()
{
    makePlaywright(m_root);
    makeJest(m_root);
    std::string error;
    discover(m_root, m_root, nullptr, error);
    QVERIFY2(QString::fromStdString(error).contains("several test-runner layouts (playwright, jest)"), error.c_str());
    // Asking for one of them resolves it.
    ResolvedLayout r;
    LayoutRequest req;
    req.layout = Layout::Jest;
    QVERIFY2(resolveLayout(m_root.toStdString(), m_root.toStdString(), req, r, error), error.c_str());
    QCOMPARE(r.layout, Layout::Jest);
}

void TestReviewLayouts::configTurnsDetectionOff()
{
    makeBackstop(m_root);
    QVERIFY(writeFile(m_root + "/difflens.json", R"({"layout": "folders"})"));
    ResolvedLayout found;
    std::string error;
    const auto pairs = discover(m_root, m_root, &found, error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(found.layout, Layout::Folders);
    QCOMPARE(int(pairs.size()), 6); // every image paired with itself

    ReviewConfig config;
    QVERIFY(!config.parse(R"({"layout": "cypress"})", error));
    QVERIFY2(QString::fromStdString(error).contains("layout must be one of"), error.c_str());
    QVERIFY2(config.parse(R"({"layout": "jest"})", error), error.c_str());
    QCOMPARE(config.layout, Layout::Jest);
    ReviewConfig back;
    QVERIFY2(back.parse(config.toJson(), error), error.c_str());
    QCOMPARE(back.layout, Layout::Jest);
}

// `difflens-cli compare [--layout L] DIR`: the roots discovery and approval read back.
void TestReviewLayouts::oneFolderRoots_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("layout");
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("baseline"); // "" = an error is expected
    QTest::addColumn<QString>("current");
    QTest::newRow("playwright results, auto") << "playwright" << "auto" << "test-results" << "" << "test-results";
    QTest::newRow("playwright project, explicit") << "playwright" << "playwright" << "" << "" << "test-results";
    QTest::newRow("jest project") << "jest" << "jest" << "" << "" << "";
    QTest::newRow("backstop project, auto") << "backstop" << "auto" << "" << "" << "";
    QTest::newRow("jest asked of a backstop folder") << "backstop" << "jest" << "" << "-" << "";
    QTest::newRow("folders with one folder") << "backstop" << "folders" << "" << "-" << "";
}

void TestReviewLayouts::oneFolderRoots()
{
    QFETCH(QString, kind);
    QFETCH(QString, layout);
    QFETCH(QString, folder);
    QFETCH(QString, baseline);
    QFETCH(QString, current);
    makeLayout(kind, m_root);
    LayoutRequest req;
    QVERIFY(parseLayout(layout.toStdString(), req.layout));
    std::string b, c, error;
    const QString dir = folder.isEmpty() ? m_root : m_root + "/" + folder;
    const bool ok = layoutRootsFor({dir.toStdString()}, req, b, c, error);
    if (baseline == "-") {
        QVERIFY(!ok);
        QVERIFY(!error.empty());
        return;
    }
    QVERIFY2(ok, error.c_str());
    QCOMPARE(QDir::cleanPath(QString::fromStdString(b)), QDir::cleanPath(baseline.isEmpty() ? m_root : m_root + "/" + baseline));
    QCOMPARE(QDir::cleanPath(QString::fromStdString(c)), QDir::cleanPath(current.isEmpty() ? m_root : m_root + "/" + current));
    ResolvedLayout back;
    QVERIFY2(resolveLayout(b, c, {}, back, error), error.c_str());
    QCOMPARE(QString(toString(back.layout)), kind);
}

// runReview over a jest layout: the failing pair differs, the new one is new, and the
// statuses come from the runner's files (not from paths under the roots).
void TestReviewLayouts::reviewRunOverLayout()
{
    const QImage base = screen(64, 48);
    QVERIFY(writePng(m_root + "/src/__image_snapshots__/home-1-snap.png", base));
    QVERIFY(writePng(m_root + "/src/__image_snapshots__/__received_output__/home-1-received.png",
                     withBlock(base, QRect(4, 4, 10, 10), Qt::red)));
    QVERIFY(writePng(m_root + "/src/__image_snapshots__/same-1-snap.png", base));
    QVERIFY(writePng(m_root + "/src/__image_snapshots__/__received_output__/same-1-received.png", base));
    QVERIFY(writePng(m_root + "/src/__image_snapshots__/__received_output__/new-1-received.png", base));
    struct Sink {
        std::mutex mutex;
        std::map<std::string, PairStatus> status;
    };
    auto sink = std::make_shared<Sink>();
    ReviewRunOptions opt;
    opt.threads = 2;
    const ReviewRunStats stats = runReview(m_root.toStdString(), m_root.toStdString(), ReviewConfig(), opt,
                                           [sink](const PairOutcome &o) {
                                               std::lock_guard<std::mutex> lock(sink->mutex);
                                               sink->status[o.summary.relPath] = o.summary.status;
                                           });
    QVERIFY2(stats.ok, stats.error.c_str());
    QCOMPARE(int(sink->status.size()), 3);
    QCOMPARE(sink->status["src/__image_snapshots__/home-1.png"], PairStatus::Different);
    QCOMPARE(sink->status["src/__image_snapshots__/same-1.png"], PairStatus::Identical);
    QCOMPARE(sink->status["src/__image_snapshots__/new-1.png"], PairStatus::Added);
}

QTEST_GUILESS_MAIN(TestReviewLayouts)
#include "tst_review_layouts.moc"
