// png_inflate_check (the zlib-rules check the fast PNG path runs before libdeflate)
// against zlib itself: the same verdict on good streams and on thousands of damaged copies
// (a bit flipped, or cut short), stored, fixed and dynamic blocks alike.
#include "png_builder.h"
#include "png_inflate_check.h"

#include <QtTest>

using namespace difflens;
using namespace pngtest;

class TestPngFastInflate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void inflateCheckAgreesWithZlib_data();
    void inflateCheckAgreesWithZlib();
};

namespace {

// zlib's own verdict, run as libpng runs it: one stream, no Adler-32 check, exactly
// `expected` bytes out.
bool zlibInflates(const Bytes &stream, size_t expected)
{
    z_stream z{};
    if (inflateInit(&z) != Z_OK)
        return false;
    inflateValidate(&z, 0);
    Bytes out(expected + 1);
    z.next_in = const_cast<uint8_t *>(stream.data());
    z.avail_in = uInt(stream.size());
    z.next_out = out.data();
    z.avail_out = uInt(expected);
    const int r = inflate(&z, Z_FINISH);
    const bool ok = r == Z_STREAM_END && z.total_out == expected;
    inflateEnd(&z);
    return ok;
}

} // namespace

void TestPngFastInflate::inflateCheckAgreesWithZlib_data()
{
    QTest::addColumn<Bytes>("raw");
    QTest::addColumn<int>("level");
    QTest::addColumn<int>("strategy");
    Bytes noise = rawRows(64, 40, 8, 2, -1, 9);
    Bytes repetitive;
    for (int i = 0; i < 20000; ++i)
        repetitive.push_back(uint8_t((i / 7) % 5 == 0 ? i % 251 : 17));
    QTest::newRow("noise-6") << noise << 6 << int(Z_DEFAULT_STRATEGY);
    QTest::newRow("noise-stored") << noise << 0 << int(Z_DEFAULT_STRATEGY);
    QTest::newRow("noise-fixed") << noise << 6 << int(Z_FIXED);
    QTest::newRow("repetitive-9") << repetitive << 9 << int(Z_DEFAULT_STRATEGY);
    QTest::newRow("repetitive-1") << repetitive << 1 << int(Z_DEFAULT_STRATEGY);
    QTest::newRow("repetitive-fixed") << repetitive << 9 << int(Z_FIXED);
    QTest::newRow("repetitive-huffman-only") << repetitive << 6 << int(Z_HUFFMAN_ONLY);
    QTest::newRow("tiny") << Bytes{1, 2, 3} << 6 << int(Z_DEFAULT_STRATEGY);
}

// The check's verdict equals zlib's on a stream and on thousands of damaged copies of it
// (a bit flipped, or cut short); a good share of those zlib still inflates.
void TestPngFastInflate::inflateCheckAgreesWithZlib()
{
    QFETCH(Bytes, raw);
    QFETCH(int, level);
    QFETCH(int, strategy);
    const Bytes z = zlibStream(raw, 15, level, strategy);
    QVERIFY(zlibInflates(z, raw.size()));
    QVERIFY(pngfast::zlibWouldInflate(z.data() + 2, z.size() - 2, raw.size()));
    QVERIFY(!pngfast::zlibWouldInflate(z.data() + 2, z.size() - 2, raw.size() - 1));
    uint32_t s = 12345;
    int zlibAccepted = 0, cases = 0;
    for (int k = 0; k < 3000; ++k) {
        s = s * 1664525u + 1013904223u;
        Bytes m = z;
        const size_t at = 2 + (s >> 8) % (z.size() - 2);
        if (k % 10 == 9)
            m.resize(at);
        else
            m[at] ^= uint8_t(1u << (s & 7));
        for (const size_t expected : {raw.size(), raw.size() + 1}) {
            const bool ref = zlibInflates(m, expected);
            const bool ours = pngfast::zlibWouldInflate(m.data() + 2, m.size() - 2, expected);
            if (ref != ours)
                QFAIL(qPrintable(QStringLiteral("mutation %1 (byte %2), expected %3: zlib %4, the check %5")
                                     .arg(k).arg(at).arg(expected).arg(ref).arg(ours)));
            zlibAccepted += ref;
            ++cases;
        }
    }
    qInfo("%d of %d damaged streams still inflate", zlibAccepted, cases);
}

QTEST_GUILESS_MAIN(TestPngFastInflate)
#include "tst_png_fast_inflate.moc"
