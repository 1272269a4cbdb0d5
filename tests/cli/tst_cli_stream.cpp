// difflens-cli's streamed comparison, run as a user would: identical results to the
// whole-frame run (--tier high) at any band height, the process's peak RSS within
// --memory-budget + 48 MiB (measured by the kernel, wait4), a budget too small for one
// band, progress lines, Ctrl-C within a band, and a file truncated mid-stream.
#include "../compare/test_images.h"

#include "difflens/engine/image.h"
#include "difflens/imaging/encode.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <webp/encode.h>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct Run {
    int exitCode = -1;
    bool signaled = false;
    long maxRssKiB = 0; // the child's peak resident set, from wait4
    QByteArray err;
};

// fork/exec with stderr to a file, so wait4 gives the child's own rusage.
Run runCli(const QStringList &args, int interruptAfterMs = -1)
{
    Run r;
    const QByteArray errPath = QDir::temp().filePath(QStringLiteral("difflens-cli-stream-%1.err").arg(::getpid())).toLocal8Bit();
    std::vector<QByteArray> storage{QByteArray(DIFFLENS_CLI_PATH)};
    for (const QString &a : args)
        storage.push_back(a.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int fd = ::open(errPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(fd, 2);
        ::dup2(null, 1);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    if (pid < 0)
        return r;
    if (interruptAfterMs >= 0) {
        QThread::msleep(static_cast<unsigned long>(interruptAfterMs));
        ::kill(pid, SIGINT);
    }
    int status = 0;
    struct rusage ru {};
    if (::wait4(pid, &status, 0, &ru) != pid)
        return r;
    r.maxRssKiB = ru.ru_maxrss;
    r.signaled = WIFSIGNALED(status);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    QFile f(QString::fromLocal8Bit(errPath));
    if (f.open(QIODevice::ReadOnly))
        r.err = f.readAll();
    QFile::remove(QString::fromLocal8Bit(errPath));
    return r;
}

// A screenshot-like RGB pair of w x h written with our fast PNG writer: panels, text-like
// strokes, a gradient; B differs in a few blocks spread over the height.
bool writePair(int w, int h, const QString &a, const QString &b)
{
    difflens::Image img(w, h, 4, 8);
    for (int y = 0; y < h; ++y) {
        uint8_t *row = img.row(y);
        for (int x = 0; x < w; ++x) {
            const bool panel = (x / 512) % 2 == (y / 384) % 2;
            const bool stroke = (y % 24) > 14 && (y % 24) < 19 && (x % 9) < 6 && (x / 128) % 3 != 0;
            uint8_t v = panel ? 244 : uint8_t(226 + (x * 20) / w);
            if (stroke)
                v = uint8_t(60 + (x % 7) * 20);
            row[4 * x] = v;
            row[4 * x + 1] = uint8_t(v - (panel ? 0 : 6));
            row[4 * x + 2] = uint8_t(std::min(255, v + 8));
            row[4 * x + 3] = 255;
        }
    }
    std::string err;
    if (!difflens::writePng(a.toStdString(), img.view(), err))
        return false;
    for (int k = 0; k < 12; ++k) {
        const int x0 = (k * 977) % (w - 64), y0 = (k * (h / 12)) + (k % 3);
        for (int y = y0; y < std::min(h, y0 + 40); ++y)
            for (int x = x0; x < x0 + 60; ++x) {
                uint8_t *p = img.row(y) + 4 * x;
                p[0] = uint8_t(255 - p[0]);
                p[1] = uint8_t((p[1] + 90) % 256);
            }
    }
    return difflens::writePng(b.toStdString(), img.view(), err);
}

// AddressSanitizer's shadow memory, red zones and quarantine inflate every resident set:
// the memory bounds are checked in the normal build (the sanitizer build still runs the
// comparison and its checks up to this point).
#if defined(__SANITIZE_ADDRESS__)
#define SKIP_RSS_UNDER_SANITIZERS()                                                                      \
    QSKIP("AddressSanitizer inflates the resident set; the bound is checked in the normal build")
#else
#define SKIP_RSS_UNDER_SANITIZERS() static_cast<void>(0)
#endif

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestCliStream : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_a, m_b, m_bigA, m_bigB;
    QString file(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_a = file("a.png");
        m_b = file("b.png");
        QVERIFY(writePair(700, 523, m_a, m_b));
        m_bigA = file("big-a.png");
        m_bigB = file("big-b.png");
        QVERIFY(writePair(8192, 8192, m_bigA, m_bigB));
    }

    void streamedEqualsWholeFrame_data()
    {
        QTest::addColumn<QStringList>("streamed");
        QTest::newRow("default bands") << QStringList{};
        QTest::newRow("budget 5M (few rows a band)") << QStringList{"--memory-budget", "5M"};
        QTest::newRow("medium tier") << QStringList{"--tier", "medium", "--memory-budget", "6M"};
    }

    // JSON numbers, regions and the diff image's pixels of a streamed run equal the
    // whole-frame run's.
    void streamedEqualsWholeFrame()
    {
        QFETCH(QStringList, streamed);
        const QStringList common{"compare", m_a, m_b, "--metrics", "pixel,ssim", "-q"};
        const Run whole = runCli(common + QStringList{"--tier", "high", "--json", file("whole.json"), "--diff-image",
                                                      file("whole.png")});
        QCOMPARE(whole.exitCode, 1);
        const Run part = runCli(common + streamed + QStringList{"--json", file("part.json"), "--diff-image", file("part.png")});
        QVERIFY2(part.exitCode == 1, part.err.constData());
        const QJsonObject w = readJson(file("whole.json")), p = readJson(file("part.json"));
        QVERIFY(!w.value("plan").toObject().value("streamed").toBool());
        QVERIFY(p.value("plan").toObject().value("streamed").toBool());
        QCOMPARE(p.value("pixels").toObject(), w.value("pixels").toObject());
        QCOMPARE(p.value("regions").toArray(), w.value("regions").toArray());
        QJsonObject pm = p.value("metrics").toObject(), wm = w.value("metrics").toObject();
        QVERIFY(std::abs(pm.value("ssim").toObject().value("mean").toDouble() -
                         wm.value("ssim").toObject().value("mean").toDouble()) < 1e-12);
        QCOMPARE(pm.value("ssim").toObject().value("low_regions"), wm.value("ssim").toObject().value("low_regions"));
        pm.remove("ssim");
        wm.remove("ssim");
        QCOMPARE(pm, wm);
        const QImage dw = QImage(file("whole.png")).convertToFormat(QImage::Format_RGBA8888);
        const QImage dp = QImage(file("part.png")).convertToFormat(QImage::Format_RGBA8888);
        QVERIFY(!dw.isNull());
        QCOMPARE(dp, dw);
    }

    // The kernel's account of the child's peak resident set stays within the budget plus
    // 48 MiB of code and libraries; the whole frames alone would be 512 MiB.
    void budgetBoundsTheProcess_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("budgetMiB");
        QTest::newRow("32M counts") << QStringList{} << 32;
        QTest::newRow("32M ssim + diff image") << QStringList{"--metrics", "pixel,ssim", "--diff-image", file("big-diff.png")}
                                               << 32;
    }
    void budgetBoundsTheProcess()
    {
        QFETCH(QStringList, extra);
        QFETCH(int, budgetMiB);
        const Run r = runCli(QStringList{"compare", m_bigA, m_bigB, "--memory-budget", QStringLiteral("%1M").arg(budgetMiB),
                                         "-q", "--json", file("big.json")} + extra);
        QVERIFY2(r.exitCode == 1, r.err.constData());
        SKIP_RSS_UNDER_SANITIZERS();
        const long limitKiB = long(budgetMiB + 48) * 1024;
        QVERIFY2(r.maxRssKiB > 0 && r.maxRssKiB <= limitKiB,
                 qPrintable(QStringLiteral("peak RSS %1 KiB, limit %2 KiB").arg(r.maxRssKiB).arg(limitKiB)));
        const QJsonObject j = readJson(file("big.json"));
        QCOMPARE(j.value("pixels").toObject().value("total").toInteger(), qint64(8192) * 8192);
        QVERIFY(j.value("pixels").toObject().value("mismatched").toInteger() > 0);
        const QJsonObject plan = j.value("plan").toObject();
        QVERIFY(plan.value("streamed").toBool());
        // The process's own VmHWM and the kernel's rusage agree to within per-thread counter
        // slack.
        const double ownPeak = double(plan.value("process_peak_bytes").toInteger());
        QVERIFY2(std::abs(ownPeak - double(r.maxRssKiB) * 1024) < 0.05 * double(r.maxRssKiB) * 1024,
                 qPrintable(QStringLiteral("%1 vs %2 KiB").arg(ownPeak / 1024).arg(r.maxRssKiB)));
    }

    void budgetTooSmallForOneBand()
    {
        const QString wa = file("wide-a.png"), wb = file("wide-b.png");
        QVERIFY(writePair(60000, 4, wa, wb));
        const Run r = runCli({"compare", wa, wb, "--memory-budget", "1M", "--diff-image", file("wide-diff.png")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("difflens-cli: error: not enough memory") && r.err.contains("--memory-budget "),
                 r.err.constData());
        QVERIFY(!QFile::exists(file("wide-diff.png")));
    }

    // A format read whole (WebP) is refused before it is decoded when its frame does not fit
    // the budget, and compared within it when it does.
    void wholeFrameFormatWithinBudget()
    {
        const int w = 2000, h = 2000;
        std::vector<uint8_t> rgba(size_t(w) * h * 4, 200);
        const QString a = file("a.webp"), b = file("b.webp");
        for (const QString &path : {a, b}) {
            uint8_t *out = nullptr;
            const size_t n = WebPEncodeLosslessRGBA(rgba.data(), w, h, w * 4, &out);
            QVERIFY(n > 0);
            QVERIFY(testimg::writeBytes(path, QByteArray(reinterpret_cast<const char *>(out), int(n))));
            WebPFree(out);
            rgba[4 * 1000] = 0; // B differs in one pixel
        }
        const Run refused = runCli({"compare", a, b, "--memory-budget", "8M"});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("is decoded whole (16 MiB)") && refused.err.contains("--memory-budget"),
                 refused.err.constData());
        const Run fits = runCli({"compare", a, b, "--memory-budget", "48M", "-q"});
        QVERIFY2(fits.exitCode == 1, fits.err.constData());
        SKIP_RSS_UNDER_SANITIZERS();
        QVERIFY2(fits.maxRssKiB <= (48 + 48) * 1024, qPrintable(QString::number(fits.maxRssKiB)));
    }

    void progressForced()
    {
        const Run r = runCli({"compare", m_a, m_b, "--progress", "-q"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("difflens-cli: rows 523/523 (100%)"), r.err.constData());
        QVERIFY(r.err.contains("MP/s"));
        const Run quiet = runCli({"compare", m_a, m_b, "-q"});
        QCOMPARE(quiet.err, QByteArray()); // short runs show nothing unless forced
    }

    void interruptStopsWithinABand()
    {
        const QString diff = file("interrupted.png");
        QElapsedTimer t;
        t.start();
        const Run r = runCli({"compare", m_bigA, m_bigB, "--memory-budget", "8M", "--metrics", "pixel,ssim",
                              "--diff-image", diff, "--json", file("interrupted.json")},
                             700);
        if (r.exitCode == 1)
            QSKIP("the comparison finished before the interrupt arrived");
        QVERIFY(!r.signaled);
        QCOMPARE(r.exitCode, 130);
        QVERIFY2(r.err.contains("canceled"), r.err.constData());
        QVERIFY(!QFile::exists(diff));
        QVERIFY(!QFile::exists(file("interrupted.json")));
        const QStringList leftovers = QDir(m_dir.path()).entryList({".interrupted*"}, QDir::Hidden | QDir::Files);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(' ')));
    }

    void truncatedMidStream()
    {
        QFile in(m_bigB);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray bytes = in.readAll();
        const QString cut = file("cut.png");
        QVERIFY(testimg::writeBytes(cut, bytes.left(bytes.size() / 2)));
        const Run r = runCli({"compare", m_bigA, cut, "--diff-image", file("cut-diff.png")});
        QCOMPARE(r.exitCode, 2);
        // Progress lines may come first (stderr is not a terminal); the error is one line, last.
        const QList<QByteArray> lines = r.err.trimmed().split('\n');
        const QByteArray last = lines.last();
        QVERIFY2(last.startsWith(("difflens-cli: error: " + cut + ": truncated or corrupt PNG data at row ").toLocal8Bit()),
                 r.err.constData());
        for (const QByteArray &line : lines.mid(0, lines.size() - 1))
            QVERIFY2(line.startsWith("difflens-cli: rows "), line.constData());
        QVERIFY(!QFile::exists(file("cut-diff.png")));
    }
};

QTEST_GUILESS_MAIN(TestCliStream)
#include "tst_cli_stream.moc"
