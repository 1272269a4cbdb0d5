// Out of memory through the whole compare path (compareFiles): at every engine stage (the
// JobOptions::faultInjector hook) and for real in a child process with a capped address
// space. Always a clear error or a recovered, correct result; inputs never change and no
// diff image is left behind by a failed job.
#include "hardening_util.h"

#include "difflens/compare/compare.h"
#include "difflens/imaging/encode.h"

#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <random>

using namespace difflens;
using namespace hardening;

namespace {

// Noisy screen-like image; `changes` adds a few differing blocks.
Image makeImage(int w, int h, bool changes)
{
    Image img(w, h, 4, 8);
    std::mt19937 rng(11);
    for (int y = 0; y < h; ++y) {
        uint8_t *row = img.row(y);
        for (int x = 0; x < w; ++x) {
            const bool block = changes && ((x / 37) % 5 == 1) && ((y / 23) % 4 == 2);
            const uint8_t v = uint8_t(block ? 20 : 180 + rng() % 40);
            row[4 * x] = v;
            row[4 * x + 1] = uint8_t(v / 2 + x % 64);
            row[4 * x + 2] = uint8_t(255 - v);
            row[4 * x + 3] = 255;
        }
    }
    return img;
}

const char *const kStages[] = {"plan", "upload", "pixelmatch", "ssim", "stats", "regions", "download", "diff"};

} // namespace

class TestFaultInjection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void oomAlwaysFailsClearly_data();
    void oomAlwaysFailsClearly();
    void oomOnceRecovers_data() { oomAlwaysFailsClearly_data(); }
    void oomOnceRecovers();
    void streamedBandFaultFailsClearly();
    void realOomInChildProcess_data();
    void realOomInChildProcess();
    void reportUnderCaps();

private:
    CompareOptions options() const;
    QTemporaryDir m_tmp;
    QString m_a, m_b;
    QByteArray m_hashA, m_hashB;
    CompareResult m_reference;
};

CompareOptions TestFaultInjection::options() const
{
    CompareOptions o;
    o.job.device = Device::Cpu;
    o.job.computeSsim = true;
    o.job.threads = 2;
    o.wholeFrame = true; // the planner's step-down; the streamed route's faults are tested below
    return o;
}

void TestFaultInjection::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_a = m_tmp.filePath(QStringLiteral("a.png"));
    m_b = m_tmp.filePath(QStringLiteral("b.png"));
    std::string err;
    QVERIFY2(writePng(m_a.toStdString(), makeImage(640, 400, false).view(), err), err.c_str());
    QVERIFY2(writePng(m_b.toStdString(), makeImage(640, 400, true).view(), err), err.c_str());
    m_hashA = fileHash(m_a);
    m_hashB = fileHash(m_b);
    m_reference = compareFiles(m_a.toStdString(), m_b.toStdString(), options());
    QVERIFY2(m_reference.ok, m_reference.errorMessage().c_str());
    QVERIFY(m_reference.job.counts.mismatched > 0);
}

void TestFaultInjection::oomAlwaysFailsClearly_data()
{
    QTest::addColumn<QString>("stage");
    for (const char *s : kStages)
        QTest::newRow(s) << QString::fromLatin1(s);
}

// Out of memory at `stage` on every attempt: the job gives up with a reason, writes no diff
// image, and the inputs are untouched.
void TestFaultInjection::oomAlwaysFailsClearly()
{
    QFETCH(QString, stage);
    const std::string target = stage.toStdString();
    auto hits = std::make_shared<int>(0);
    CompareOptions o = options();
    o.diffImagePath = m_tmp.filePath(QStringLiteral("diff-always-%1.png").arg(stage)).toStdString();
    o.job.faultInjector = [target, hits](const std::string &s, Tier, Device) {
        if (s != target)
            return false;
        ++*hits;
        return true;
    };
    const CompareResult r = compareFiles(m_a.toStdString(), m_b.toStdString(), o);
    if (*hits == 0)
        QSKIP("the CPU pipeline has no such stage for this pair");
    QVERIFY(!r.ok);
    QVERIFY2(r.errorReason.find("out of memory") != std::string::npos, r.errorMessage().c_str());
    QVERIFY(r.errorReason.find('\n') == std::string::npos);
    QVERIFY(!QFile::exists(QString::fromStdString(o.diffImagePath)));
    QCOMPARE(fileHash(m_a), m_hashA);
    QCOMPARE(fileHash(m_b), m_hashB);
}

// Out of memory once at `stage`: the engine retries with a smaller plan and the result is
// the same as without the fault.
void TestFaultInjection::oomOnceRecovers()
{
    QFETCH(QString, stage);
    const std::string target = stage.toStdString();
    auto hits = std::make_shared<int>(0);
    CompareOptions o = options();
    o.diffImagePath = m_tmp.filePath(QStringLiteral("diff-once-%1.png").arg(stage)).toStdString();
    o.job.faultInjector = [target, hits](const std::string &s, Tier, Device) {
        if (s != target || *hits > 0)
            return false;
        ++*hits;
        return true;
    };
    const CompareResult r = compareFiles(m_a.toStdString(), m_b.toStdString(), o);
    if (*hits == 0)
        QSKIP("the CPU pipeline has no such stage for this pair");
    QVERIFY2(r.ok, r.errorMessage().c_str());
    QCOMPARE(r.job.plan.retries, 1);
    QCOMPARE(r.job.counts.mismatched, m_reference.job.counts.mismatched);
    QCOMPARE(r.job.counts.antiAliased, m_reference.job.counts.antiAliased);
    QCOMPARE(r.exactDiffering, m_reference.exactDiffering);
    QCOMPARE(r.job.regions.size(), m_reference.job.regions.size());
    QVERIFY(QFile::exists(QString::fromStdString(o.diffImagePath)));
    QCOMPARE(fileHash(m_a), m_hashA);
    QCOMPARE(fileHash(m_b), m_hashB);
}

// Out of memory in a band of the streamed route: a clear error, no diff image, inputs kept.
void TestFaultInjection::streamedBandFaultFailsClearly()
{
    auto hits = std::make_shared<int>(0);
    CompareOptions o = options();
    o.wholeFrame = false;
    o.bandHeight = 32;
    o.diffImagePath = m_tmp.filePath(QStringLiteral("diff-band.png")).toStdString();
    o.job.faultInjector = [hits](const std::string &s, Tier, Device) {
        if (s != "band")
            return false;
        return ++*hits == 3;
    };
    const CompareResult r = compareFiles(m_a.toStdString(), m_b.toStdString(), o);
    QCOMPARE(*hits, 3);
    QVERIFY(!r.ok);
    QVERIFY2(r.errorReason.find("out of memory") != std::string::npos, r.errorMessage().c_str());
    QVERIFY(!QFile::exists(QString::fromStdString(o.diffImagePath)));
    QCOMPARE(fileHash(m_a), m_hashA);
    QCOMPARE(fileHash(m_b), m_hashB);
}

void TestFaultInjection::realOomInChildProcess_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<QStringList>("extra");
    // Whole frame: 256 MB of RGBA per image. Streamed: a band of a 4-megapixel-wide image
    // needs more than the cap even at one row plus halos (16 MB a row per image).
    QTest::newRow("whole frame 8000x8000") << 8000 << 8000 << QStringList{QStringLiteral("--tier"), QStringLiteral("high")};
    QTest::newRow("streamed 4000000x3") << 4000000 << 3 << QStringList{};
}

// A real allocation failure: difflens-cli under an address-space cap just large enough for
// a 1x1 compare, given a pair that needs far more (a few KB on disk).
void TestFaultInjection::realOomInChildProcess()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(QStringList, extra);
#if defined(__SANITIZE_ADDRESS__) || (defined(__has_feature) && __has_feature(address_sanitizer))
    QSKIP("AddressSanitizer reserves terabytes of address space; RLIMIT_AS cannot be used");
#endif
    const QString small = m_tmp.filePath(QStringLiteral("small.png"));
    const QString bigA = m_tmp.filePath(QStringLiteral("big-a.png")), bigB = m_tmp.filePath(QStringLiteral("big-b.png"));
    std::string err;
    Image tiny(1, 1, 4, 8);
    QVERIFY(writePng(small.toStdString(), tiny.view(), err));
    Image big(width, height, 4, 8);
    QVERIFY(writePng(bigA.toStdString(), big.view(), err));
    QVERIFY(copyFile(bigA, bigB));
    const QByteArray before = fileHash(bigA);

    // Smallest cap (in 32 MB steps) under which a 1x1 compare still succeeds.
    rlim_t cap = 0;
    for (rlim_t mb = 64; mb <= 16384; mb += (mb < 2048 ? 32 : 512)) {
        const rlim_t bytes = mb << 20;
        const CliRun r = runCli({QStringLiteral("compare"), small, small, QStringLiteral("-q")}, [bytes]() {
            struct rlimit lim {bytes, bytes};
            ::setrlimit(RLIMIT_AS, &lim);
        });
        if (r.started && !r.crashed && r.exitCode == 0) {
            cap = bytes + (rlim_t(64) << 20);
            break;
        }
    }
    if (cap == 0)
        QSKIP("difflens-cli does not start under any address-space cap up to 16 GB");
    const CliRun r = runCli(QStringList{QStringLiteral("compare"), bigA, bigB, QStringLiteral("-q")} + extra, [cap]() {
        struct rlimit lim {cap, cap};
        ::setrlimit(RLIMIT_AS, &lim);
    });
    QVERIFY2(r.started && !r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.errLines(), 1);
    const QByteArray line = r.errLine();
    QVERIFY2(line.startsWith("difflens-cli: error: ") &&
                 (line.contains("not enough memory") || line.contains("out of memory")),
             line.constData());
    QCOMPARE(fileHash(bigA), before);
}

// `compare --pdf` of a 6000x6000 pair under address-space caps from what a 1x1 compare with
// a report needs up to 128 MiB more, in 4 MiB steps: the report is written (exit 1) or the
// run says what did not fit (exit 2, one error line, no partial file); never a signal.
// (Qt's PDF engine throws qBadAlloc; by hand, a python-written pair of this size under
// 176-192 MiB had it escape from PdfCanvas's destructor and end the process. This sweep's
// pair has not hit that exact point in the runs seen, so it guards the whole range rather
// than that one failure.)
void TestFaultInjection::reportUnderCaps()
{
#if defined(__SANITIZE_ADDRESS__) || (defined(__has_feature) && __has_feature(address_sanitizer))
    QSKIP("AddressSanitizer reserves terabytes of address space; RLIMIT_AS cannot be used");
#endif
    const QString small = m_tmp.filePath(QStringLiteral("report-small.png"));
    const QString a = m_tmp.filePath(QStringLiteral("report-a.png")), b = m_tmp.filePath(QStringLiteral("report-b.png"));
    std::string err;
    QVERIFY(writePng(small.toStdString(), Image(1, 1, 4, 8).view(), err));
    for (const bool changes : {false, true}) {
        Image img(6000, 6000, 4, 8);
        for (int y = 0; y < img.height(); ++y) {
            uint8_t *row = img.row(y);
            for (int x = 0; x < img.width(); ++x) {
                const bool block = changes && (x / 300) % 7 == 3 && (y / 200) % 5 == 2;
                row[4 * x] = block ? 20 : 240;
                row[4 * x + 1] = block ? 200 : uint8_t(200 + (y / 64) % 4 * 10);
                row[4 * x + 2] = block ? 40 : 245;
                row[4 * x + 3] = 255;
            }
        }
        QVERIFY2(writePng((changes ? b : a).toStdString(), img.view(), err), err.c_str());
    }
    const auto capped = [](rlim_t bytes) {
        return [bytes]() {
            struct rlimit lim {bytes, bytes};
            ::setrlimit(RLIMIT_AS, &lim);
        };
    };
    const QString pdf = m_tmp.filePath(QStringLiteral("capped.pdf"));
    rlim_t start = 0;
    for (rlim_t mb = 64; mb <= 4096 && start == 0; mb += 16) {
        const CliRun r = runCli({QStringLiteral("compare"), small, small, QStringLiteral("-q"), QStringLiteral("--pdf"), pdf},
                                capped(mb << 20));
        if (r.started && !r.crashed && r.exitCode == 0)
            start = mb;
    }
    if (start == 0)
        QSKIP("difflens-cli --pdf does not start under any address-space cap up to 4 GB");
    int written = 0, refused = 0;
    for (rlim_t mb = start; mb <= start + 128; mb += 4) {
        QFile::remove(pdf);
        const CliRun r = runCli({QStringLiteral("compare"), a, b, QStringLiteral("-q"), QStringLiteral("--pdf"), pdf},
                                capped(mb << 20));
        const QByteArray what = QByteArray::number(qulonglong(mb)) + " MiB: exit " + QByteArray::number(r.exitCode) +
                                (r.crashed ? " (signal)" : "") + " " + r.err.right(300);
        QVERIFY2(r.started && !r.crashed, what.constData());
        if (r.exitCode == 1) {
            QVERIFY2(QFileInfo(pdf).size() > 0, what.constData());
            ++written;
        } else {
            QCOMPARE(r.exitCode, 2);
            const QByteArray line = r.err.trimmed().split('\n').last();
            QVERIFY2(line.startsWith("difflens-cli: error: ") &&
                         (line.contains("not enough memory") || line.contains("out of memory")),
                     what.constData());
            QVERIFY2(!QFile::exists(pdf), what.constData()); // no partial report
            ++refused;
        }
    }
    qInfo("a 1x1 report needs %llu MiB; from there, 6000x6000: %d written, %d refused", qulonglong(start), written, refused);
    QVERIFY(written > 0); // the caps reach what the report needs
}

QTEST_GUILESS_MAIN(TestFaultInjection)
#include "tst_fault_injection.moc"
