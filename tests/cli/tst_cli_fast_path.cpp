// difflens-cli's fast path: a plain compare loads no Qt, no OpenCV and no BLAS, and a PNG
// compare not libtiff, libjpeg or libwebp either; TIFF, JPEG and WebP files load
// libdifflens_codecs.so on first use; folders, sidecars and reports go to
// libdifflens_cli_full.so; a library that cannot be loaded gives one error line and exit
// code 2.
#include "../compare/test_images.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <webp/encode.h>

#include <cstdint>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

// With LD_DEBUG=files the loader lists every library it loads on stderr.
Run runCli(const QStringList &args, const QString &fullLibrary = {}, const QString &codecs = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
    if (!fullLibrary.isEmpty())
        env.insert(QStringLiteral("DIFFLENS_CLI_FULL"), fullLibrary);
    if (!codecs.isEmpty())
        env.insert(QStringLiteral("DIFFLENS_CODECS"), codecs);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(DIFFLENS_CLI_PATH), args);
    Run r;
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QByteArray heavyLibraryIn(const QByteArray &loaderLog)
{
    for (const char *name : {"libQt6", "opencv", "blas", "lapack", "gfortran", "libtbb", "difflens_cli_full"})
        if (loaderLog.contains(name))
            return name;
    return {};
}

// The TIFF, JPEG and WebP libraries and the module that holds their codecs.
QByteArray codecLibraryIn(const QByteArray &loaderLog)
{
    for (const char *name : {"libtiff", "libjpeg", "libwebp", "libLerc", "libzstd", "libjbig", "difflens_codecs"})
        if (loaderLog.contains(name))
            return name;
    return {};
}

void put16(QByteArray &b, int v)
{
    b.append(char(v & 0xff)).append(char((v >> 8) & 0xff));
}

void put32(QByteArray &b, quint32 v)
{
    put16(b, int(v & 0xffff));
    put16(b, int(v >> 16));
}

// A baseline TIFF (little-endian, uncompressed 8-bit RGB, one strip) of img.
QByteArray tiffOf(const QImage &img)
{
    const QImage rgb = img.convertToFormat(QImage::Format_RGB888);
    const int w = rgb.width(), h = rgb.height();
    const int entries = 10;
    const quint32 bitsAt = 8 + 2 + entries * 12 + 4, pixelsAt = bitsAt + 6;
    QByteArray b("II*\0", 4);
    put32(b, 8);
    put16(b, entries);
    auto entry = [&b](int tag, int type, quint32 count, quint32 value) {
        put16(b, tag);
        put16(b, type);
        put32(b, count);
        put32(b, value); // SHORT values sit in the low half (little-endian)
    };
    entry(256, 4, 1, quint32(w));            // ImageWidth
    entry(257, 4, 1, quint32(h));            // ImageLength
    entry(258, 3, 3, bitsAt);                // BitsPerSample 8,8,8
    entry(259, 3, 1, 1);                     // no compression
    entry(262, 3, 1, 2);                     // RGB
    entry(273, 4, 1, pixelsAt);              // StripOffsets
    entry(277, 3, 1, 3);                     // SamplesPerPixel
    entry(278, 4, 1, quint32(h));            // RowsPerStrip
    entry(279, 4, 1, quint32(w * h * 3));    // StripByteCounts
    entry(284, 3, 1, 1);                     // contiguous samples
    put32(b, 0);                             // no next IFD
    for (int i = 0; i < 3; ++i)
        put16(b, 8);
    for (int y = 0; y < h; ++y)
        b.append(reinterpret_cast<const char *>(rgb.constScanLine(y)), w * 3);
    return b;
}

// "mismatched" of a --json report (-1 when absent).
int mismatchedIn(const QString &jsonPath)
{
    QFile f(jsonPath);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = f.readAll();
    const qsizetype at = text.indexOf("\"mismatched\": ");
    return at < 0 ? -1 : text.mid(at + 14, 12).split(',').first().trimmed().toInt();
}

QByteArray webpOf(const QImage &img)
{
    const QImage rgba = img.convertToFormat(QImage::Format_RGBA8888);
    uint8_t *out = nullptr;
    const size_t n = WebPEncodeLosslessRGBA(rgba.constBits(), rgba.width(), rgba.height(), int(rgba.bytesPerLine()), &out);
    const QByteArray bytes(reinterpret_cast<const char *>(out), qsizetype(n));
    WebPFree(out);
    return bytes;
}

bool loadedFull(const QByteArray &loaderLog)
{
    return loaderLog.contains("libdifflens_cli_full.so") && loaderLog.contains("libQt6Core");
}

} // namespace

class TestCliFastPath : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir(m_dir.path()).mkpath("pair"));
        m_a = m_dir.filePath("pair/a.png");
        m_b = m_dir.filePath("pair/b.png");
        const QImage a = testimg::screen(64, 48);
        QVERIFY(testimg::save(a, m_a));
        const QImage b = testimg::withBlock(a, QRect(2, 2, 5, 4), Qt::red);
        QVERIFY(testimg::save(b, m_b));
        QVERIFY(a.save(m_dir.filePath("a.jpg"), "JPEG", 95) && b.save(m_dir.filePath("b.jpg"), "JPEG", 95));
        QVERIFY(testimg::writeBytes(m_dir.filePath("a.tif"), tiffOf(a)));
        QVERIFY(testimg::writeBytes(m_dir.filePath("b.tif"), tiffOf(b)));
        QVERIFY(testimg::writeBytes(m_dir.filePath("a.webp"), webpOf(a)));
        QVERIFY(testimg::writeBytes(m_dir.filePath("b.webp"), webpOf(b)));
    }

    void plainCommandsLoadNoQt_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addRow("version") << QStringList{"--version"} << 0;
        QTest::addRow("help") << QStringList{"--help"} << 0;
        QTest::addRow("compare help") << QStringList{"compare", "--help"} << 0;
        QTest::addRow("bad option") << QStringList{"compare", "x.png", "y.png", "--threshold", "2"} << 2;
        QTest::addRow("compare") << QStringList{"compare", "A", "B"} << 1;
        QTest::addRow("compare, json, diff") << QStringList{"compare", "A", "B", "--json", "J", "--diff-image", "D"}
                                             << 1;
        QTest::addRow("compare, no sidecar") << QStringList{"compare", "A", "A", "--no-sidecar", "-q"} << 0;
        QTest::addRow("missing file") << QStringList{"compare", "A", "missing.png"} << 2;
    }

    void plainCommandsLoadNoQt()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        for (QString &a : args) {
            if (a == "A")
                a = m_a;
            else if (a == "B")
                a = m_b;
            else if (a == "J" || a == "D")
                a = m_dir.filePath(a == "J" ? "r.json" : "d.png");
        }
        const Run r = runCli(args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(heavyLibraryIn(r.err).isEmpty(), heavyLibraryIn(r.err).constData());
        if (args.contains("--json")) {
            QFile json(m_dir.filePath("r.json"));
            QVERIFY(json.open(QIODevice::ReadOnly));
            const QByteArray text = json.readAll();
            QVERIFY(text.contains("\"mismatched\": ") && !text.contains("\"mismatched\": 0,"));
            QVERIFY(QFile::exists(m_dir.filePath("d.png")));
        }
#ifdef DIFFLENS_CODECS_LINKED
        QSKIP("this build links the TIFF/JPEG/WebP codecs in (a sanitizer or fuzz build): no codec-library check");
#endif
        QVERIFY2(codecLibraryIn(r.err).isEmpty(), codecLibraryIn(r.err).constData());
    }

    // TIFF, JPEG and WebP pairs load the codec module (and its libraries), nothing heavier,
    // and are compared: the same pixels in both formats that keep them (TIFF, lossless WebP).
    void otherFormatsLoadTheCodecs_data()
    {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<QByteArray>("library");
        QTest::addRow("tiff") << "tif" << QByteArray("libtiff");
        QTest::addRow("jpeg") << "jpg" << QByteArray("libjpeg");
        QTest::addRow("webp") << "webp" << QByteArray("libwebp");
    }

    void otherFormatsLoadTheCodecs()
    {
        QFETCH(QString, ext);
        QFETCH(QByteArray, library);
        const QString json = m_dir.filePath("codecs-" + ext + ".json");
        const Run r = runCli({"compare", m_dir.filePath("a." + ext), m_dir.filePath("b." + ext), "--json", json, "-q"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(heavyLibraryIn(r.err).isEmpty(), heavyLibraryIn(r.err).constData());
#ifndef DIFFLENS_CODECS_LINKED // else linked in: no module to load (a sanitizer or fuzz build)
        QVERIFY(r.err.contains("libdifflens_codecs.so"));
#endif
        QVERIFY(r.err.contains(library));
        const int mismatched = mismatchedIn(json);
        QVERIFY(mismatched > 0);
        if (ext != "jpg") { // lossless: the PNG pair's pixels
            const QString pngJson = m_dir.filePath("codecs-png.json");
            QCOMPARE(runCli({"compare", m_a, m_b, "--json", pngJson, "-q"}).exitCode, 1);
            QCOMPARE(mismatched, mismatchedIn(pngJson));
        }
    }

    // A codec module that cannot be loaded: one error line naming it, exit code 2; PNG
    // pairs do not need it.
    void unloadableCodecsAreOneError()
    {
#ifdef DIFFLENS_CODECS_LINKED
        QSKIP("this build links the TIFF/JPEG/WebP codecs in (a sanitizer or fuzz build): no module to fail");
#endif
        const QString bad = m_dir.filePath("libnotcodecs.so");
        QVERIFY(testimg::writeBytes(bad, "not a library"));
        Run r = runCli({"compare", m_dir.filePath("a.tif"), m_dir.filePath("b.tif")}, {}, bad);
        QCOMPARE(r.exitCode, 2);
        const QByteArray line = "cannot load the TIFF, JPEG and WebP codecs (" + QFile::encodeName(bad) + "): ";
        QVERIFY2(r.err.contains(line), r.err.right(400).constData());
        r = runCli({"compare", m_a, m_b, "-q"}, {}, bad);
        QCOMPARE(r.exitCode, 1);
    }

    void sidecarFoldersAndReportsLoadTheFullLibrary()
    {
        const QString sidecar = m_b + ".difflens.json";
        QVERIFY(testimg::writeBytes(sidecar, R"({"ignore": [{"x": 0, "y": 0, "width": 16, "height": 16}]})"));
        Run r = runCli({"compare", m_a, m_b});
        QFile::remove(sidecar);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(loadedFull(r.err));
        QVERIFY(r.out.contains("(sidecar "));

        r = runCli({"compare", m_dir.filePath("pair"), m_dir.filePath("pair"), "-q", "--no-progress"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(loadedFull(r.err));

        r = runCli({"report", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(loadedFull(r.err));
        QVERIFY(r.out.startsWith("Usage: difflens-cli report"));
    }

    void unloadableLibraryIsOneError()
    {
        const QString bad = m_dir.filePath("libbroken.so");
        QVERIFY(testimg::writeBytes(bad, "not a library"));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DIFFLENS_CLI_FULL"), bad);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(DIFFLENS_CLI_PATH), {"merge"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.startsWith("difflens-cli: error: cannot load " + QFile::encodeName(bad) + ": "), err.constData());
        QCOMPARE(err.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestCliFastPath)
#include "tst_cli_fast_path.moc"
