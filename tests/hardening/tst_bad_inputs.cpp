// Bad inputs through difflens-cli (tests/data/bad, plus cases made at test time): every one
// ends with exit 2 and one line "difflens-cli: error: <file>: <reason>", or with exit 0
// where the input is valid; nothing crashes and peak memory stays bounded.
#include "hardening_util.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <unistd.h>

using namespace hardening;

namespace {

QString badFile(const QString &name)
{
    return QStringLiteral(DIFFLENS_TEST_DATA_DIR "/bad/") + name;
}

QByteArray expectedLine(const QByteArray &file, const QByteArray &reason)
{
    return "difflens-cli: error: " + file + ": " + reason;
}

void verifyNoCrash(const CliRun &r)
{
    QVERIFY2(r.started, "difflens-cli did not start");
    QVERIFY2(!r.crashed, r.err.constData());
    QVERIFY2(!r.err.contains("Sanitizer"), r.err.constData());
}

void verifyMemory(const CliRun &r, qint64 limitKb)
{
    if (r.peakRssKb < 0)
        return; // /usr/bin/time (Debian package "time") not installed: not measured
    QVERIFY2(r.peakRssKb < limitKb,
             qPrintable(QStringLiteral("peak RSS %1 KB over %2 KB").arg(r.peakRssKb).arg(limitKb)));
}

void verifyError(const CliRun &r, const QString &file, const QByteArray &reason)
{
    verifyNoCrash(r);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.errLines(), 1);
    const QByteArray expected = expectedLine(QFile::encodeName(file), reason);
    QVERIFY2(r.errLine().startsWith(expected), qPrintable(QString::fromUtf8(r.errLine() + "\n  expected: " + expected)));
}

} // namespace

class TestBadInputs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void corpus_data() { addRows(false); }
    void corpus();
    void badFileAsA_data() { addRows(true); }
    void badFileAsA();
    void nonUtf8Name();
    void folderInsteadOfFile();
    void missingFile();
    void unreadableFile();

private:
    static void addRows(bool errorsOnly);
    QTemporaryDir m_tmp;
};

void TestBadInputs::initTestCase()
{
    QVERIFY(QFile::exists(QStringLiteral(DIFFLENS_CLI_PATH)));
    QVERIFY(QFile::exists(badFile(QStringLiteral("1x1.png"))));
    QVERIFY(m_tmp.isValid());
    if (timeTool().isEmpty())
        qWarning("/usr/bin/time not found (Debian package 'time'): peak memory is not checked");
}

// file, expected exit code when compared with itself, reason (for exit 2), memory limit
void TestBadInputs::addRows(bool errorsOnly)
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<qint64>("rssLimitKb");
    QTest::newRow("truncated png") << "truncated.png" << 2 << QByteArray("truncated or corrupt PNG data") << kMaxRssKb;
    QTest::newRow("truncated jpeg") << "truncated.jpg" << 2 << QByteArray("truncated or corrupt JPEG data") << kMaxRssKb;
    QTest::newRow("empty") << "empty.png" << 2 << QByteArray("file is empty") << kMaxRssKb;
    QTest::newRow("random bytes") << "random.png" << 2 << QByteArray("not a supported image (unknown format)")
                                  << kMaxRssKb;
    // The extension is never trusted: the format comes from the content.
    if (!errorsOnly)
        QTest::newRow("jpeg named .png") << "jpeg-named.png" << 0 << QByteArray() << kMaxRssKb;
    QTest::newRow("bomb 100000x100000")
        << "bomb-100000x100000.png" << 2
        << QByteArray("image is 100000x100000 (10000000000 pixels), over the limit of 4294967296 pixels") << kMaxRssKb;
    QTest::newRow("animated gif") << "animated.gif" << 2 << QByteArray("animated GIF is not supported") << kMaxRssKb;
    if (errorsOnly)
        return;
    QTest::newRow("cmyk jpeg") << "cmyk.jpg" << 0 << QByteArray() << kMaxRssKb;
    QTest::newRow("1x1") << "1x1.png" << 0 << QByteArray() << kMaxRssKb;
    QTest::newRow("65535x1") << "65535x1.png" << 0 << QByteArray() << kMaxRssKb;
}

// The file as B against itself as A (valid inputs) or against a good A (bad inputs).
void TestBadInputs::corpus()
{
    QFETCH(QString, file);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, reason);
    QFETCH(qint64, rssLimitKb);
    const QString path = badFile(file);
    const QByteArray before = fileHash(path);
    const QString other = exitCode == 2 ? badFile(QStringLiteral("1x1.png")) : path;
    const CliRun r = runCli({QStringLiteral("compare"), other, path, QStringLiteral("-q")});
    if (exitCode == 2) {
        verifyError(r, path, reason);
    } else {
        verifyNoCrash(r);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QCOMPARE(r.exitCode, exitCode);
    }
    verifyMemory(r, rssLimitKb);
    QCOMPARE(fileHash(path), before);
}

void TestBadInputs::badFileAsA()
{
    QFETCH(QString, file);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, reason);
    QCOMPARE(exitCode, 2);
    const QString path = badFile(file);
    const CliRun r = runCli({QStringLiteral("compare"), path, badFile(QStringLiteral("1x1.png")), QStringLiteral("-q")});
    verifyError(r, path, reason);
}

// A file name that is not valid UTF-8 (made here: git may mangle such names). The name goes
// through /bin/sh so the raw bytes reach difflens-cli unchanged; the message repeats them.
void TestBadInputs::nonUtf8Name()
{
    const QByteArray dir = QFile::encodeName(m_tmp.path());
    const QByteArray good = dir + "/good-\xff\xfe.png", bad = dir + "/bad-\xc3\x28.png";
    // QTemporaryDir cannot remove names that are not valid UTF-8: they are unlinked here.
    struct Unlink {
        QByteArray a, b;
        ~Unlink() { ::unlink(a.constData()), ::unlink(b.constData()); }
    } guard{good, bad};
    QFile src(badFile(QStringLiteral("1x1.png"))), trunc(badFile(QStringLiteral("truncated.png")));
    QVERIFY(src.open(QIODevice::ReadOnly) && trunc.open(QIODevice::ReadOnly));
    for (const auto &[name, bytes] : {std::pair{good, src.readAll()}, std::pair{bad, trunc.readAll()}}) {
        const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        QVERIFY(fd >= 0);
        QCOMPARE(::write(fd, bytes.constData(), size_t(bytes.size())), ssize_t(bytes.size()));
        ::close(fd);
    }
    // $0 is difflens-cli; the names are produced by printf from octal escapes.
    const QString goodArg = QStringLiteral("\"$(printf 'good-\\377\\376.png')\"");
    const QString badArg = QStringLiteral("\"$(printf 'bad-\\303(.png')\"");
    const QString cd = QStringLiteral("exec \"$0\" compare");

    CliRun r = runCli({cd, goodArg, goodArg, QStringLiteral("-q")}, {}, true, m_tmp.path());
    verifyNoCrash(r);
    QCOMPARE(r.exitCode, 0);

    r = runCli({cd, goodArg, badArg, QStringLiteral("-q")}, {}, true, m_tmp.path());
    verifyNoCrash(r);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.errLines(), 1);
    QCOMPARE(r.errLine(), expectedLine("bad-\xc3\x28.png", "truncated or corrupt PNG data"));
}

void TestBadInputs::folderInsteadOfFile()
{
    const QString dir = m_tmp.filePath(QStringLiteral("a-folder.png"));
    QVERIFY(QDir().mkpath(dir));
    const CliRun r = runCli({QStringLiteral("compare"), badFile(QStringLiteral("1x1.png")), dir});
    verifyError(r, dir, "is a directory, not a file");
}

void TestBadInputs::missingFile()
{
    const QString path = m_tmp.filePath(QStringLiteral("does-not-exist.png"));
    const CliRun r = runCli({QStringLiteral("compare"), path, badFile(QStringLiteral("1x1.png"))});
    verifyError(r, path, "file not found");
}

// Permission bits do not stop root from reading, so this only runs as another user.
void TestBadInputs::unreadableFile()
{
    if (::geteuid() == 0)
        QSKIP("running as root: permission bits do not stop reads");
    const QString path = m_tmp.filePath(QStringLiteral("unreadable.png"));
    QVERIFY(copyFile(badFile(QStringLiteral("1x1.png")), path));
    QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
    const CliRun r = runCli({QStringLiteral("compare"), badFile(QStringLiteral("1x1.png")), path});
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    verifyError(r, path, "permission denied");
}

QTEST_GUILESS_MAIN(TestBadInputs)
#include "tst_bad_inputs.moc"
