// Main window: synthesised drops, pages, closing while a job runs, error panes.
#include "uitestutil.h"

#include "comparecontroller.h"
#include "comparisonsession.h"
#include "compareworkspace.h"
#include "drophandler.h"
#include "mainactions.h"
#include "mainwindow.h"
#include "views/sidebysideview.h"
#include "widgets/comparetoolbar.h"
#include "widgets/regionlist.h"

#include <QLabel>
#include <QSlider>
#include <QMimeData>
#include <QStandardPaths>
#include <QDir>
#include <QFile>
#include <QtTest>

using namespace difflens;
using namespace difflens::ui;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void decideDropRules();
    void dropTwoFilesOpensPair();
    void dropOneFileOnPaneReplacesThatSide();
    void dropFoldersGoesToReviewHook();
    void pagesExtensionPoint();
    void thresholdSliderUpdatesCounts();
    void badFileShowsMessageInPane();
    void closeWhileComparing();

private:
    void drop(MainWindow &w, const QList<QUrl> &urls, const QPoint &pos);
    QTemporaryDir m_dir;
    QString m_a, m_b, m_c;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DiffLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_mainwindow"));
    m_a = m_dir.filePath(QStringLiteral("a.png"));
    m_b = m_dir.filePath(QStringLiteral("b.png"));
    m_c = m_dir.filePath(QStringLiteral("c.png"));
    uitest::writePair(m_a, m_b);
    uitest::solid(200, 150, Qt::green).save(m_c);
    QDir(m_dir.path()).mkpath(QStringLiteral("left"));
    QDir(m_dir.path()).mkpath(QStringLiteral("right"));
}

void TestMainWindow::drop(MainWindow &w, const QList<QUrl> &urls, const QPoint &pos)
{
    auto *mime = new QMimeData;
    mime->setUrls(urls);
    QDragEnterEvent enter(pos, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent dropEvent(QPointF(pos), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &dropEvent);
    delete mime;
}

void TestMainWindow::decideDropRules()
{
    QMimeData m;
    m.setUrls({QUrl::fromLocalFile(m_a), QUrl::fromLocalFile(m_b)});
    DropDecision d = decideDrop(&m, Side::None, false);
    QCOMPARE(d.kind, DropDecision::Kind::OpenPair);
    QCOMPARE(d.a, m_a);
    m.setUrls({QUrl::fromLocalFile(m_a)});
    QCOMPARE(decideDrop(&m, Side::None, false).kind, DropDecision::Kind::ReplaceA);
    QCOMPARE(decideDrop(&m, Side::None, true).kind, DropDecision::Kind::ReplaceB);
    QCOMPARE(decideDrop(&m, Side::A, true).kind, DropDecision::Kind::ReplaceA);
    m.setUrls({QUrl(QStringLiteral("https://example.com/x.png"))});
    QCOMPARE(decideDrop(&m, Side::None, false).kind, DropDecision::Kind::None);
    // One folder: a test runner's output is reviewed; a plain folder is not.
    const QString project = m_dir.filePath(QStringLiteral("pw-project"));
    QVERIFY(QDir().mkpath(project + QStringLiteral("/test-results/home-chromium")));
    QFile config(project + QStringLiteral("/playwright.config.ts"));
    QVERIFY(config.open(QIODevice::WriteOnly) && config.write("export default {};\n") > 0);
    config.close();
    QVERIFY(QFile::copy(m_a, project + QStringLiteral("/test-results/home-chromium/home-expected.png")));
    QVERIFY(QFile::copy(m_b, project + QStringLiteral("/test-results/home-chromium/home-actual.png")));
    m.setUrls({QUrl::fromLocalFile(project + QStringLiteral("/test-results"))});
    d = decideDrop(&m, Side::None, false);
    QCOMPARE(d.kind, DropDecision::Kind::OpenFolders);
    QVERIFY(!d.a.isEmpty() && !d.b.isEmpty());
    const QString plain = m_dir.filePath(QStringLiteral("plain"));
    QVERIFY(QDir().mkpath(plain));
    m.setUrls({QUrl::fromLocalFile(plain)});
    QCOMPARE(decideDrop(&m, Side::None, false).kind, DropDecision::Kind::None);
    QString base, cur, error;
    QVERIFY(!runnerFolderRoots(plain, &base, &cur, &error));
    QVERIFY(!error.isEmpty());
}

void TestMainWindow::dropTwoFilesOpensPair()
{
    MainWindow w(uitest::steadyMonitor());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    drop(w, {QUrl::fromLocalFile(m_a), QUrl::fromLocalFile(m_b)}, w.rect().center());
    QCOMPARE(w.session()->path(Side::A), m_a);
    QCOMPARE(w.session()->path(Side::B), m_b);
    QVERIFY(results.wait(10000));
    QVERIFY(w.session()->comparison()->compared());
    QVERIFY(w.windowTitle().contains(QStringLiteral("a.png")));
    QCOMPARE(w.regionList()->count(), int(w.session()->data()->regions.size()));
}

void TestMainWindow::dropOneFileOnPaneReplacesThatSide()
{
    MainWindow w(uitest::steadyMonitor());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    SideBySideView *sbs = w.workspace()->sideBySide();
    const QPoint onB = w.mapFromGlobal(sbs->canvasB()->mapToGlobal(sbs->canvasB()->rect().center()));
    drop(w, {QUrl::fromLocalFile(m_c)}, onB);
    QCOMPARE(w.session()->path(Side::B), m_c);
    QCOMPARE(w.session()->path(Side::A), m_a);
    QVERIFY(results.wait(10000));
    const QPoint onA = w.mapFromGlobal(sbs->canvasA()->mapToGlobal(sbs->canvasA()->rect().center()));
    drop(w, {QUrl::fromLocalFile(m_b)}, onA);
    QCOMPARE(w.session()->path(Side::A), m_b);
    QCOMPARE(w.session()->path(Side::B), m_c);
    QVERIFY(results.wait(10000));
}

void TestMainWindow::dropFoldersGoesToReviewHook()
{
    MainWindow w(uitest::steadyMonitor());
    QSignalSpy spy(&w, &MainWindow::folderPairRequested);
    QString gotA, gotB;
    w.setFolderReviewHandler([&gotA, &gotB](const QString &a, const QString &b) {
        gotA = a;
        gotB = b;
        return true;
    });
    const QString left = m_dir.filePath(QStringLiteral("left")), right = m_dir.filePath(QStringLiteral("right"));
    drop(w, {QUrl::fromLocalFile(left), QUrl::fromLocalFile(right)}, w.rect().center());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(gotA, left);
    QCOMPARE(gotB, right);
}

void TestMainWindow::pagesExtensionPoint()
{
    MainWindow w(uitest::steadyMonitor());
    QCOMPARE(w.currentPage(), QStringLiteral("compare"));
    auto *review = new QLabel(QStringLiteral("review"));
    const int index = w.addPage(review, QStringLiteral("review"));
    QCOMPARE(index, 1);
    w.showPage(QStringLiteral("review"));
    QCOMPARE(w.currentPage(), QStringLiteral("review"));
    QCOMPARE(w.page(QStringLiteral("review")), review);
    w.openPair(m_a, m_b);   // opening a pair returns to the compare page
    QCOMPARE(w.currentPage(), QStringLiteral("compare"));
}

void TestMainWindow::thresholdSliderUpdatesCounts()
{
    MainWindow w(uitest::steadyMonitor());
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.compareToolBar()->setThreshold(0.1);
    w.session()->setThreshold(0.1);
    w.openPair(m_a, m_b);
    QVERIFY(results.wait(10000));
    QCOMPARE(w.regionList()->count(), 1);
    w.compareToolBar()->slider()->setValue(0);   // as if dragged by the user
    QVERIFY(results.wait(10000));
    QCOMPARE(w.session()->comparison()->result->job.counts.mismatched, int64_t(1800));
    QCOMPARE(w.regionList()->count(), 2);
}

void TestMainWindow::badFileShowsMessageInPane()
{
    const QString bad = m_dir.filePath(QStringLiteral("broken.png"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("\x89PNG garbage");
    f.close();
    MainWindow w(uitest::steadyMonitor());
    w.show();
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.openPair(m_a, bad);
    QVERIFY(results.wait(10000));
    SideBySideView *sbs = w.workspace()->sideBySide();
    QVERIFY(!sbs->canvasB()->message().isEmpty());
    QVERIFY(sbs->canvasA()->message().isEmpty());
    QVERIFY(!sbs->canvasA()->image().isNull());
    QVERIFY(w.isVisible());
}

void TestMainWindow::closeWhileComparing()
{
    auto *w = new MainWindow(uitest::steadyMonitor());
    w->show();
    auto big = [](uint8_t v) {
        auto img = std::make_shared<Image>(5000, 4000, 4, 8);
        std::fill(img->data(), img->data() + img->byteSize(), v);
        return std::shared_ptr<const Image>(img);
    };
    w->session()->setComputeSsim(true);
    w->session()->setSideImage(Side::A, big(1), QStringLiteral("a"));
    w->session()->setSideImage(Side::B, big(2), QStringLiteral("b"));
    QVERIFY(w->session()->controller()->isBusy());
    QVERIFY(w->close());
    QCOMPARE(w->session()->controller()->runningJobs(), 0);   // close waited for the jobs
    delete w;
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
