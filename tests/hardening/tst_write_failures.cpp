// Writing results where it cannot succeed: a full disk and a read-only destination, for the
// diff image, the JSON result, the review session file, a baseline approval and the PDF
// report. Each ends with one clear error line (exit 2) and leaves inputs, baselines and any
// earlier output byte-identical, with no temporary file left behind.
//
// Full disk: RLIMIT_FSIZE in the child (writes past the cap fail with EFBIG, SIGXFSZ
// ignored), which needs no privileges; as root a 32 KB tmpfs gives the real ENOSPC too.
// Read-only: see ReadOnlyFolder (permission bits, else chattr +i, else a read-only bind
// mount; root ignores permission bits) and /sys, which refuses new files even to root.
#include "hardening_util.h"

#include "difflens/compare/compare.h"
#include "difflens/imaging/encode.h"
#include "difflens/report/report.h"

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <random>

using namespace difflens;
using namespace hardening;

namespace {

difflens::Image noisyImage(int w, int h, int seed)
{
    difflens::Image img(w, h, 4, 8);
    std::mt19937 rng{unsigned(seed)};
    for (size_t i = 0; i < img.byteSize(); ++i)
        img.data()[i] = (i % 4 == 3) ? 255 : uint8_t(rng());
    return img;
}

bool writeNoisy(const QString &path, int seed)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    std::string err;
    return writePng(path.toStdString(), noisyImage(320, 200, seed).view(), err);
}

} // namespace

class TestWriteFailures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void cliOutputs_data();
    void cliOutputs();
    void tmpfsFull();
    void sysDestination();
    void reportReadOnly();
    void reportFileSizeLimit();

private:
    QStringList argsFor(const QString &what) const;
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_base, m_cur, m_out, m_a, m_b;
};

void TestWriteFailures::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_base = m_tmp->filePath(QStringLiteral("baseline"));
    m_cur = m_tmp->filePath(QStringLiteral("current"));
    m_out = m_tmp->filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(m_out));
    m_a = m_base + QStringLiteral("/screen.png");
    m_b = m_cur + QStringLiteral("/screen.png");
    QVERIFY(writeNoisy(m_a, 1));
    QVERIFY(writeNoisy(m_b, 2));
}

void TestWriteFailures::cleanup()
{
    m_tmp.reset();
}

QStringList TestWriteFailures::argsFor(const QString &what) const
{
    const QString c = QStringLiteral("compare"), q = QStringLiteral("-q");
    if (what == QLatin1String("diff"))
        return {c, m_a, m_b, q, QStringLiteral("--diff-image"), m_out + QStringLiteral("/diff.png")};
    if (what == QLatin1String("json"))
        return {c, m_a, m_b, q, QStringLiteral("--json"), m_out + QStringLiteral("/result.json")};
    if (what == QLatin1String("session"))
        return {c, m_base, m_cur, q, QStringLiteral("--no-progress"), QStringLiteral("--session"),
                m_out + QStringLiteral("/review.json")};
    return {c, m_base, m_cur, q, QStringLiteral("--no-progress"), QStringLiteral("--update-baseline")};
}

void TestWriteFailures::cliOutputs_data()
{
    QTest::addColumn<QString>("what");     // diff, json, session, approval
    QTest::addColumn<QString>("failure");  // full, readonly
    QTest::addColumn<QByteArray>("names"); // text the error line must contain
    for (const char *f : {"full", "readonly"}) {
        QTest::addRow("diff image, %s", f) << "diff" << f << QByteArray("/out/diff.png: ");
        QTest::addRow("json, %s", f) << "json" << f << QByteArray("/out/result.json");
        QTest::addRow("session, %s", f) << "session" << f << QByteArray("/out/review.json");
        QTest::addRow("approval, %s", f) << "approval" << f << QByteArray("cannot update baseline screen.png: ");
    }
}

void TestWriteFailures::cliOutputs()
{
    QFETCH(QString, what);
    QFETCH(QString, failure);
    QFETCH(QByteArray, names);
    const bool approval = what == QLatin1String("approval");
    // An earlier result with the same name must survive the failed write.
    if (what == QLatin1String("diff") || what == QLatin1String("json"))
        QVERIFY(copyFile(m_a, m_out + (what == QLatin1String("diff") ? "/diff.png" : "/result.json")));
    const auto baseBefore = treeHashes(m_base), curBefore = treeHashes(m_cur), outBefore = treeHashes(m_out);

    std::unique_ptr<ReadOnlyFolder> readOnly;
    std::function<void()> modifier;
    if (failure == QLatin1String("readonly")) {
        readOnly = std::make_unique<ReadOnlyFolder>(approval ? m_base : m_out);
        if (readOnly->method().isEmpty())
            QSKIP("cannot make a folder read-only here (root without chattr or mount)");
    } else {
        // Smaller than every file the command writes (images ~250 KB, JSON > 200 bytes).
        modifier = fileSizeLimit(approval ? 16 * 1024 : 128);
    }
    const CliRun r = runCli(argsFor(what), modifier);
    readOnly.reset();

    QVERIFY2(r.started && !r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.errLines(), 1);
    QVERIFY2(r.errLine().startsWith("difflens-cli: error: ") && r.errLine().contains(names), r.errLine().constData());
    QCOMPARE(treeHashes(m_cur), curBefore);
    QCOMPARE(treeHashes(m_out), outBefore);
    const auto baseAfter = treeHashes(m_base);
    QCOMPARE(baseAfter.value(QStringLiteral("screen.png")), baseBefore.value(QStringLiteral("screen.png")));
    // A backup folder may exist; anything in it is a complete copy of the old baseline.
    for (auto it = baseAfter.begin(); it != baseAfter.end(); ++it)
        if (it.key() != QLatin1String("screen.png"))
            QCOMPARE(it.value(), baseBefore.value(QStringLiteral("screen.png")));
}

// The real "no space left" path on a 32 KB tmpfs (root with mount rights only).
void TestWriteFailures::tmpfsFull()
{
    if (::geteuid() != 0)
        QSKIP("needs root to mount a tmpfs");
    const QString mnt = m_tmp->filePath(QStringLiteral("small-disk"));
    QVERIFY(QDir().mkpath(mnt));
    if (!runTool(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                           QStringLiteral("size=32k"), QStringLiteral("tmpfs"), mnt}))
        QSKIP("mount is not permitted here");
    // B = A with one block changed: the diff image keeps A's noise (about 64 KB as PNG).
    difflens::Image changed = noisyImage(320, 200, 1);
    for (int y = 10; y < 20; ++y)
        std::fill(changed.row(y), changed.row(y) + 40, uint8_t(0));
    const QString b = m_tmp->filePath(QStringLiteral("b-block.png"));
    std::string err;
    QVERIFY(writePng(b.toStdString(), changed.view(), err));
    const QString diff = mnt + QStringLiteral("/diff.png");
    const CliRun r = runCli({QStringLiteral("compare"), m_a, b, QStringLiteral("-q"), QStringLiteral("--diff-image"), diff});
    const QStringList left = QDir(mnt).entryList(QDir::Files | QDir::Hidden);
    runTool(QStringLiteral("umount"), {mnt});
    QVERIFY2(r.started && !r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.errLine(), QByteArray("difflens-cli: error: ") + QFile::encodeName(diff) +
                              ": cannot write the output file: disk is full");
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
}

// /sys refuses new files with EACCES (or EROFS where it is mounted read-only), even to root.
void TestWriteFailures::sysDestination()
{
    if (!QFileInfo(QStringLiteral("/sys/kernel")).isDir())
        QSKIP("/sys is not mounted");
    const CliRun r = runCli({QStringLiteral("compare"), m_a, m_b, QStringLiteral("-q"), QStringLiteral("--diff-image"),
                             QStringLiteral("/sys/difflens-diff.png")});
    QVERIFY2(r.started && !r.crashed, r.err.constData());
    QCOMPARE(r.exitCode, 2);
    const QByteArray line = r.errLine();
    QVERIFY2(line == "difflens-cli: error: /sys/difflens-diff.png: cannot create the output file: folder is not "
                     "writable (permission denied)" ||
                 line == "difflens-cli: error: /sys/difflens-diff.png: cannot create the output file: folder is on "
                         "a read-only file system",
             line.constData());
}

void TestWriteFailures::reportReadOnly()
{
    CompareOptions o;
    o.keepImages = true;
    o.job.device = Device::Cpu;
    const CompareResult result = compareFiles(m_a.toStdString(), m_b.toStdString(), o);
    QVERIFY2(result.ok, result.errorMessage().c_str());
    const QString pdf = m_out + QStringLiteral("/report.pdf");
    QVERIFY(copyFile(m_a, pdf)); // an earlier file of that name
    const auto outBefore = treeHashes(m_out);
    report::ReportResult rr;
    {
        ReadOnlyFolder readOnly(m_out);
        if (readOnly.method().isEmpty())
            QSKIP("cannot make a folder read-only here (root without chattr or mount)");
        rr = report::writeSingleReport(result, o, report::ReportOptions{}, pdf.toStdString());
    }
    QVERIFY(!rr.ok);
    QVERIFY2(!rr.error.empty() && rr.error.find('\n') == std::string::npos, rr.error.c_str());
    QCOMPARE(treeHashes(m_out), outBefore);
}

// The report under a file size cap set in this process (soft limit only, restored after).
void TestWriteFailures::reportFileSizeLimit()
{
    CompareOptions o;
    o.keepImages = true;
    o.job.device = Device::Cpu;
    const CompareResult result = compareFiles(m_a.toStdString(), m_b.toStdString(), o);
    QVERIFY2(result.ok, result.errorMessage().c_str());
    const QString pdf = m_out + QStringLiteral("/report.pdf");
    const auto outBefore = treeHashes(m_out);
    struct rlimit old {};
    ::getrlimit(RLIMIT_FSIZE, &old);
    const auto oldHandler = ::signal(SIGXFSZ, SIG_IGN);
    struct rlimit capped = old;
    capped.rlim_cur = 16 * 1024;
    ::setrlimit(RLIMIT_FSIZE, &capped);
    const report::ReportResult rr = report::writeSingleReport(result, o, report::ReportOptions{}, pdf.toStdString());
    ::setrlimit(RLIMIT_FSIZE, &old);
    ::signal(SIGXFSZ, oldHandler);
    QVERIFY(!rr.ok);
    QVERIFY2(!rr.error.empty() && rr.error.find('\n') == std::string::npos, rr.error.c_str());
    QCOMPARE(treeHashes(m_out), outBefore);
}

QTEST_MAIN(TestWriteFailures)
#include "tst_write_failures.moc"
