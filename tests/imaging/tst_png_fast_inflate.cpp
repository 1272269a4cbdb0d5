// png_inflate_check (the fast PNG path's inflation with zlib's rules) against zlib itself:
// the same verdict on good streams and on thousands of damaged copies (a bit flipped, or
// cut short), stored, fixed and dynamic blocks alike, and where zlib inflates, the same
// bytes, even with every byte reported final changed in place at once (as the fast path
// unfilters rows while it inflates).
#include "png_builder.h"
#include "png_inflate_check.h"

#include <QtTest>

#include <algorithm>

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
// `expected` bytes out (in *bytes when given).
bool zlibInflates(const Bytes &stream, size_t expected, Bytes *bytes = nullptr)
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
    if (ok && bytes)
        *bytes = Bytes(out.begin(), out.begin() + long(expected));
    return ok;
}

// Flips every bit of the bytes as soon as they are reported final (no later match may read
// them), checking that reports never go back or past the data; flips them back at the end.
class Scrambler final : public pngfast::InflateProgress {
public:
    Scrambler(uint8_t *data, size_t size) : m_data(data), m_size(size) {}
    bool ready(size_t finalBytes) override
    {
        if (finalBytes < m_final || finalBytes > m_size)
            m_bad = true;
        for (; m_final < std::min(finalBytes, m_size); ++m_final)
            m_data[m_final] ^= 0xff;
        ++m_reports;
        return true;
    }
    // The data as inflated, once every byte has been reported.
    bool restore()
    {
        for (size_t i = 0; i < m_final; ++i)
            m_data[i] ^= 0xff;
        return !m_bad && m_final == m_size;
    }
    int reports() const { return m_reports; }

private:
    uint8_t *m_data;
    size_t m_size;
    size_t m_final = 0;
    int m_reports = 0;
    bool m_bad = false;
};

// inflateWithZlibRules on `stream`: its verdict; on a yes, whether the bytes equal `want`.
bool inflatesTo(const Bytes &stream, size_t expected, const Bytes &want, bool &sameBytes, int *reports = nullptr)
{
    Bytes out(expected + 16);
    Scrambler scrambler(out.data(), expected);
    const bool ok = pngfast::inflateWithZlibRules(stream.data() + 2, stream.size() - 2, out.data(), expected, scrambler);
    sameBytes = ok && scrambler.restore() && want.size() == expected && std::equal(want.begin(), want.end(), out.begin());
    if (reports)
        *reports = scrambler.reports();
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
    // Long enough for reports before the end (more than a window and a report step):
    // PNG-like rows, most of them repeats of the row above, some runs of one byte.
    Bytes rows;
    for (int y = 0; y < 60; ++y) {
        rows.push_back(uint8_t(y % 5));
        for (int i = 0; i < 3000; ++i)
            rows.push_back(uint8_t(y % 7 == 0 ? (i * 31 + y) % 253 : y % 3 == 0 ? 0 : (i / 40) % 9));
    }
    QTest::newRow("rows-6") << rows << 6 << int(Z_DEFAULT_STRATEGY);
    QTest::newRow("rows-1") << rows << 1 << int(Z_DEFAULT_STRATEGY);
    QTest::newRow("rows-rle") << rows << 6 << int(Z_RLE);
    QTest::newRow("rows-stored") << rows << 0 << int(Z_DEFAULT_STRATEGY);
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
    bool same = false;
    int reports = 0;
    QVERIFY(inflatesTo(z, raw.size(), raw, same, &reports));
    QVERIFY(same);
    if (raw.size() > 3 * 32768)
        QVERIFY2(reports > 2, "reports only at the end");
    QVERIFY(!inflatesTo(z, raw.size() - 1, raw, same));
    uint32_t s = 12345;
    int zlibAccepted = 0, cases = 0;
    const int mutations = raw.size() > 65536 ? 500 : 3000; // zlib and the check inflate each
    for (int k = 0; k < mutations; ++k) {
        s = s * 1664525u + 1013904223u;
        Bytes m = z;
        const size_t at = 2 + (s >> 8) % (z.size() - 2);
        if (k % 10 == 9)
            m.resize(at);
        else
            m[at] ^= uint8_t(1u << (s & 7));
        for (const size_t expected : {raw.size(), raw.size() + 1}) {
            Bytes want;
            const bool ref = zlibInflates(m, expected, &want);
            const bool ours = pngfast::zlibWouldInflate(m.data() + 2, m.size() - 2, expected);
            bool same = false;
            const bool inflated = inflatesTo(m, expected, want, same);
            if (ref != ours || ref != inflated || (ref && !same))
                QFAIL(qPrintable(QStringLiteral("mutation %1 (byte %2), expected %3: zlib %4, the check %5, "
                                                "the inflation %6 (same bytes: %7)")
                                     .arg(k).arg(at).arg(expected).arg(ref).arg(ours).arg(inflated).arg(same)));
            zlibAccepted += ref;
            ++cases;
        }
    }
    qInfo("%d of %d damaged streams still inflate", zlibAccepted, cases);
}

QTEST_GUILESS_MAIN(TestPngFastInflate)
#include "tst_png_fast_inflate.moc"
