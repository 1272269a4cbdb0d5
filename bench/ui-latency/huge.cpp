// The "app at any size" modes of difflens-ui-latency (one measuring child process each):
// a huge pair dropped on the window (first streamed content, exact result, full-resolution
// tiles, peak RSS, event-loop stall), then navigation at 1:1 across the tiles (pan/zoom
// stall, paint time per frame) and the pixel inspector's exact values, checked against the
// files; and the two screenshots of docs/screenshots.
#include "modes.h"
#include "probes.h"

#include "compareworkspace.h"
#include "comparisonsession.h"
#include "imagecanvas.h"
#include "mainwindow.h"
#include "tilecache.h"
#include "views/differenceview.h"
#include "widgets/pixelinspector.h"
#include "zoommodel.h"

#include "difflens/imaging/stream.h"

#include <QApplication>
#include <QDropEvent>
#include <QMimeData>
#include <QUrl>

#include <algorithm>
#include <vector>

namespace difflens::bench {

using namespace difflens::ui;

namespace {

struct Stamps {
    qint64 exact = -1, full = -1;
    double cpuToExactMs = -1; // the process's CPU time (all threads) from the drop to the exact result
    double rssAtExact = -1;
    double stallToExact = -1, stallToExactAt = -1, stallToExactCpu = -1; // the largest gap before the exact result
    bool failed = false;
    QString error;
};

// Rows of the in-memory level the canvas draws at its zoom (as ImageCanvas::drawLayered picks it).
int rowsOnScreen(const ViewData &d, const ImageCanvas *canvas)
{
    if (!d.diff.isLayered())
        return 0;
    const LayerStore &store = *d.diff.store();
    const double zoom = canvas->zoomModel()->zoom();
    int want = 0;
    while (want + 1 < store.levelCount() && 1.0 / double(1 << (want + 1)) >= zoom)
        ++want;
    int rows = 0;
    d.diff.memoryLevelImage(std::max(want, store.firstMemoryLevel()), &rows);
    return rows;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Opens the pair by a drop and follows it to the full-resolution tiles. Prints the stage
// times since the drop; false when the comparison failed.
bool openAndFollow(MainWindow &w, const QString &a, const QString &b, const char *tag)
{
    w.workspace()->setMode(CompareWorkspace::Mode::Difference);
    w.workspace()->difference()->setMode(DifferenceView::Mode::Diff);
    ImageCanvas *canvas = w.workspace()->difference()->canvas();
    ComparisonSession *s = w.session();
    // DIFFLENS_UI_LATENCY_SHOWN_LAYERS=1: the exact pass fills the shown view's layer only (the
    // diff image), as ComparisonSession::setShownLayers does once the window says which view
    // is shown; otherwise every layer (the window does not say yet).
    if (qEnvironmentVariableIntValue("DIFFLENS_UI_LATENCY_SHOWN_LAYERS") == 1)
        s->setShownLayers(layerBit(LayerKind::Diff));
    std::printf("%s: exact pass fills %s\n", tag, s->shownLayers() == kAllLayers ? "every layer" : "the diff layer");
    QElapsedTimer clock;
    Stamps st;
    StallProbe probe;
    qint64 cpuAtDrop = 0;
    // The full-resolution stamp only on layersChanged: the session may emit resultChanged for
    // the exact stage before it marks the full-resolution pass as pending.
    auto check = [s, &clock, &st, &probe, &cpuAtDrop](bool fromLayers) {
        const auto o = s->comparison();
        if (!o || o->preview())
            return;
        if (o->compared() && st.exact < 0) {
            qApp->setProperty("difflensGesture", false);
            st.exact = clock.elapsed();
            st.cpuToExactMs = double(StallProbe::processCpuNs() - cpuAtDrop) / 1e6;
            st.rssAtExact = procStatusMiB("VmHWM");
            st.stallToExact = probe.maxGapMs();
            st.stallToExactAt = probe.maxGapStartMs();
            st.stallToExactCpu = probe.maxGapCpuMs();
            probe.split();
        }
        if (fromLayers && o->compared() && !s->fullResolutionPending() && st.full < 0)
            st.full = clock.elapsed();
        if (!o->compared() && !st.failed) {
            st.failed = true;
            st.error = QString::fromStdString(!o->error.empty() ? o->error : o->a.error + ' ' + o->b.error);
        }
    };
    QObject::connect(s, &ComparisonSession::resultChanged, &w, [check] { check(false); });
    QObject::connect(s, &ComparisonSession::layersChanged, &w, [check] { check(true); });
    PaintWatcher first(
        canvas,
        [s, canvas] {
            const auto d = s->data();
            return d && d->preview() && rowsOnScreen(*d, canvas) > 0;
        },
        &clock);
    probe.start();
    clock.start();
    cpuAtDrop = StallProbe::processCpuNs();
    if (qEnvironmentVariableIntValue("DIFFLENS_UI_LATENCY_OPEN_PAINTS") == 1)
        qApp->setProperty("difflensGesture", true); // DIFFLENS_UI_LATENCY_PAINTS counts the paints until exact
    dropPair(w, a, b);
    waitUntil([&st] { return st.full >= 0 || st.failed; }, 30 * 60 * 1000);
    probe.stop();
    QObject::disconnect(s, &ComparisonSession::resultChanged, &w, nullptr);
    QObject::disconnect(s, &ComparisonSession::layersChanged, &w, nullptr);
    if (st.failed || st.full < 0) {
        std::printf("%s: FAILED: %s\n", tag, st.failed ? qPrintable(st.error) : "timed out");
        return false;
    }
    const auto o = s->comparison();
    std::printf("%s: first streamed content painted at %lld ms%s, exact at %lld ms (%lld px differ, %d regions), "
                "full resolution at %lld ms; CPU time to exact %.0f ms; VmHWM %.0f MiB at exact; event-loop max gap until exact %.1f ms at "
                "%.0f ms (GUI thread on CPU %.1f ms of it), from exact to full resolution %.1f ms at %.0f ms "
                "(on CPU %.1f ms) (%d ticks)\n",
                tag, (long long)first.paintedAtMs(), first.painted() ? "" : " (never: no preview paint)",
                (long long)st.exact, (long long)o->result->job.counts.mismatched, int(o->result->job.regions.size()),
                (long long)st.full, st.cpuToExactMs, st.rssAtExact, st.stallToExact, st.stallToExactAt, st.stallToExactCpu,
                probe.maxGapMs(), probe.maxGapStartMs(), probe.maxGapCpuMs(), probe.ticks());
    result("first_content_ms", first.paintedAtMs());
    result("exact_ms", double(st.exact));
    result("exact_cpu_ms", st.cpuToExactMs);
    result("full_resolution_ms", double(st.full));
    result("rss_at_exact_mib", st.rssAtExact);
    result("stall_to_exact_ms", st.stallToExact);
    result("stall_to_exact_cpu_ms", st.stallToExactCpu);
    result("stall_exact_to_full_ms", probe.maxGapMs());
    result("stall_exact_to_full_cpu_ms", probe.maxGapCpuMs());
    return true;
}

// Zooms the difference view to 1:1 on the first region and waits for its tiles.
QPointF oneToOneOnRegion(MainWindow &w)
{
    CompareWorkspace *ws = w.workspace();
    const auto d = ws->data();
    const QRect box = d && !d->regions.isEmpty() ? d->regions.first().box : QRect(QPoint(0, 0), d->frameSize());
    ws->setCurrentRegion(d && !d->regions.isEmpty() ? 0 : -1);
    ZoomModel *zoom = ws->difference()->canvas()->zoomModel();
    zoom->setZoom(1.0);
    zoom->centerOn(QRectF(box).center());
    for (int i = 0; i < 3; ++i) { // paint (requests tiles), load them, paint again
        ws->difference()->canvas()->repaint();
        TileCache::instance()->waitForLoads();
        waitUntil([] { return false; }, 50);
    }
    return QRectF(box).center();
}

double gestureGap(MainWindow &w, int index, const char *tag);

// Pan and zoom at 1:1 across the tiles: the paint time of each frame (QWidget::repaint),
// first over tiles never loaded, then back over the same path (cached), and the largest
// event-loop gap while a 16 ms timer pans and zooms as a user would.
void navigate(MainWindow &w, const char *tag)
{
    ImageCanvas *canvas = w.workspace()->difference()->canvas();
    ZoomModel *zoom = canvas->zoomModel();
    const int frames = 60;
    const QPointF step(64, 24);
    std::vector<double> cold, warm;
    QElapsedTimer t;
    for (int pass = 0; pass < 2; ++pass)
        for (int i = 0; i < frames; ++i) {
            zoom->panBy(pass == 0 ? step : -step);
            t.start();
            canvas->repaint();
            (pass == 0 ? cold : warm).push_back(t.nsecsElapsed() / 1e6);
            QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
        }
    TileCache::instance()->waitForLoads();
    const double coldMax = *std::max_element(cold.begin(), cold.end());
    const double warmMax = *std::max_element(warm.begin(), warm.end());
    std::printf("%s: paint at 1:1, %d frames of %gx%g px: new tiles median %.2f ms (max %.2f), "
                "cached median %.2f ms (max %.2f)\n",
                tag, frames, step.x(), step.y(), median(cold), coldMax, median(warm), warmMax);
    result("paint_1to1_new_tiles_ms", median(cold));
    result("paint_1to1_new_tiles_max_ms", coldMax);
    result("paint_1to1_cached_ms", median(warm));
    result("paint_1to1_cached_max_ms", warmMax);

    // A user's gesture: 16 ms steps of 48 px along a square, a zoom step every 25 frames.
    // DIFFLENS_UI_LATENCY_GESTURES=N repeats it N times, each from another region's centre
    // (tiles not yet loaded); stall_pan_zoom_ms is the first one's gap.
    const int repeats = std::max(1, qEnvironmentVariableIntValue("DIFFLENS_UI_LATENCY_GESTURES"));
    std::vector<double> gaps;
    for (int r = 0; r < repeats; ++r)
        gaps.push_back(gestureGap(w, r, tag));
    if (repeats > 1) {
        std::printf("%s: pan/zoom gestures: median of %d largest gaps %.1f ms, max %.1f ms\n", tag, repeats,
                    median(gaps), *std::max_element(gaps.begin(), gaps.end()));
        result("stall_pan_zoom_gestures_median_ms", median(gaps));
    }
    zoom->setZoom(1.0);
}

// One pan/zoom gesture (200 steps of 16 ms); the gesture `index` > 0 starts at region #index.
// Returns its largest event-loop gap.
double gestureGap(MainWindow &w, int index, const char *tag)
{
    ImageCanvas *canvas = w.workspace()->difference()->canvas();
    ZoomModel *zoom = canvas->zoomModel();
    if (index > 0) {
        const auto d = w.workspace()->data();
        zoom->setZoom(1.0);
        if (d && !d->regions.isEmpty())
            zoom->centerOn(QRectF(d->regions[(index * 37) % d->regions.size()].box).center());
        canvas->repaint();
        TileCache::instance()->waitForLoads();
        waitUntil([] { return false; }, 50);
    }
    StallProbe probe;
    QTimer gesture;
    gesture.setTimerType(Qt::PreciseTimer);
    int n = 0;
    const double zooms[] = {1.0, 2.0, 1.0, 0.5};
    const QPointF dirs[] = {{48, 0}, {0, 48}, {-48, 0}, {0, -48}};
    int paints = 0;
    struct PaintCounter : QObject {
        int *count;
        explicit PaintCounter(int *c) : count(c) {}
        bool eventFilter(QObject *, QEvent *e) override
        {
            if (e->type() == QEvent::Paint)
                ++*count;
            return false;
        }
    } counter(&paints);
    canvas->installEventFilter(&counter);
    QObject::connect(&gesture, &QTimer::timeout, &w, [zoom, canvas, &n, &zooms, &dirs] {
        zoom->panBy(dirs[(n / 50) % 4]);
        if (n % 25 == 24)
            zoom->zoomAround(zooms[(n / 25 + 1) % 4], QPointF(canvas->width() / 2.0, canvas->height() / 2.0));
        ++n;
    });
    probe.start();
    qApp->setProperty("difflensGesture", true); // DIFFLENS_UI_LATENCY_PAINTS counts these paints
    gesture.start(16);
    waitUntil([&n] { return n >= 200; }, 60000);
    gesture.stop();
    probe.stop();
    qApp->setProperty("difflensGesture", false);
    canvas->removeEventFilter(&counter);
    std::printf("%s: pan/zoom gesture, %d steps of 16 ms (1:1, 2:1, 1:2): %d paints, event-loop max gap %.1f ms "
                "(GUI thread on CPU %.1f ms of it; at monotonic %.3f s) (%d ticks)\n",
                tag, n, paints, probe.maxGapMs(), probe.maxGapCpuMs(), probe.maxGapStartMonoS(), probe.ticks());
    if (index == 0) {
        result("stall_pan_zoom_ms", probe.maxGapMs());
        result("stall_pan_zoom_cpu_ms", probe.maxGapCpuMs());
    }
    return probe.maxGapMs();
}

// The RGBA of one pixel of `path`, read row by row (bounded memory); empty on failure.
QString filePixel(const QString &path, const QPoint &p)
{
    OpenedImage img;
    std::string error;
    if (!openImageRows(path.toStdString(), DecodeOptions(), img, error) || !img.rows)
        return QStringLiteral("(%1)").arg(QString::fromStdString(error));
    const int bytes = img.rows->depth() / 8;
    std::vector<uint8_t> row(size_t(img.rows->width()) * 4 * size_t(bytes));
    for (int y = 0; y <= p.y(); ++y)
        if (!img.rows->readRows(row.data(), row.size(), 1, error))
            return QStringLiteral("(%1)").arg(QString::fromStdString(error));
    const uint8_t *px = row.data() + size_t(p.x()) * 4 * size_t(bytes);
    auto v = [px, bytes](int c) { return bytes == 1 ? int(px[c]) : int(px[2 * c] | (px[2 * c + 1] << 8)); };
    if (bytes == 1)
        return QStringLiteral("%1 %2 %3 %4").arg(v(0), 3).arg(v(1), 3).arg(v(2), 3).arg(v(3), 3);
    return QStringLiteral("%1 %2 %3 %4").arg(v(0)).arg(v(1)).arg(v(2)).arg(v(3));
}

// The inspector at `p` (a difference): its A and B lines against the files' pixels.
void inspect(MainWindow &w, const QString &a, const QString &b, const QPoint &p, const char *tag)
{
    PixelInspector *in = w.inspector();
    in->showPixel(p, true);
    waitUntil([in] { return !in->text().contains(QStringLiteral("…")); }, 20000);
    const QStringList lines = in->text().split(QLatin1Char('\n'));
    const QString fa = filePixel(a, p), fb = filePixel(b, p);
    const bool ok = lines.size() >= 3 && lines[1] == fa && lines[2] == fb;
    std::printf("%s: inspector at (%d, %d): A %s, B %s, delta %s; the files: A %s, B %s -> %s\n", tag, p.x(), p.y(),
                qPrintable(lines.value(1)), qPrintable(lines.value(2)), qPrintable(lines.value(3)), qPrintable(fa),
                qPrintable(fb), ok ? "exact" : "MISMATCH");
    result("inspector_exact", ok ? 1 : 0);
}

} // namespace

void dropPair(MainWindow &w, const QString &a, const QString &b)
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(a), QUrl::fromLocalFile(b)});
    const QPoint pos = w.rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &enter);
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&w, &drop);
}

int runHuge(MainWindow &w, const QString &a, const QString &b, int budgetMiB, const char *tag)
{
    if (budgetMiB > 0) {
        AppSettings s = w.settings();
        s.memoryBudgetMiB = budgetMiB;
        w.applySettings(s);
    }
    std::printf("%s: %s | %s, memory budget %s, load %s\n", tag, qPrintable(a), qPrintable(b),
                budgetMiB > 0 ? qPrintable(QStringLiteral("%1 MiB").arg(budgetMiB)) : "automatic",
                loadAverage().constData());
    if (!openAndFollow(w, a, b, tag))
        return 1;
    const QPointF centre = oneToOneOnRegion(w);
    navigate(w, tag);
    oneToOneOnRegion(w);
    const double hwm = procStatusMiB("VmHWM");
    std::printf("%s: peak RSS (VmHWM) %.0f MiB after open, 1:1 navigation and tiles; VmRSS now %.0f MiB\n", tag, hwm,
                procStatusMiB("VmRSS"));
    result("peak_rss_mib", hwm);
    inspect(w, a, b, centre.toPoint(), tag); // after the peak: the check reads the files row by row
    return 0;
}

int runShots(MainWindow &w, const QString &a, const QString &b, const QString &dir)
{
    if (!openAndFollow(w, a, b, "shots"))
        return 1;
    w.workspace()->zoomFit();
    TileCache::instance()->waitForLoads();
    waitUntil([] { return false; }, 500);
    const QString out = dir + QStringLiteral("/huge-zoomed-out.png"), one = dir + QStringLiteral("/huge-one-to-one.png");
    w.grab().save(out);
    const QPointF centre = oneToOneOnRegion(w);
    w.inspector()->showPixel(centre.toPoint(), true);
    waitUntil([&w] { return !w.inspector()->text().contains(QStringLiteral("…")); }, 20000);
    waitUntil([] { return false; }, 500);
    w.grab().save(one);
    std::printf("shots: %s, %s (1:1 at %.0f, %.0f)\n", qPrintable(out), qPrintable(one), centre.x(), centre.y());
    return 0;
}

} // namespace difflens::bench
