// Ignore regions and difference regions in the app: sidecar rewrites keep notes and unknown
// fields, a broken sidecar is never overwritten, and the region list with 100,000 regions.
#include "uitestutil.h"

#include "comparisonsession.h"
#include "compareworkspace.h"
#include "imagecanvas.h"
#include "mainwindow.h"
#include "widgets/regionlist.h"
#include "widgets/regionmodel.h"
#include "zoommodel.h"

#include "difflens/compare/sidecar.h"

#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QtTest>

using namespace difflens;
using namespace difflens::ui;

class TestRegions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rewriteKeepsNotesAndUnknownFields();
    void regionLeftOfTheImageIsClipped_data();
    void regionLeftOfTheImageIsClipped();
    void brokenSidecarIsNeverOverwritten_data();
    void brokenSidecarIsNeverOverwritten();
    void hundredThousandRegions();

private:
    QTemporaryDir m_dir;
};

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

// Answers the next modal message box with `button` once it is shown; `seen` receives the
// default button it had.
void answerNextMessageBox(QMessageBox::StandardButton button, QMessageBox::StandardButton *seenDefault, bool *asked)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, button, seenDefault, asked] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        *asked = true;
        *seenDefault = box->standardButton(box->defaultButton());
        box->button(button)->click();
        timer->stop();
        timer->deleteLater();
    });
    timer->start();
}

} // namespace

void TestRegions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DiffLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_regions"));
    QVERIFY(m_dir.isValid());
}

void TestRegions::rewriteKeepsNotesAndUnknownFields()
{
    const QString a = m_dir.filePath(QStringLiteral("na.png")), b = m_dir.filePath(QStringLiteral("nb.png"));
    uitest::writePair(a, b);
    // The sidecar is A's (B has none): the app writes back to it, not to a new B sidecar.
    const QString sidecar = QString::fromStdString(sidecarPathFor(a.toStdString()));
    writeAll(sidecar, R"({"format":"difflens-sidecar","version":1,"reviewer":"kim",
        "ignore":[{"x":150,"y":5,"width":10,"height":10,"note":"clock","ticket":"UI-7"},
                  {"x":0,"y":140,"width":20,"height":10,"note":"ad"}]})");
    ComparisonSession s;
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    s.openPair(a, b);
    QVERIFY(results.wait(10000));
    QCOMPARE(s.sidecarPath(), sidecar);
    QVERIFY(s.addIgnoreRect(QRect(110, 80, 60, 50)));
    Sidecar sc;
    std::string error;
    QVERIFY2(loadSidecar(sidecar.toStdString(), sc, error), error.c_str());
    QCOMPARE(sc.ignore.size(), size_t(3));
    QCOMPARE(QString::fromStdString(sc.ignore[0].note), QStringLiteral("clock"));
    QCOMPARE(QString::fromStdString(sc.ignore[1].note), QStringLiteral("ad"));
    QCOMPARE(sc.ignore[2].rect, (Rect{110, 80, 60, 50}));
    const QJsonObject root = QJsonDocument::fromJson(readAll(sidecar)).object();
    QCOMPARE(root.value("reviewer").toString(), QStringLiteral("kim"));
    QCOMPARE(root.value("ignore").toArray().at(0).toObject().value("ticket").toString(), QStringLiteral("UI-7"));
    QVERIFY(!QFile::exists(QString::fromStdString(sidecarPathFor(b.toStdString()))));
    // Clearing keeps the top-level fields.
    s.clearIgnoreRects();
    QCOMPARE(QJsonDocument::fromJson(readAll(sidecar)).object().value("reviewer").toString(), QStringLiteral("kim"));
    QVERIFY(results.wait(10000));
}

void TestRegions::regionLeftOfTheImageIsClipped_data()
{
    QTest::addColumn<QRect>("drawn");
    QTest::addColumn<QRect>("stored"); // empty: refused
    QTest::newRow("left of the origin") << QRect(-10, 20, 30, 15) << QRect(0, 20, 20, 15);
    QTest::newRow("above and left") << QRect(-4, -6, 10, 10) << QRect(0, 0, 6, 4);
    QTest::newRow("inside") << QRect(5, 6, 7, 8) << QRect(5, 6, 7, 8);
    QTest::newRow("wholly outside") << QRect(-30, 10, 20, 20) << QRect();
}

// A region drawn partly outside the image keeps its part inside: the sidecar loads again.
void TestRegions::regionLeftOfTheImageIsClipped()
{
    QFETCH(QRect, drawn);
    QFETCH(QRect, stored);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    const QString a = m_dir.filePath(tag + QStringLiteral("-a.png")), b = m_dir.filePath(tag + QStringLiteral("-b.png"));
    uitest::writePair(a, b);
    ComparisonSession s;
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    s.openPair(a, b);
    QVERIFY(results.wait(10000));
    QCOMPARE(s.addIgnoreRect(drawn), !stored.isEmpty());
    if (stored.isEmpty()) {
        QVERIFY(s.ignoreRects().isEmpty());
        return;
    }
    Sidecar sc;
    std::string error;
    QVERIFY2(loadSidecar(s.sidecarPath().toStdString(), sc, error), error.c_str());
    QCOMPARE(sc.ignore.size(), size_t(1));
    QCOMPARE(sc.ignore[0].rect, (Rect{stored.x(), stored.y(), stored.width(), stored.height()}));
}

void TestRegions::brokenSidecarIsNeverOverwritten_data()
{
    QTest::addColumn<bool>("startNew");
    QTest::newRow("answer No") << false;
    QTest::newRow("answer Yes") << true;
}

void TestRegions::brokenSidecarIsNeverOverwritten()
{
    QFETCH(bool, startNew);
    const QString tag = startNew ? QStringLiteral("y") : QStringLiteral("n");
    const QString a = m_dir.filePath(tag + QStringLiteral("a.png")), b = m_dir.filePath(tag + QStringLiteral("b.png"));
    uitest::writePair(a, b);
    const QString broken = QString::fromStdString(sidecarPathFor(b.toStdString()));
    const QByteArray brokenBytes = R"({"format":"difflens-sidecar","version":1,"ignore":[{"x":1,"note":"half-written")";
    writeAll(broken, brokenBytes);
    const QString fresh = QString::fromStdString(replacementSidecarPath(broken.toStdString()));
    QVERIFY(fresh.endsWith(QStringLiteral(".difflens.new.json")));

    MainWindow w(uitest::steadyMonitor());
    w.show();
    QSignalSpy results(w.session(), &ComparisonSession::resultChanged);
    w.openPair(a, b);
    QVERIFY(results.wait(10000));
    // The pane says why the sidecar was not loaded (the reason from loadSidecar).
    Sidecar dummy;
    std::string reason;
    QVERIFY(!loadSidecar(broken.toStdString(), dummy, reason));
    QCOMPARE(w.session()->sidecarError(), QString::fromStdString(reason));
    auto *note = w.regionList()->findChild<QLabel *>(QStringLiteral("sidecarNote"));
    QVERIFY(note && note->isVisible());
    QVERIFY2(note->text().contains(QString::fromStdString(reason)), qPrintable(note->text()));

    // The user draws a region on the canvas.
    w.workspace()->setDrawIgnore(true);
    ImageCanvas *canvas = w.workspace()->activeCanvas();
    QTRY_VERIFY(canvas->isVisible());
    const QPoint p0 = canvas->zoomModel()->imageToWidget(QPointF(10, 10)).toPoint();
    const QPoint p1 = canvas->zoomModel()->imageToWidget(QPointF(60, 50)).toPoint();
    QMessageBox::StandardButton seenDefault = QMessageBox::NoButton;
    bool asked = false;
    answerNextMessageBox(startNew ? QMessageBox::Yes : QMessageBox::No, &seenDefault, &asked);
    QTest::mousePress(canvas, Qt::LeftButton, {}, p0);
    QMouseEvent move(QEvent::MouseMove, QPointF(p1), canvas->mapToGlobal(QPointF(p1)), Qt::NoButton,
                     Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(canvas, &move);
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, p1);
    QTRY_VERIFY(asked);
    QCOMPARE(seenDefault, QMessageBox::No);
    QCOMPARE(readAll(broken), brokenBytes); // untouched either way
    if (!startNew) {
        QVERIFY(!QFile::exists(fresh));
        QVERIFY(w.session()->ignoreRects().isEmpty());
        return;
    }
    QVERIFY(QFile::exists(fresh));
    QCOMPARE(w.session()->ignoreRects().size(), 1);
    Sidecar sc;
    std::string error;
    QVERIFY2(loadSidecar(fresh.toStdString(), sc, error), error.c_str());
    QCOMPARE(sc.ignore.size(), size_t(1));
    // Opening the pair again uses the new file; the broken one is still reported.
    ComparisonSession again;
    again.openPair(a, b);
    QCOMPARE(again.ignoreRects().size(), 1);
    QCOMPARE(again.sidecarPath(), fresh);
    QCOMPARE(again.brokenSidecarPath(), broken);
    QVERIFY(again.addIgnoreRect(QRect(0, 0, 5, 5)));
    QCOMPARE(readAll(broken), brokenBytes);
    QVERIFY(results.wait(10000));
}

void TestRegions::hundredThousandRegions()
{
    MainWindow w(uitest::steadyMonitor());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto d = std::make_shared<ViewData>();
    d->a = uitest::viewImage(uitest::solid(1000, 1000, Qt::white));
    d->b = uitest::viewImage(uitest::solid(1000, 1000, Qt::black));
    d->result = uitest::comparedSnapshot();
    constexpr int kRegions = 100000;
    d->regions.reserve(kRegions);
    for (int i = 0; i < kRegions; ++i)
        d->regions.append(RegionItem{QRect((i % 316) * 3, (i / 316) * 3, 2, 2), 4});
    const ViewDataPtr data = d;
    QElapsedTimer t;
    t.start();
    Q_EMIT w.session()->dataChanged(data); // what a finished comparison does
    const qint64 emitted = t.elapsed();
    QCoreApplication::processEvents();     // and the first layout of the list
    const qint64 ms = t.elapsed();
    // Printed, not asserted (timings belong in bench/): the structure below is what keeps
    // it fast: one model row per region, rows formatted on demand, uniform item sizes.
    qInfo("100000 regions: %lld ms to set, %lld ms with the first layout", emitted, ms);
    QListView *list = w.regionList()->list();
    QVERIFY(list->uniformItemSizes());
    QCOMPARE(list->model()->rowCount(), kRegions);
    QCOMPARE(w.regionList()->count(), kRegions);

    // One current region: the workspace's selection model, seen by list and canvases alike.
    CompareWorkspace *ws = w.workspace();
    QCOMPARE(list->selectionModel(), ws->regionSelection());
    QCOMPARE(ws->currentRegion(), -1);
    const auto seenEverywhere = [ws, list](int row) {
        if (ws->currentRegion() != row || list->currentIndex().row() != row)
            return false;
        for (ImageCanvas *c : ws->allCanvases())
            if (c->currentRegion() != row)
                return false;
        return true;
    };
    ws->setFocus();
    QTest::keyClick(&w, Qt::Key_N);
    QVERIFY(seenEverywhere(0));
    QTest::keyClick(&w, Qt::Key_N);
    QVERIFY(seenEverywhere(1));
    QTest::keyClick(&w, Qt::Key_P);
    QTest::keyClick(&w, Qt::Key_P);
    QVERIFY(seenEverywhere(kRegions - 1)); // wraps
    // Clicking a row makes it current and centres it.
    list->scrollToTop();
    QCoreApplication::processEvents();
    const QModelIndex row3 = list->model()->index(3, 0);
    const QRect r = list->visualRect(row3);
    QVERIFY(!r.isEmpty());
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, r.center());
    QVERIFY(seenEverywhere(3));
    QCOMPARE(ws->activeCanvas()->zoomModel()->center(), QRectF(data->regions[3].box).center());
    // A refresh of the same result (layers arrived) keeps the current region.
    auto refreshed = std::make_shared<ViewData>(*data);
    Q_EMIT w.session()->dataChanged(refreshed);
    QVERIFY(seenEverywhere(3));
}

QTEST_MAIN(TestRegions)
#include "tst_regions.moc"
