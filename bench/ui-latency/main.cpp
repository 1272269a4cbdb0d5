// difflens-ui-latency: measures how the desktop app behaves while it works (a benchmark,
// never a test). The driver runs each mode N times, each run in a fresh child process (so
// peak RSS is the run's own), and prints every run and the medians. Modes:
//  frames  (1) event-loop stall: a 5 ms QTimer records the largest gap between ticks while
//          a 7680x4320 pair is compared (decode excluded: images are handed over in memory);
//          (2) drop-to-paint: from a synthesised drop of two 3840x2160 PNGs onto the window
//          to the first paint of the difference view showing the result (cold, then warm),
//          and the time until the follow-up layers (heatmap, mask, previews) are in.
//  huge16  the 16384^2 pair dropped: first streamed content painted, exact result, full-
//          resolution tiles, peak RSS (VmHWM), stall; pan/zoom at 1:1 across tiles (stall,
//          paint time per frame); the inspector's values against the files. Each run is
//          followed by `difflens-cli compare` on the pair (wall time, exact / CLI ratio).
//  huge32  the same for the 32768^2 pair with Settings -> Memory at 1024 MiB.
// Usage: difflens-ui-latency [--runs N] [frames|huge16|huge32 ...]   (N also from
//        DIFFLENS_UI_LATENCY_RUNS; default 3; default modes: all three)
//        difflens-ui-latency --shots DIR   (docs/screenshots/huge-*.png of the 16384^2 pair)
// DIFFLENS_UI_LATENCY_GESTURES=N repeats the huge modes' pan/zoom gesture N times (each from
// another region; the median of their gaps as stall_pan_zoom_gestures_median_ms).
// Pairs: $DIFFLENS_HUGE_DIR (default /tmp/difflens-huge, made by bench/huge/make_pair.py);
// the CLI: $DIFFLENS_CLI (default build/app/difflens-cli beside this build).
// Run under a real display server for representative numbers, e.g.
//   xvfb-run -s '-screen 0 1600x1000x24' build/bench/ui-latency/difflens-ui-latency
#include "modes.h"
#include "probes.h"

#include "comparecontroller.h"
#include "comparisonsession.h"
#include "compareworkspace.h"
#include "mainwindow.h"
#include "views/differenceview.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QProcess>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

using namespace difflens;
using namespace difflens::ui;
using namespace difflens::bench;

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

// Child mode "frames": the 8K stall and the 4K drop-to-paint (cold, then warm).
int runFrames(MainWindow &w)
{
    std::printf("frames: load %s\n", loadAverage().constData());
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
        waitUntil([&layers] { return layers > 0; }, 120000); // the follow-up job runs too
        waitUntil([] { return false; }, 300);                 // paints of the new result
        probe.stop();
        const auto o = w.session()->comparison();
        std::printf("stall: 7680x4320 compare %lld ms, layers %.0f ms, %d probe ticks, max event-loop gap %.1f ms "
                    "at %.0f ms (GUI thread on CPU %.1f ms of it; target <= 16 ms), %lld px differ\n",
                    (long long)firstResult, o ? o->timings.layersMs + o->timings.metricsMs : -1.0, probe.ticks(), probe.maxGapMs(),
                    probe.maxGapStartMs(), probe.maxGapCpuMs(), o && o->result ? (long long)o->result->job.counts.mismatched : -1LL);
        result("stall_8k_compare_ms", probe.maxGapMs());
        result("stall_8k_compare_cpu_ms", probe.maxGapCpuMs());
        QObject::disconnect(w.session(), &ComparisonSession::resultChanged, &w, nullptr);
        QObject::disconnect(w.session(), &ComparisonSession::layersChanged, &w, nullptr);
    }

    // (2) Drop two 3840x2160 PNGs -> painted difference view.
    QTemporaryDir dir;
    const QString pa = dir.filePath(QStringLiteral("a.png")), pb = dir.filePath(QStringLiteral("b.png"));
    makeFrame(3840, 2160, false).save(pa);
    makeFrame(3840, 2160, true).save(pb);
    for (int run = 0; run < 2; ++run) {
        waitUntil([&w] { return !w.session()->controller()->isBusy() && w.session()->comparison() && w.session()->comparison()->finished; }, 60000);
        w.workspace()->difference()->setMode(DifferenceView::Mode::Diff);
        w.workspace()->setMode(CompareWorkspace::Mode::Difference);
        QWidget *canvas = w.workspace()->difference()->canvas();
        const Comparison *before = w.session()->comparison().get();
        QElapsedTimer t;
        PaintWatcher watcher(
            canvas,
            [&w, before] {
                const auto d = w.session()->data();
                return d && d->compared() && !d->diff.isNull() && w.session()->comparison().get() != before;
            },
            &t);
        t.start();
        dropPair(w, pa, pb);
        waitUntil([&watcher] { return watcher.painted(); }, 60000);
        if (!watcher.painted()) {
            std::printf("no paint: A=%s B=%s busy=%d\n", qPrintable(w.session()->path(Side::A)),
                        qPrintable(w.session()->path(Side::B)), int(w.session()->controller()->isBusy()));
            return 1;
        }
        const qint64 painted = watcher.paintedAtMs();
        waitUntil([&w] { return w.session()->comparison() && w.session()->comparison()->finished; }, 60000);
        const qint64 layersAt = t.elapsed();
        const auto o = w.session()->comparison();
        std::printf("drop-to-paint %s: %lld ms (worker %.0f ms: decode %.0f, compare %.0f); "
                    "layers ready at %lld ms (job %.0f ms)\n",
                    run == 0 ? "cold" : "warm", (long long)painted, o ? o->timings.decodeMs + o->timings.compareMs : -1.0, o ? o->timings.decodeMs : -1.0,
                    o ? o->timings.compareMs : -1.0, (long long)layersAt, o ? o->timings.layersMs + o->timings.metricsMs : -1.0);
        result(run == 0 ? "drop_to_paint_4k_cold_ms" : "drop_to_paint_4k_warm_ms", double(painted));
        result(run == 0 ? "layers_ready_4k_cold_ms" : "layers_ready_4k_warm_ms", double(layersAt));
    }
    return 0;
}

QString hugePath(int edge, char side)
{
    const QByteArray dir = qgetenv("DIFFLENS_HUGE_DIR");
    return QStringLiteral("%1/%2x%2-s1-k64-%3.png")
        .arg(dir.isEmpty() ? QStringLiteral("/tmp/difflens-huge") : QString::fromLocal8Bit(dir))
        .arg(edge)
        .arg(QLatin1Char(side));
}

// With DIFFLENS_UI_LATENCY_EVENTS=<ms>: every event the GUI thread takes longer than <ms> to
// deliver (outermost deliveries only) is printed at the end with its receiver, its event
// type, its wall and thread-CPU time and when it came: where the GUI thread's own stalls are.
// With DIFFLENS_UI_LATENCY_PAINTS=1: the paint events delivered during the pan/zoom gestures,
// counted and their GUI-thread CPU time summed per widget class.
class TimedApplication : public QApplication {
public:
    TimedApplication(int &argc, char **argv) : QApplication(argc, argv)
    {
        m_clock.start();
        m_thresholdNs = qint64(qEnvironmentVariableIntValue("DIFFLENS_UI_LATENCY_EVENTS")) * 1000000;
        m_paints = qEnvironmentVariableIntValue("DIFFLENS_UI_LATENCY_PAINTS") == 1;
    }
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (m_paints && event->type() == QEvent::Paint && QThread::currentThread() == thread() &&
            property("difflensGesture").toBool()) {
            // Paint events come inside the window's UpdateRequest: their own CPU time.
            const qint64 c0 = StallProbe::threadCpuNs();
            const QByteArray what = receiver->metaObject()->className();
            ++m_depth;
            const bool r = QApplication::notify(receiver, event);
            --m_depth;
            auto &tally = m_paintCpu[what];
            tally.first += 1;
            tally.second += StallProbe::threadCpuNs() - c0;
            return r;
        }
        if (m_thresholdNs <= 0 || m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        const qint64 t0 = m_clock.nsecsElapsed(), c0 = StallProbe::threadCpuNs();
        const int type = int(event->type()); // the event may be gone after delivery
        const QByteArray what = QByteArray(receiver->metaObject()->className()) + ' ' + receiver->objectName().toLatin1();
        ++m_depth;
        const bool r = QApplication::notify(receiver, event);
        --m_depth;
        const qint64 dt = m_clock.nsecsElapsed() - t0;
        if (dt >= m_thresholdNs)
            m_slow.push_back(QByteArray::number(t0 / 1000000) + " ms: " + QByteArray::number(dt / 1e6, 'f', 1) +
                             " ms (CPU " + QByteArray::number((StallProbe::threadCpuNs() - c0) / 1e6, 'f', 1) +
                             " ms) event " + QByteArray::number(type) + " to " + what);
        return r;
    }
    void report() const
    {
        for (const QByteArray &line : m_slow)
            std::printf("slow event at %s\n", line.constData());
        for (auto it = m_paintCpu.cbegin(); it != m_paintCpu.cend(); ++it)
            std::printf("gesture paint events to %s: %lld, GUI-thread CPU %.1f ms in all (%.2f ms each)\n",
                        it.key().constData(), it.value().first, it.value().second / 1e6,
                        it.value().second / 1e6 / double(it.value().first));
    }

private:
    QElapsedTimer m_clock;
    qint64 m_thresholdNs = 0;
    int m_depth = 0;
    std::vector<QByteArray> m_slow;
    bool m_paints = false;
    QMap<QByteArray, std::pair<qint64, qint64>> m_paintCpu; // class: paint events, CPU ns
};

int runChild(const QString &mode, const QStringList &args)
{
    QApplication::setOrganizationName(QStringLiteral("DiffLensBench"));
    QApplication::setApplicationName(QStringLiteral("difflens-ui-latency"));
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    waitUntil([] { return false; }, 300);
    int rc = 2;
    if (mode == QLatin1String("frames"))
        rc = runFrames(w);
    else if (mode == QLatin1String("huge16"))
        rc = runHuge(w, hugePath(16384, 'a'), hugePath(16384, 'b'), 0, "huge16");
    else if (mode == QLatin1String("huge32"))
        rc = runHuge(w, hugePath(32768, 'a'), hugePath(32768, 'b'), 1024, "huge32");
    else if (mode == QLatin1String("shots"))
        rc = runShots(w, hugePath(16384, 'a'), hugePath(16384, 'b'), args.value(0, QStringLiteral(".")));
    w.session()->shutdown();
    return rc;
}

// `difflens-cli compare A B --quiet`: wall and CPU (user + system) milliseconds and peak RSS
// (MiB) of the subprocess.
bool runCli(const QString &cli, const QString &a, const QString &b, double &ms, double &cpuMs, double &rssMiB,
            int &code)
{
    const QByteArray c = cli.toLocal8Bit(), pa = a.toLocal8Bit(), pb = b.toLocal8Bit();
    QElapsedTimer t;
    t.start();
    const pid_t pid = fork();
    if (pid == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, 1);
        execl(c.constData(), c.constData(), "compare", pa.constData(), pb.constData(), "--quiet", (char *)nullptr);
        _exit(127);
    }
    if (pid < 0)
        return false;
    int status = 0;
    struct rusage ru {};
    if (wait4(pid, &status, 0, &ru) != pid)
        return false;
    ms = t.nsecsElapsed() / 1e6;
    rssMiB = ru.ru_maxrss / 1024.0;
    cpuMs = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return code == 0 || code == 1; // 1: the images differ
}

double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? -1 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

int drive(const QStringList &modes, int runs)
{
    const QString self = QCoreApplication::applicationFilePath();
    QString cli = QString::fromLocal8Bit(qgetenv("DIFFLENS_CLI"));
    if (cli.isEmpty())
        cli = QDir(QCoreApplication::applicationDirPath()).absoluteFilePath(QStringLiteral("../../app/difflens-cli"));
    std::printf("difflens-ui-latency: %d run(s) a mode, each in a fresh process; load %s\n", runs,
                loadAverage().constData());
    int failures = 0;
    for (const QString &mode : modes) {
        QMap<QString, std::vector<double>> values;
        for (int run = 1; run <= runs; ++run) {
            std::printf("== %s run %d/%d (load %s)\n", qPrintable(mode), run, runs, loadAverage().constData());
            std::fflush(stdout);
            QProcess child;
            child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            child.start(self, {QStringLiteral("--child"), mode});
            child.waitForFinished(-1);
            for (const QByteArray &line : child.readAllStandardOutput().split('\n')) {
                if (line.startsWith("RESULT ")) {
                    const QList<QByteArray> f = line.split(' ');
                    values[QString::fromLatin1(f.value(1))].push_back(f.value(2).toDouble());
                } else if (!line.isEmpty()) {
                    std::printf("  %s\n", line.constData());
                }
            }
            if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
                std::printf("  child FAILED (exit %d)\n", child.exitCode());
                ++failures;
                continue;
            }
            if (mode == QLatin1String("huge16")) {
                double ms = 0, cpu = 0, rss = 0;
                int code = 0;
                if (runCli(cli, hugePath(16384, 'a'), hugePath(16384, 'b'), ms, cpu, rss, code)) {
                    std::printf("  difflens-cli compare A B --quiet: %.0f ms, CPU %.0f ms, peak RSS %.0f MiB (exit %d)\n",
                                ms, cpu, rss, code);
                    values[QStringLiteral("cli_ms")].push_back(ms);
                    values[QStringLiteral("cli_cpu_ms")].push_back(cpu);
                    if (!values[QStringLiteral("exact_cpu_ms")].empty())
                        values[QStringLiteral("exact_cpu_over_cli_cpu")].push_back(
                            values[QStringLiteral("exact_cpu_ms")].back() / cpu);
                    values[QStringLiteral("cli_peak_rss_mib")].push_back(rss);
                    if (!values[QStringLiteral("exact_ms")].empty())
                        values[QStringLiteral("exact_over_cli")].push_back(values[QStringLiteral("exact_ms")].back() / ms);
                } else {
                    std::printf("  difflens-cli FAILED (%s, exit %d)\n", qPrintable(cli), code);
                    ++failures;
                }
            }
            std::fflush(stdout);
        }
        std::printf("== %s: medians over %d run(s) [each run]\n", qPrintable(mode), runs);
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            QStringList each;
            for (double v : it.value())
                each << QString::number(v, 'f', 2);
            std::printf("  %-30s %10.2f  [%s]\n", qPrintable(it.key()), medianOf(it.value()), qPrintable(each.join(QStringLiteral(", "))));
        }
        std::fflush(stdout);
    }
    std::printf("load at the end %s\n", loadAverage().constData());
    return failures ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (args.value(0) == QLatin1String("--child") || args.value(0) == QLatin1String("--shots")) {
        TimedApplication app(argc, argv);
        if (args.value(0) == QLatin1String("--shots"))
            return runChild(QStringLiteral("shots"), {args.value(1, QStringLiteral("."))});
        const int rc = runChild(args.value(1), args.mid(2));
        app.report();
        return rc;
    }
    QCoreApplication app(argc, argv);
    int runs = qEnvironmentVariableIsSet("DIFFLENS_UI_LATENCY_RUNS") ? qEnvironmentVariableIntValue("DIFFLENS_UI_LATENCY_RUNS") : 3;
    QStringList modes;
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--runs") && i + 1 < args.size())
            runs = args[++i].toInt();
        else
            modes << args[i];
    }
    const QStringList known{QStringLiteral("frames"), QStringLiteral("huge16"), QStringLiteral("huge32")};
    if (modes.isEmpty())
        modes = known;
    for (const QString &m : modes)
        if (!known.contains(m) || runs < 1) {
            std::fprintf(stderr, "usage: difflens-ui-latency [--runs N] [frames|huge16|huge32 ...] | --shots DIR\n");
            return 2;
        }
    return drive(modes, runs);
}
