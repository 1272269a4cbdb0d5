// difflens-ui-latency: measures how the desktop app behaves while it works.
//  (1) event-loop stall: a 5 ms QTimer records the largest gap between ticks while a
//      7680x4320 pair is compared (decode excluded: images are handed over in memory);
//  (2) drop-to-paint: from a synthesised drop of two 3840x2160 PNGs onto the window to the
//      first paint of the difference view showing the result; then the time until the
//      follow-up layers (heatmap, mask, previews) have arrived as well.
// Run under a real display server for representative numbers, e.g.
//   xvfb-run -s '-screen 0 1600x1000x24' build/bench/ui-latency/difflens-ui-latency
#include "comparecontroller.h"
#include "comparisonsession.h"
#include "compareworkspace.h"
#include "mainwindow.h"
#include "views/differenceview.h"

#include <QApplication>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QImage>
#include <QMimeData>
#include <QPainter>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <cstdio>

using namespace difflens;
using namespace difflens::ui;

namespace {

QImage makeFrame(int w, int h, bool variant)
{
    QImage img(w, h, QImage::Format_RGBA8888);
    for (int y = 0; y < h; ++y) {
        uchar *row = img.scanLine(y);
        for (int x = 0; x < w; ++x) {
            row[4 * x + 0] = uchar((x * 255) / w);
            row[4 * x + 1] = uchar((y * 255) / h);
            row[4 * x + 2] = uchar(((x / 64 + y / 64) & 1) ? 200 : 60);
            row[4 * x + 3] = 255;
        }
    }
    if (variant) {
        QPainter p(&img);
        p.fillRect(QRect(w / 5, h / 4, w / 10, h / 12), QColor(250, 30, 30));
        p.fillRect(QRect(w / 2, h / 2, w / 20, h / 20), QColor(20, 20, 20));
        p.setPen(Qt::white);
        p.setFont(QFont(QStringLiteral("DejaVu Sans"), h / 40));
        p.drawText(QRect(w / 10, h - h / 6, w / 2, h / 10), Qt::AlignLeft, QStringLiteral("Changed caption 123"));
    }
    return img;
}

std::shared_ptr<const Image> toEngine(const QImage &img)
{
    auto out = std::make_shared<Image>(img.width(), img.height(), 4, 8);
    for (int y = 0; y < img.height(); ++y)
        std::copy_n(img.constScanLine(y), out->stride(), out->row(y));
    return out;
}

// Fires every 5 ms and keeps the largest gap between consecutive ticks.
class StallProbe : public QObject {
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0 && now - m_last > m_max) {
                m_max = now - m_last;
                m_maxAt = m_last;
            }
            m_last = now;
            ++m_ticks;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = -1;
        m_max = 0;
        m_ticks = 0;
        m_timer.start(5);
    }
    void stop() { m_timer.stop(); }
    double maxGapMs() const { return m_max / 1e6; }
    double maxGapStartMs() const { return m_maxAt / 1e6; }   // since start()
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1, m_max = 0, m_maxAt = 0;
    int m_ticks = 0;
};

// Stamps the time of the first paint of `target` after arm() once `ready()` holds.
class PaintWatcher : public QObject {
public:
    PaintWatcher(QWidget *target, std::function<bool()> ready) : m_target(target), m_ready(std::move(ready))
    {
        target->installEventFilter(this);
    }
    bool painted() const { return m_painted; }

protected:
    bool eventFilter(QObject *o, QEvent *e) override
    {
        if (o == m_target && e->type() == QEvent::Paint && !m_painted && m_ready()) {
            // Runs right after this paint event (and the backing-store flush) completes.
            QTimer::singleShot(0, this, [this] { m_painted = true; });
        }
        return false;
    }

private:
    QWidget *m_target;
    std::function<bool()> m_ready;
    bool m_painted = false;
};

void waitUntil(const std::function<bool()> &cond, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!cond() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("DiffLensBench"));
    QApplication::setApplicationName(QStringLiteral("difflens-ui-latency"));
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    waitUntil([] { return false; }, 300);

    // (1) Event-loop stall during a 7680x4320 comparison.
    {
        const QImage a = makeFrame(7680, 4320, false), b = makeFrame(7680, 4320, true);
        auto ea = toEngine(a), eb = toEngine(b);
        w.workspace()->setMode(CompareWorkspace::Mode::Difference);
        StallProbe probe;
        QElapsedTimer total;
        int results = 0, layers = 0;
        QObject::connect(w.session(), &ComparisonSession::resultChanged, &w, [&results] { ++results; });
        QObject::connect(w.session(), &ComparisonSession::layersChanged, &w, [&layers] { ++layers; });
        probe.start();
        total.start();
        w.session()->setSideImage(Side::A, ea, QStringLiteral("a-8k"));
        w.session()->setSideImage(Side::B, eb, QStringLiteral("b-8k"));
        waitUntil([&results] { return results > 0; }, 120000);
        const qint64 firstResult = total.elapsed();
        waitUntil([&layers] { return layers > 0; }, 120000);   // the follow-up job runs too
        waitUntil([] { return false; }, 300); // paints of the new result
        probe.stop();
        const auto o = w.session()->outcome();
        std::printf("stall: 7680x4320 compare %lld ms, layers %.0f ms, %d probe ticks, max event-loop gap %.1f ms "
                    "at %.0f ms (target < 50 ms), %lld px differ\n",
                    (long long)firstResult, o ? o->layersMs : -1.0, probe.ticks(), probe.maxGapMs(), probe.maxGapStartMs(),
                    o ? (long long)o->result.job.counts.mismatched : -1LL);
        QObject::disconnect(w.session(), &ComparisonSession::resultChanged, &w, nullptr);
        QObject::disconnect(w.session(), &ComparisonSession::layersChanged, &w, nullptr);
    }

    // (2) Drop two 3840x2160 PNGs -> painted difference view.
    {
        QTemporaryDir dir;
        const QString pa = dir.filePath(QStringLiteral("a.png")), pb = dir.filePath(QStringLiteral("b.png"));
        makeFrame(3840, 2160, false).save(pa);
        makeFrame(3840, 2160, true).save(pb);
        const int runs = 3;
        for (int run = 0; run < runs; ++run) {
            waitUntil([&w] { return !w.session()->controller()->isBusy() && w.session()->outcome() && w.session()->outcome()->layersReady; }, 60000);
            w.workspace()->difference()->setMode(DifferenceView::Mode::Diff);
            w.workspace()->setMode(CompareWorkspace::Mode::Difference);
            QWidget *canvas = w.workspace()->difference()->canvas();
            const CompareOutcome *before = w.session()->outcome().get();
            PaintWatcher watcher(canvas, [&w, before] {
                const auto d = w.session()->data();
                return d && d->compared && !d->diff.isNull() && w.session()->outcome().get() != before;
            });
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(pa), QUrl::fromLocalFile(pb)});
            const QPoint pos = w.rect().center();
            QElapsedTimer t;
            t.start();
            QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&w, &enter);
            QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&w, &drop);
            waitUntil([&watcher] { return watcher.painted(); }, 60000);
            if (!watcher.painted())
                std::printf("no paint: A=%s B=%s busy=%d errA=%s errB=%s\n", qPrintable(w.session()->path(Side::A)),
                            qPrintable(w.session()->path(Side::B)), int(w.session()->controller()->isBusy()),
                            qPrintable(w.session()->data()->errorA), qPrintable(w.session()->data()->errorB));
            const qint64 painted = t.elapsed();
            waitUntil([&w] { return w.session()->outcome() && w.session()->outcome()->layersReady; }, 60000);
            const qint64 layersAt = t.elapsed();
            const auto o = w.session()->outcome();
            std::printf("drop-to-paint run %d: %lld ms (worker %.0f ms: decode %.0f, compare %.0f); "
                        "layers ready at %lld ms (job %.0f ms)%s\n",
                        run + 1, (long long)painted, o ? o->elapsedMs : -1.0, o ? o->decodeMs : -1.0,
                        o ? o->compareMs : -1.0, (long long)layersAt, o ? o->layersMs : -1.0,
                        run == 0 ? " [cold]" : "");
        }
    }
    return 0;
}
