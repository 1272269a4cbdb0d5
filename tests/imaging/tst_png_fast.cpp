// The fast PNG path (png_fast.h) against libpng (png_reader.h): every colour type, bit
// depth, filter and tRNS it takes gives libpng's exact bytes; what it must decline it
// declines; every PNG of the fixtures and test data, and damaged variants of them, either
// decode identically or are left to libpng (never a different image, never a crash).
#include "difflens/imaging/decode.h"
#include "difflens/imaging/stream.h"
#include "png_builder.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace difflens;
using namespace pngtest;

namespace {

Bytes readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray a = f.readAll();
    return Bytes(a.begin(), a.end());
}

bool isPng(const Bytes &b)
{
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    return b.size() >= 8 && std::equal(sig, sig + 8, b.begin());
}

// The tRNS chunk keyed on the first pixel of the same image without one, so some pixels
// match it.
Chunk keyFromFirstPixel(const Bytes &plain, int depth, int colorType)
{
    const Outcome o = viaLibpng(plain);
    Chunk c{"tRNS", {}};
    if (!o.ok)
        return c;
    const uint8_t *p = o.image.row(0);
    auto sampleAt = [p, depth](int ch) -> unsigned {
        if (depth == 16)
            return unsigned(p[2 * ch]) | unsigned(p[2 * ch + 1]) << 8;
        const unsigned scale = depth == 1 ? 0xff : depth == 2 ? 0x55 : depth == 4 ? 0x11 : 1;
        return p[ch] / scale;
    };
    const int n = colorType == 2 ? 3 : 1;
    for (int ch = 0; ch < n; ++ch) {
        const unsigned v = sampleAt(ch);
        c.data.push_back(uint8_t(v >> 8));
        c.data.push_back(uint8_t(v));
    }
    return c;
}

// Width x height from the IHDR (0 when there is none where it should be).
uint64_t headerPixels(const Bytes &b)
{
    if (b.size() < 24)
        return 0;
    auto be32 = [&b](size_t at) {
        return uint32_t(b[at]) << 24 | uint32_t(b[at + 1]) << 16 | uint32_t(b[at + 2]) << 8 | b[at + 3];
    };
    return uint64_t(be32(16)) * be32(20);
}

// Above this the decoders are only called through decodeImageBuffer's pixel limit.
constexpr uint64_t kDirectPixels = uint64_t(4096) * 4096;

// The invariant for any input: the fast path decodes only what libpng decodes, to the
// same bytes.
void checkAgreement(const Bytes &b, bool *fastTookIt = nullptr)
{
    const Outcome fast = viaFast(b);
    if (fastTookIt)
        *fastTookIt = fast.ok;
    if (!fast.ok)
        return;
    const Outcome ref = viaLibpng(b);
    QVERIFY2(ref.ok, "the fast path decoded a file libpng refuses");
    QVERIFY2(samePixels(fast.image, ref.image), "the fast path's pixels differ from libpng's");
}

void addFiles(const QString &dir, QStringList &out)
{
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (isPng(readAll(path)))
            out << path;
    }
}

QStringList corpusFiles()
{
    QStringList files;
    addFiles(QStringLiteral(DIFFLENS_FIXTURES_DIR), files);
    addFiles(QStringLiteral(DIFFLENS_TEST_DATA_DIR), files);
    for (const char *sub : {"fuzz/seeds", "docs", "resources"})
        addFiles(QStringLiteral(DIFFLENS_SOURCE_DIR "/") + QString::fromLatin1(sub), files);
    files.sort();
    return files;
}

} // namespace

class TestPngFast : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyLayout_data();
    void everyLayout();
    void fewValues_data();
    void fewValues();
    void declined_data();
    void declined();
    void acceptedVariants_data();
    void acceptedVariants();
    void corpus_data();
    void corpus();
    void damaged_data();
    void damaged();
};

void TestPngFast::everyLayout_data()
{
    QTest::addColumn<int>("colorType");
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("filter");
    QTest::addColumn<bool>("trns");
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("baseline");
    const std::vector<std::pair<int, std::vector<int>>> layouts = {
        {0, {1, 2, 4, 8, 16}}, {2, {8, 16}}, {3, {1, 2, 4, 8}}, {4, {8, 16}}, {6, {8, 16}}};
    for (const auto &[type, depths] : layouts)
        for (int depth : depths)
            for (int filter = -1; filter <= 4; ++filter)
                for (bool trns : {false, true}) {
                    if (trns && (type == 4 || type == 6))
                        continue;
                    // Widths leave 0-3 pixels after the 4-pixel steps of the RGB expansion.
                    for (int width : {1, 5, 6, 19, 37, 64})
                        for (bool baseline : {false, true})
                            QTest::addRow("type%d-depth%d-filter%d-trns%d-w%d-%s", type, depth, filter, int(trns),
                                          width, baseline ? "sse2" : "best")
                                << type << depth << filter << trns << width << baseline;
                }
}

void TestPngFast::everyLayout()
{
    QFETCH(int, colorType);
    QFETCH(int, depth);
    QFETCH(int, filter);
    QFETCH(bool, trns);
    QFETCH(int, width);
    QFETCH(bool, baseline);
    const pngfast::BaselineKernelsForTesting kernels(baseline);
    const uint32_t w = uint32_t(width), h = 11;
    const unsigned seed = unsigned(colorType * 1000 + depth * 10 + filter + 1) + unsigned(width);
    Bytes file = simplePng(w, h, depth, colorType, filter, seed);
    if (trns) {
        Chunk t{"tRNS", {}};
        if (colorType == 3) {
            for (int i = 0; i < std::min(100, 1 << depth) - 1; ++i)
                t.data.push_back(uint8_t(i * 41));
        } else {
            t = keyFromFirstPixel(file, depth, colorType);
            QVERIFY(!t.data.empty());
        }
        file = simplePng(w, h, depth, colorType, filter, seed, {t});
    }
    const Outcome ref = viaLibpng(file);
    QVERIFY2(ref.ok, ref.error.c_str());
    const Outcome fast = viaFast(file);
    QVERIFY2(fast.ok, "the fast path declined a plain file");
    QVERIFY(samePixels(fast.image, ref.image));
    if (trns && colorType != 3) { // the key matches the first pixel: transparent
        const int alphaByte = depth == 16 ? 6 : 3;
        QCOMPARE(int(fast.image.row(0)[alphaByte]), 0);
    }
    // Through the public decoder too.
    const DecodeResult r = decodeImageBuffer(file.data(), file.size());
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY(samePixels(r.image, ref.image));
    // And streamed: the fast rows hold only the inflated data (libpng's rows hold its
    // 112 KiB of stdio and zlib buffers).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.png"));
    QVERIFY(writeFile(path.toStdString(), file));
    int64_t working = 0;
    const Image streamed = streamAll(path.toStdString(), DecodeOptions(), &working);
    QVERIFY(samePixels(streamed, ref.image));
    QVERIFY2(working < 16 * 1024, qPrintable(QString::number(working)));
}

// Samples from a few values (0, 1, 2, 127, 128, 254, 255) make the Paeth predictor's ties
// and the Average filter's carries common; both kernels give libpng's bytes.
void TestPngFast::fewValues_data()
{
    QTest::addColumn<int>("colorType");
    QTest::addColumn<int>("filter");
    QTest::addColumn<bool>("baseline");
    for (int type : {2, 6})
        for (int filter : {1, 3, 4})
            for (bool baseline : {false, true})
                QTest::addRow("type%d-filter%d-%s", type, filter, baseline ? "sse2" : "best")
                    << type << filter << baseline;
}

void TestPngFast::fewValues()
{
    QFETCH(int, colorType);
    QFETCH(int, filter);
    QFETCH(bool, baseline);
    const pngfast::BaselineKernelsForTesting kernels(baseline);
    const uint32_t w = 61, h = 40;
    const int bpp = colorType == 2 ? 3 : 4;
    static const uint8_t values[7] = {0, 1, 2, 127, 128, 254, 255};
    Bytes raw;
    uint32_t s = uint32_t(colorType * 10 + filter);
    for (uint32_t y = 0; y < h; ++y) {
        raw.push_back(uint8_t(y % 3 == 2 ? 2 : filter)); // some Up rows between
        for (uint32_t i = 0; i < w * uint32_t(bpp); ++i) {
            s = s * 1664525u + 1013904223u;
            raw.push_back(values[(s >> 16) % 7]);
        }
    }
    const Bytes file = assemble({ihdr(w, h, 8, colorType), Chunk{"IDAT", zlibStream(raw)}, Chunk{"IEND", {}}});
    const Outcome ref = viaLibpng(file);
    QVERIFY2(ref.ok, ref.error.c_str());
    const Outcome fast = viaFast(file);
    QVERIFY(fast.ok);
    QVERIFY(samePixels(fast.image, ref.image));
}

namespace {

Bytes withChunks(std::vector<Chunk> chunks)
{
    return assemble(chunks);
}

std::vector<Chunk> plainChunks(int colorType = 2, int depth = 8, uint32_t w = 40, uint32_t h = 30)
{
    std::vector<Chunk> c{ihdr(w, h, depth, colorType)};
    if (colorType == 3)
        c.push_back(palette(16));
    c.push_back({"IDAT", zlibStream(rawRows(w, h, depth, colorType, -1, 3))});
    c.push_back({"IEND", {}});
    return c;
}

} // namespace

void TestPngFast::declined_data()
{
    QTest::addColumn<Bytes>("file");
    auto c = plainChunks();
    const Bytes raw = rawRows(40, 30, 8, 2, -1, 3);

    {
        std::vector<Chunk> i = c;
        i[0] = ihdr(40, 30, 8, 2, 1);
        // Any interlaced file is declined before its data is looked at.
        QTest::newRow("interlaced") << withChunks(i);
    }
    for (size_t k = 0; k < c.size(); ++k) {
        std::vector<Chunk> bad = c;
        bad[k].badCrc = true;
        QTest::addRow("bad-crc-%s", c[k].type.c_str()) << withChunks(bad);
    }
    {
        std::vector<Chunk> bad = c;
        bad.insert(bad.begin() + 1, Chunk{"tEXt", {'a', 0, 'b'}, true});
        QTest::newRow("bad-crc-ancillary") << withChunks(bad);
    }
    {
        std::vector<Chunk> bad = c;
        bad.insert(bad.begin() + 1, Chunk{"ZzZZ", {1, 2}});
        QTest::newRow("unknown-critical") << withChunks(bad);
    }
    {
        std::vector<Chunk> bad = c;
        bad.pop_back();
        QTest::newRow("no-IEND") << withChunks(bad);
        const Bytes full = withChunks(c);
        QTest::newRow("truncated-in-IDAT") << Bytes(full.begin(), full.begin() + long(full.size() / 2));
    }
    {
        std::vector<Chunk> bad = c;
        bad[1].data = zlibStream(raw, 9); // 512-byte window, 3.6 KB of data
        QTest::newRow("small-window") << withChunks(bad);
    }
    {
        std::vector<Chunk> bad = c;
        bad[1].data.resize(bad[1].data.size() - 2); // part of the Adler-32 missing
        QTest::newRow("no-adler") << withChunks(bad);
        bad = c;
        bad[1].data = zlibStream(Bytes(raw.begin(), raw.end() - 1));
        QTest::newRow("short-data") << withChunks(bad);
        Bytes longer = raw;
        longer.push_back(0);
        bad[1].data = zlibStream(longer);
        QTest::newRow("too-much-data") << withChunks(bad);
        Bytes badFilter = raw;
        badFilter[raw.size() / 2 / 121 * 121] = 5;
        bad[1].data = zlibStream(badFilter);
        QTest::newRow("filter-5") << withChunks(bad);
    }
    {
        std::vector<Chunk> bad = c;
        const Bytes z = bad[1].data;
        bad[1].data = Bytes(z.begin(), z.begin() + long(z.size() / 2));
        bad.insert(bad.begin() + 2, Chunk{"tEXt", {'a', 0, 'b'}});
        bad.insert(bad.begin() + 3, Chunk{"IDAT", Bytes(z.begin() + long(z.size() / 2), z.end())});
        QTest::newRow("IDAT-split-by-a-chunk") << withChunks(bad);
    }
    {
        // Found by fuzz_png (when the fast path inflated with libdeflate): one bit changed
        // in the image data (CRCs made right) gives a length code zlib refuses ("invalid
        // literal/length code") and libdeflate reads, to the very same bytes.
        const Bytes f = readAll(QStringLiteral(DIFFLENS_TEST_DATA_DIR "/imaging/png-invalid-deflate-code.png"));
        QVERIFY(!f.empty());
        QVERIFY(!viaLibpng(f).ok);
        QTest::newRow("invalid-deflate-code") << f;
    }
    {
        auto p = plainChunks(3, 8);
        std::vector<Chunk> bad = p;
        bad.erase(bad.begin() + 1);
        QTest::newRow("palette-missing") << withChunks(bad);
        bad = p;
        bad.insert(bad.begin() + 2, Chunk{"tRNS", Bytes(17, 0)}); // more than the 16 entries
        QTest::newRow("palette-trns-too-long") << withChunks(bad);
        bad = p;
        bad.insert(bad.begin() + 1, Chunk{"tRNS", Bytes(4, 0)}); // before PLTE
        QTest::newRow("palette-trns-before-PLTE") << withChunks(bad);
        bad = plainChunks(6, 8);
        bad.insert(bad.begin() + 1, Chunk{"tRNS", Bytes(6, 0)});
        QTest::newRow("trns-with-alpha") << withChunks(bad);
        bad = plainChunks(0, 4);
        bad.insert(bad.begin() + 1, Chunk{"tRNS", {0, 16}}); // above 15
        QTest::newRow("trns-out-of-range") << withChunks(bad);
        bad = plainChunks(2, 8);
        bad.insert(bad.begin() + 1, palette(8));
        QTest::newRow("suggested-palette") << withChunks(bad);
    }
}

void TestPngFast::declined()
{
    QFETCH(Bytes, file);
    bool took = true;
    checkAgreement(file, &took);
    QVERIFY2(!took, "the fast path should leave this file to libpng");
    // Whatever libpng says is what decodeImageBuffer says.
    const Outcome ref = viaLibpng(file);
    const DecodeResult r = decodeImageBuffer(file.data(), file.size());
    if (r.ok) {
        QVERIFY(ref.ok);
        QVERIFY(samePixels(r.image, ref.image));
    }
    if (!ref.ok)
        QVERIFY(!r.ok);
}

void TestPngFast::acceptedVariants_data()
{
    QTest::addColumn<Bytes>("file");
    auto c = plainChunks();
    {
        std::vector<Chunk> v = c;
        v.insert(v.begin() + 1, Chunk{"gAMA", {0, 0, 0xb1, 0x8f}});
        v.insert(v.begin() + 1, Chunk{"tEXt", {'k', 0, 'v'}});
        v.insert(v.end() - 1, Chunk{"tIME", {7, 0xe8, 1, 2, 3, 4, 5}});
        v.insert(v.begin() + 1, Chunk{"zzZZ", {1, 2}}); // unknown ancillary: skipped
        QTest::newRow("ancillary-chunks") << withChunks(v);
    }
    {
        std::vector<Chunk> v = c;
        const Bytes z = v[1].data;
        v.erase(v.begin() + 1);
        for (size_t at = 0; at < z.size(); at += 7)
            v.insert(v.end() - 1, Chunk{"IDAT", Bytes(z.begin() + long(at), z.begin() + long(std::min(z.size(), at + 7)))});
        v.insert(v.end() - 1, Chunk{"IDAT", {}});
        QTest::newRow("many-IDATs") << withChunks(v);
    }
    {
        std::vector<Chunk> v = c;
        v[1].data.push_back(0x55); // after the Adler-32: libpng only warns
        QTest::newRow("extra-compressed-data") << withChunks(v);
        v = c;
        v[1].data.back() ^= 0xff; // libpng is told to ignore the Adler-32
        QTest::newRow("bad-adler") << withChunks(v);
    }
    {
        std::vector<Chunk> v = c;
        v[1].data = zlibStream(rawRows(8, 8, 8, 2, -1, 3), 9); // window 512 >= 200 bytes
        v[0] = ihdr(8, 8, 8, 2);
        QTest::newRow("small-window-small-image") << withChunks(v);
    }
    {
        auto p = plainChunks(3, 2); // 16 entries for a 2-bit image: libpng keeps 4
        QTest::newRow("palette-longer-than-depth") << withChunks(p);
        p = plainChunks(3, 8);
        p[1] = palette(3); // indices past the palette
        QTest::newRow("index-past-palette") << withChunks(p);
    }
    {
        const Bytes full = withChunks(c);
        Bytes trailing = full;
        trailing.insert(trailing.end(), {1, 2, 3});
        QTest::newRow("bytes-after-IEND") << trailing;
    }
}

void TestPngFast::acceptedVariants()
{
    QFETCH(Bytes, file);
    bool took = false;
    checkAgreement(file, &took);
    QVERIFY2(took, "the fast path should take this file");
}

void TestPngFast::corpus_data()
{
    QTest::addColumn<QString>("path");
    const QStringList files = corpusFiles();
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << f;
    if (files.isEmpty())
        QTest::newRow("no-files") << QString();
}

void TestPngFast::corpus()
{
    QFETCH(QString, path);
    QVERIFY2(!path.isEmpty(), "no PNG files found");
    const Bytes b = readAll(path);
    if (headerPixels(b) > kDirectPixels) { // the decompression bomb: the pixel limit refuses it
        QVERIFY(!decodeImageBuffer(b.data(), b.size()).ok);
        return;
    }
    bool took = false;
    checkAgreement(b, &took);
    const Outcome ref = viaLibpng(b);
    const DecodeResult r = decodeImageBuffer(b.data(), b.size());
    if (r.ok) {
        QVERIFY(ref.ok);
        QVERIFY(samePixels(r.image, ref.image));
    }
    if (!ref.ok)
        QVERIFY(!r.ok);
    if (!took && ref.ok) {
        // Only interlaced files are left to libpng among the good ones.
        QVERIFY2(b.size() > 28 && b[28] == 1, "a good non-interlaced file was left to libpng");
    }
}

void TestPngFast::damaged_data()
{
    QTest::addColumn<Bytes>("file");
    std::vector<std::pair<std::string, Bytes>> bases = {
        {"rgb", withChunks(plainChunks(2, 8))},     {"rgba16", withChunks(plainChunks(6, 16, 9, 7))},
        {"palette", withChunks(plainChunks(3, 4))}, {"grey1", withChunks(plainChunks(0, 1, 33, 5))},
    };
    const QString sample = QStringLiteral(DIFFLENS_SOURCE_DIR "/resources/samples/settings-a.png");
    if (QFile::exists(sample))
        bases.push_back({"sample", readAll(sample)});
    for (const auto &[name, base] : bases) {
        uint32_t s = 99;
        for (int k = 0; k < 60; ++k) {
            s = s * 1664525u + 1013904223u;
            const size_t at = 8 + (s >> 8) % (base.size() - 8);
            Bytes flipped = base;
            flipped[at] ^= uint8_t(1 + (s & 0x7f));
            QTest::addRow("%s-flip-%zu", name.c_str(), at) << flipped;
            // The same damage with the chunk's CRC made right again, so it reaches the
            // inflater or the chunk parser.
            size_t pos = 8;
            while (pos + 12 <= flipped.size()) {
                const uint32_t len = uint32_t(flipped[pos]) << 24 | uint32_t(flipped[pos + 1]) << 16 |
                                     uint32_t(flipped[pos + 2]) << 8 | flipped[pos + 3];
                if (len > flipped.size() - pos - 12)
                    break;
                if (at >= pos + 4 && at < pos + 8 + len) {
                    const uint32_t crc = uint32_t(crc32(0, flipped.data() + pos + 4, len + 4));
                    for (int i = 0; i < 4; ++i)
                        flipped[pos + 8 + len + size_t(i)] = uint8_t(crc >> (24 - 8 * i));
                    QTest::addRow("%s-flip-%zu-crc-fixed", name.c_str(), at) << flipped;
                    break;
                }
                pos += 12 + len;
            }
            QTest::addRow("%s-cut-%zu", name.c_str(), at) << Bytes(base.begin(), base.begin() + long(at));
        }
    }
}

void TestPngFast::damaged()
{
    QFETCH(Bytes, file);
    DecodeOptions opt;
    opt.maxPixels = int64_t(kDirectPixels);
    if (headerPixels(file) > kDirectPixels) { // a damaged size: refused from the header
        QVERIFY(!decodeImageBuffer(file.data(), file.size(), opt).ok);
        return;
    }
    checkAgreement(file);
    const Outcome ref = viaLibpng(file);
    const DecodeResult r = decodeImageBuffer(file.data(), file.size(), opt);
    if (r.ok) {
        QVERIFY(ref.ok);
        QVERIFY(samePixels(r.image, ref.image));
    } else {
        QVERIFY(!r.error.empty());
    }
    if (!ref.ok)
        QVERIFY(!r.ok);
}

QTEST_GUILESS_MAIN(TestPngFast)
#include "tst_png_fast.moc"
