// SSIM on the CPU: agreement with scikit-image (oracle.tsv), tiling exactness, basics.
#include "difflens/engine/ssim.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

using namespace difflens;

namespace {

const QString kDataDir = QStringLiteral(DIFFLENS_TEST_DATA_DIR "/ssim");

// Binary PGM/PPM (16-bit samples big-endian) into interleaved RGBA; grey fills R, G and B.
Image loadPnm(const QString &path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::string magic;
    int w = 0, h = 0, maxval = 0;
    in >> magic >> w >> h >> maxval;
    in.get();
    if (!in || (magic != "P5" && magic != "P6") || w <= 0 || h <= 0)
        return {};
    const int src = magic == "P5" ? 1 : 3;
    const int bytes = maxval > 255 ? 2 : 1;
    std::vector<unsigned char> raw(size_t(w) * h * src * bytes);
    in.read(reinterpret_cast<char *>(raw.data()), std::streamsize(raw.size()));
    if (!in)
        return {};
    Image img(w, h, 4, bytes * 8);
    for (size_t i = 0; i < size_t(w) * h; ++i) {
        for (int c = 0; c < 4; ++c) {
            const size_t s = (i * src + size_t(src == 1 ? 0 : std::min(c, 2))) * bytes;
            const int v = c == 3 ? maxval : (bytes == 2 ? (raw[s] << 8) | raw[s + 1] : raw[s]);
            if (bytes == 2)
                reinterpret_cast<uint16_t *>(img.data())[i * 4 + size_t(c)] = uint16_t(v);
            else
                img.data()[i * 4 + size_t(c)] = uint8_t(v);
        }
    }
    return img;
}

struct OracleCase {
    QString fileA, fileB;
    int channels = 3;
    double mean = 0;
    std::map<int, double> channelMeans;
    std::vector<std::tuple<int, int, double>> mapPoints;
};

std::map<QString, OracleCase> readOracle()
{
    std::map<QString, OracleCase> cases;
    std::ifstream in((kDataDir + QStringLiteral("/oracle.tsv")).toStdString());
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream ls(line);
        std::string kind, name;
        ls >> kind >> name;
        OracleCase &c = cases[QString::fromStdString(name)];
        if (kind == "mean") {
            std::string fa, fb;
            ls >> fa >> fb >> c.channels >> c.mean;
            c.fileA = QString::fromStdString(fa);
            c.fileB = QString::fromStdString(fb);
        } else if (kind == "chan") {
            int ch = 0;
            double v = 0;
            ls >> ch >> v;
            c.channelMeans[ch] = v;
        } else if (kind == "map") {
            int x = 0, y = 0;
            double v = 0;
            ls >> x >> y >> v;
            c.mapPoints.emplace_back(x, y, v);
        }
    }
    return cases;
}

// Deterministic screenshot-like pair: light page, dark 1-2 px strokes, a few flat boxes;
// b differs by small noise and a shifted block of text.
struct Lcg {
    uint32_t s;
    uint32_t next() { return s = s * 1664525u + 1013904223u; }
    int below(int n) { return int((next() >> 8) % uint32_t(n)); }
};

Image makePage(int w, int h, int depth, uint32_t seed)
{
    Image img(w, h, 4, depth);
    Lcg rng{seed};
    const int maxval = depth == 16 ? 65535 : 255;
    auto put = [&img, depth](int x, int y, int c, int v) {
        const size_t i = (size_t(y) * size_t(img.width()) + size_t(x)) * 4 + size_t(c);
        if (depth == 16)
            reinterpret_cast<uint16_t *>(img.data())[i] = uint16_t(v);
        else
            img.data()[i] = uint8_t(v);
    };
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 4; ++c)
                put(x, y, c, c == 3 ? maxval : maxval * (235 + c * 5) / 255);
    for (int row = 3; row + 9 < h; row += 12)
        for (int x = 2; x + 8 < w; x += 1 + rng.below(3))
            for (int k = 0; k < 7; ++k)
                if (rng.below(100) < 35)
                    for (int c = 0; c < 3; ++c)
                        put(x, row + k, c, maxval * (20 + 30 * c) / 255);
    for (int i = 0; i < 3; ++i) {
        const int bx = rng.below(std::max(1, w - 20)), by = rng.below(std::max(1, h - 10));
        for (int y = by; y < std::min(h, by + 9); ++y)
            for (int x = bx; x < std::min(w, bx + 19); ++x)
                for (int c = 0; c < 3; ++c)
                    put(x, y, c, maxval * (60 + 50 * c + 20 * i) / 255);
    }
    return img;
}

Image perturb(const Image &src, uint32_t seed)
{
    Image img = src;
    Lcg rng{seed};
    const int maxval = img.depth() == 16 ? 65535 : 255;
    for (int y = 0; y < img.height(); ++y) {
        for (int x = 0; x < img.width(); ++x) {
            for (int c = 0; c < 3; ++c) {
                const size_t i = (size_t(y) * size_t(img.width()) + size_t(x)) * 4 + size_t(c);
                const int noise = (rng.below(9) - 4) * maxval / 255;
                if (img.depth() == 16) {
                    auto *p = reinterpret_cast<uint16_t *>(img.data());
                    p[i] = uint16_t(std::clamp(int(p[i]) + noise, 0, maxval));
                } else {
                    img.data()[i] = uint8_t(std::clamp(int(img.data()[i]) + noise, 0, maxval));
                }
            }
        }
    }
    return img;
}

// Sets channels 0..2 of [box] to `value`.
void fillBox(Image &img, const Rect &box, int value)
{
    for (int y = box.y; y < box.y + box.height; ++y)
        for (int x = box.x; x < box.x + box.width; ++x)
            for (int c = 0; c < 3; ++c)
                img.data()[(size_t(y) * size_t(img.width()) + size_t(x)) * 4 + size_t(c)] = uint8_t(value);
}

} // namespace

class TestSsim : public QObject {
    Q_OBJECT

private:
    std::map<QString, OracleCase> m_oracle;
    std::map<QString, SsimResult> m_results;

    const SsimResult *resultFor(const QString &name)
    {
        auto it = m_results.find(name);
        if (it != m_results.end())
            return &it->second;
        const OracleCase &c = m_oracle.at(name);
        const Image a = loadPnm(kDataDir + QLatin1Char('/') + c.fileA);
        const Image b = loadPnm(kDataDir + QLatin1Char('/') + c.fileB);
        if (a.isNull() || b.isNull())
            return nullptr;
        SsimOptions opt;
        opt.channels = c.channels;
        return &(m_results[name] = ssimCpu(a.view(), b.view(), opt, 2));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_oracle = readOracle();
        QVERIFY2(m_oracle.size() >= 5, "tests/data/ssim/oracle.tsv missing or incomplete");
    }

    void oracleMean_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto &kv : m_oracle)
            QTest::newRow(qPrintable(kv.first)) << kv.first;
    }
    void oracleMean()
    {
        QFETCH(QString, name);
        const OracleCase &c = m_oracle.at(name);
        const SsimResult *r = resultFor(name);
        QVERIFY(r);
        QVERIFY2(std::abs(r->mean - c.mean) <= 1e-4,
                 qPrintable(QStringLiteral("ours %1 skimage %2").arg(r->mean, 0, 'g', 12).arg(c.mean, 0, 'g', 12)));
        QCOMPARE(int(r->perChannel.size()), c.channels);
        for (const auto &[ch, v] : c.channelMeans)
            QVERIFY2(std::abs(r->perChannel[size_t(ch)] - v) <= 1e-4, qPrintable(QString::number(ch)));
    }

    void oracleMap_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("x");
        QTest::addColumn<int>("y");
        QTest::addColumn<double>("expected");
        for (const auto &kv : m_oracle)
            for (const auto &[x, y, v] : kv.second.mapPoints)
                QTest::addRow("%s@%d,%d", qPrintable(kv.first), x, y) << kv.first << x << y << v;
    }
    void oracleMap()
    {
        QFETCH(QString, name);
        QFETCH(int, x);
        QFETCH(int, y);
        QFETCH(double, expected);
        const SsimResult *r = resultFor(name);
        QVERIFY(r);
        QVERIFY(x < r->map.width && y < r->map.height);
        const double got = r->map.at(x, y);
        QVERIFY2(std::abs(got - expected) <= 1e-4,
                 qPrintable(QStringLiteral("ours %1 skimage %2").arg(got, 0, 'g', 10).arg(expected, 0, 'g', 10)));
    }

    void tiledEqualsWhole_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("tileW");
        QTest::addColumn<int>("tileH");
        QTest::newRow("7x5 tiles") << 203 << 157 << 8 << 3 << 7 << 5;
        QTest::newRow("13x17 tiles") << 203 << 157 << 8 << 3 << 13 << 17;
        QTest::newRow("column tiles") << 203 << 157 << 8 << 3 << 1 << 157;
        QTest::newRow("row tiles") << 203 << 157 << 8 << 3 << 203 << 1;
        QTest::newRow("64x33 tiles") << 203 << 157 << 8 << 3 << 64 << 33;
        QTest::newRow("wide 517x13") << 1100 << 45 << 8 << 3 << 517 << 13;
        QTest::newRow("wide 1099x44") << 1100 << 45 << 8 << 3 << 1099 << 44;
        QTest::newRow("grey 11x9") << 120 << 77 << 8 << 1 << 11 << 9;
        QTest::newRow("16-bit 23x29") << 150 << 90 << 16 << 3 << 23 << 29;
        QTest::newRow("tiny frame 3x4") << 9 << 14 << 8 << 3 << 3 << 4;
    }
    void tiledEqualsWhole()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, depth);
        QFETCH(int, channels);
        QFETCH(int, tileW);
        QFETCH(int, tileH);
        const Image a = makePage(width, height, depth, 7);
        const Image b = perturb(makePage(width, height, depth, 7), 11);
        SsimOptions opt;
        opt.channels = channels;
        const SsimResult whole = ssimCpu(a.view(), b.view(), opt, 2);
        QCOMPARE(whole.map.width, width);
        QCOMPARE(whole.map.height, height);

        FloatImage map;
        map.width = width;
        map.height = height;
        map.data.assign(size_t(width) * size_t(height), -7.0f);
        SsimAccumulator acc;
        // Visit tiles in reverse order: merging must not depend on it.
        for (int ty = (height - 1) / tileH * tileH; ty >= 0; ty -= tileH) {
            for (int tx = (width - 1) / tileW * tileW; tx >= 0; tx -= tileW) {
                const Rect t{tx, ty, std::min(tileW, width - tx), std::min(tileH, height - ty)};
                acc.merge(ssimCpuArea(a.view(), b.view(), t, opt, map.data.data() + size_t(ty) * width + tx,
                                      size_t(width)));
            }
        }
        const SsimResult tiled = finalizeSsim(acc, std::move(map), opt);
        QVERIFY(std::memcmp(tiled.map.data.data(), whole.map.data.data(), whole.map.data.size() * sizeof(float)) ==
                0);
        QVERIFY(std::abs(tiled.mean - whole.mean) <= 1e-6);
        QCOMPARE(tiled.perChannel.size(), whole.perChannel.size());
        for (size_t c = 0; c < whole.perChannel.size(); ++c)
            QVERIFY(std::abs(tiled.perChannel[c] - whole.perChannel[c]) <= 1e-6);
        QVERIFY(whole.mean < 1.0 && whole.mean > 0.0);

        // The thread count does not change anything either.
        const SsimResult single = ssimCpu(a.view(), b.view(), opt, 1);
        QVERIFY(single.map.data == whole.map.data);
        QVERIFY(std::abs(single.mean - whole.mean) <= 1e-12);
    }

    void identicalIsOne()
    {
        const Image a = makePage(161, 93, 8, 3);
        const SsimResult r = ssimCpu(a.view(), a.view());
        QVERIFY(std::abs(r.mean - 1.0) <= 1e-6);
        for (float v : r.map.data)
            QVERIFY(std::abs(v - 1.0f) <= 1e-5f);
        QVERIFY(r.lowRegions.empty());
    }

    void perturbationFoundWhereExpected()
    {
        const Image a = makePage(240, 160, 8, 5);
        Image b = a;
        const Rect box{150, 40, 30, 20};
        fillBox(b, box, 128);
        const SsimResult r = ssimCpu(a.view(), b.view());
        QVERIFY(r.mean < 0.99);
        QVERIFY(r.mean > 0.5);
        QVERIFY(!r.lowRegions.empty());
        // The largest low region covers the changed box (plus at most the window radius).
        const Rect got = r.lowRegions.front().box;
        QVERIFY(got.intersected(box) == box);
        QVERIFY(got.x >= box.x - 8 && got.y >= box.y - 8);
        QVERIFY(got.x + got.width <= box.x + box.width + 8 && got.y + got.height <= box.y + box.height + 8);
        for (const Region &reg : r.lowRegions)
            QVERIFY(reg.box.intersected(Rect{box.x - 8, box.y - 8, box.width + 16, box.height + 16}) == reg.box);
        // Away from the change the map stays 1.
        QVERIFY(std::abs(r.map.at(20, 20) - 1.0f) <= 1e-5f);
        QVERIFY(r.map.at(box.x + 15, box.y + 10) < 0.9f);
    }

    void alphaIgnoredAndGreyChannel()
    {
        const Image a = makePage(64, 40, 8, 9);
        Image b = a;
        for (size_t i = 3; i < b.byteSize(); i += 4)
            b.data()[i] = uint8_t(i * 7);
        QVERIFY(std::abs(ssimCpu(a.view(), b.view()).mean - 1.0) <= 1e-6);
        Image c = a;
        for (size_t i = 1; i < c.byteSize(); i += 4)
            c.data()[i] = uint8_t(255 - c.data()[i]); // change G only
        SsimOptions grey;
        grey.channels = 1;
        QVERIFY(std::abs(ssimCpu(a.view(), c.view(), grey).mean - 1.0) <= 1e-6);
        QVERIFY(ssimCpu(a.view(), c.view()).mean < 0.9);
    }

    void invalidInputDoesNotCrash()
    {
        const Image a = makePage(30, 20, 8, 1);
        const Image b = makePage(31, 20, 8, 1);
        const SsimResult r = ssimCpu(a.view(), b.view());
        QVERIFY(std::isnan(r.mean));
        QVERIFY(r.map.data.empty());
        const SsimAccumulator acc = ssimCpuArea(a.view(), a.view(), Rect{25, 0, 10, 5}, SsimOptions{}, nullptr, 0);
        QCOMPARE(acc.count, int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestSsim)
#include "tst_ssim.moc"
