// The app's display layers (layer_store.h) against the whole frame: full-resolution tiles
// byte-identical to the decoded images, the whole-frame diff and mask; reduced levels equal
// to a straightforward 2x2 reduction; the heatmap's colours equal to heatmap.h's. A layer
// the exact pass leaves out (firstPassLayers) is empty and pending until the full-resolution
// pass, then the same as when the exact pass fills it.
#include "difflens/compare/heatmap.h"
#include "difflens/compare/layered.h"
#include "difflens/engine/pixelmatch.h"
#include "difflens/imaging/decode.h"

#include "mask_rank.h"
#include "test_images.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace difflens;

namespace {

// A noisy picture with blocks (so tiles compress unevenly) and a changed copy.
QImage noisy(int w, int h, quint32 seed, bool alpha)
{
    QImage img = testimg::screen(w, h).convertToFormat(QImage::Format_RGBA8888);
    QRandomGenerator rng(seed);
    for (int y = 0; y < h; ++y) {
        uchar *row = img.scanLine(y);
        for (int x = 0; x < w; x += 3) {
            row[x * 4] = uchar(rng.bounded(256));
            if (alpha)
                row[x * 4 + 3] = uchar(128 + rng.bounded(128));
        }
    }
    return img;
}

// The pixels of one layer at one level, assembled from the store (tiles or memory).
std::vector<uint8_t> assemble(const LayerStore &s, LayerKind kind, int level, int *bpp)
{
    const int w = s.levelWidth(level), h = s.levelHeight(level);
    if (auto mem = s.memoryLevel(kind, level)) {
        *bpp = mem->bytesPerPixel;
        return std::vector<uint8_t>(mem->pixels.get(), mem->pixels.get() + mem->bytes);
    }
    std::vector<uint8_t> out;
    for (int ty = 0; ty < s.tilesY(level); ++ty)
        for (int tx = 0; tx < s.tilesX(level); ++tx) {
            TilePixels t;
            std::string error;
            if (!s.readTile(kind, level, tx, ty, t, error))
                return {};
            *bpp = t.bytesPerPixel;
            out.resize(size_t(w) * size_t(h) * size_t(t.bytesPerPixel));
            for (int y = 0; y < t.height; ++y)
                std::copy_n(t.pixels.data() + size_t(y) * size_t(t.width) * size_t(t.bytesPerPixel),
                            size_t(t.width) * size_t(t.bytesPerPixel),
                            out.data() + (size_t(ty * s.tileSize() + y) * size_t(w) + size_t(tx * s.tileSize())) *
                                             size_t(t.bytesPerPixel));
        }
    return out;
}

// Reference 2x2 reduction (average of the pixels present, rounded; or the maximum; or, for
// the mask, the value of the highest rank).
std::vector<uint8_t> reduce(const std::vector<uint8_t> &src, int w, int h, int channels, bool maximum,
                            bool mask = false)
{
    const int nw = (w + 1) / 2, nh = (h + 1) / 2;
    std::vector<uint8_t> out(size_t(nw) * size_t(nh) * size_t(channels));
    for (int y = 0; y < nh; ++y)
        for (int x = 0; x < nw; ++x)
            for (int c = 0; c < channels; ++c) {
                int sum = 0, n = 0, m = 0;
                for (int dy = 0; dy < 2; ++dy)
                    for (int dx = 0; dx < 2; ++dx) {
                        const int sx = 2 * x + dx, sy = 2 * y + dy;
                        if (sx >= w || sy >= h)
                            continue;
                        const int v = src[(size_t(sy) * size_t(w) + size_t(sx)) * size_t(channels) + size_t(c)];
                        sum += v;
                        if (mask ? n == 0 || maskRank(v) > maskRank(m) : v > m)
                            m = v;
                        ++n;
                    }
                out[(size_t(y) * size_t(nw) + size_t(x)) * size_t(channels) + size_t(c)] =
                    uint8_t(maximum ? m : (sum + n / 2) / n);
            }
    return out;
}

// The layered comparison of two files into a store with level 0 tiled (64-pixel tiles,
// in-memory levels up to 100 pixels), the exact pass filling `firstPass`; null on failure.
std::shared_ptr<LayerStore> compareIntoStore(const QString &pa, const QString &pb, const QString &dir,
                                             LayerSet firstPass = kAllLayers)
{
    LayerStore::Options lo;
    lo.cacheDir = dir.toStdString();
    lo.memoryEdge = 100;
    lo.tileSize = 64;
    lo.firstPassLayers = firstPass;
    std::shared_ptr<LayerStore> store;
    const CompareResult r = compareFilesLayered(
        pa.toStdString(), pb.toStdString(), CompareOptions{}, lo,
        [&store](const ImageInfo &, const ImageInfo &, const std::shared_ptr<LayerStore> &s) { store = s; });
    return r.ok ? store : nullptr;
}

} // namespace

class TestLayerStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void layersMatchTheWholeFrame_data();
    void layersMatchTheWholeFrame();
    void sixteenBitTilesAreExact();
    void firstPassChoiceKeepsTheLevels_data();
    void firstPassChoiceKeepsTheLevels();
    void failedFullPassLeavesLayersMissing();
};

void TestLayerStore::layersMatchTheWholeFrame_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("memoryEdge");
    QTest::addColumn<int>("tileSize");
    QTest::addColumn<bool>("alpha");
    QTest::addColumn<int>("bandHeight"); // bands that do not line up with tiles or levels
    // SSIM on: the engine hands the diff rows over on its writer thread, not the comparing one.
    QTest::addColumn<bool>("ssim");
    // The layers the exact pass is asked to fill (setFirstPassLayers from the opened callback).
    QTest::addColumn<uint>("firstPass");
    const uint all = kAllLayers, diff = layerBit(LayerKind::Diff), mask = layerBit(LayerKind::Mask);
    const uint sides = layerBit(LayerKind::A) | layerBit(LayerKind::B);
    QTest::newRow("tiled levels, odd sizes") << 1001 << 703 << 128 << 64 << false << 37 << false << all;
    QTest::newRow("tall, alpha") << 257 << 1025 << 100 << 32 << true << 37 << false << all;
    QTest::newRow("three columns, tiled") << 3 << 301 << 64 << 16 << true << 37 << false << all;
    QTest::newRow("all in memory") << 300 << 200 << 2048 << 256 << false << 37 << false << all;
    // Wide enough for the first pass's two column halves; every pair split by a band's end.
    QTest::newRow("bands of one row") << 1029 << 133 << 256 << 64 << true << 1 << false << all;
    QTest::newRow("even bands, level 1 in memory") << 1032 << 302 << 600 << 64 << false << 64 << false << all;
    QTest::newRow("bands of three rows") << 700 << 199 << 128 << 32 << false << 3 << false << all;
    QTest::newRow("tiled, SSIM") << 1001 << 703 << 128 << 64 << false << 37 << true << all;
    QTest::newRow("diff first") << 1001 << 703 << 128 << 64 << false << 37 << false << diff;
    QTest::newRow("diff first, SSIM") << 1001 << 703 << 128 << 64 << false << 37 << true << diff;
    QTest::newRow("A and B first, bands of one row") << 1029 << 133 << 256 << 64 << true << 1 << false << sides;
    QTest::newRow("mask first, level 1 in memory") << 1032 << 302 << 600 << 64 << false << 64 << false << mask;
    QTest::newRow("none first") << 700 << 199 << 128 << 32 << false << 3 << false << 0u;
    QTest::newRow("diff first, all in memory (one pass fills all)") << 300 << 200 << 2048 << 256 << false << 37 << false
                                                                    << diff;
}

void TestLayerStore::layersMatchTheWholeFrame()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, memoryEdge);
    QFETCH(int, tileSize);
    QFETCH(bool, alpha);
    QFETCH(int, bandHeight);
    QFETCH(bool, ssim);
    QFETCH(uint, firstPass);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QImage a = noisy(width, height, 7, alpha);
    QImage b = testimg::withBlock(a, QRect(width / 3, height / 3, width / 5, height / 6), QColor(250, 20, 20));
    b.setPixelColor(width - 1, height - 1, QColor(0, 255, 0)); // an isolated pixel in the last tile
    const QString pa = dir.filePath("a.png"), pb = dir.filePath("b.png");
    QVERIFY(testimg::save(a, pa));
    QVERIFY(testimg::save(b, pb));

    CompareOptions opt;
    opt.bandHeight = bandHeight;
    opt.job.computeSsim = ssim;
    LayerStore::Options lo;
    lo.cacheDir = dir.path().toStdString();
    lo.memoryEdge = memoryEdge;
    lo.tileSize = tileSize;
    std::shared_ptr<LayerStore> store;
    int openedWidth = 0;
    const CompareResult r = compareFilesLayered(
        pa.toStdString(), pb.toStdString(), opt, lo,
        [&store, &openedWidth, firstPass](const ImageInfo &ia, const ImageInfo &, const std::shared_ptr<LayerStore> &s) {
            store = s;
            openedWidth = ia.width;
            s->setFirstPassLayers(firstPass);
        });
    QVERIFY2(r.ok, r.errorMessage().c_str());
    QVERIFY(store);
    QCOMPARE(openedWidth, width);
    QVERIFY(store->complete());
    QCOMPARE(store->rowsDone(), height);
    const bool tiled = memoryEdge < std::max(width, height);
    QCOMPARE(store->firstMemoryLevel() > 0, tiled);
    // The tiled levels (full resolution first) come from the second pass.
    QCOMPARE(store->deferredFullResolution(), tiled);
    QCOMPARE(store->fullResolutionReady(), !tiled);
    // The layers the exact pass filled: as asked, A, B and the heatmap together (one read
    // makes them), all of them when nothing is deferred.
    const uint fused = layerBit(LayerKind::A) | layerBit(LayerKind::B) | layerBit(LayerKind::Heat);
    const uint filled = !tiled ? kAllLayers : (firstPass & fused) ? firstPass | fused : firstPass;
    QCOMPARE(store->firstPassLayers(), filled);
    for (int k = 0; k < kLayerKinds; ++k) {
        const auto kind = LayerKind(k);
        const auto level = store->memoryLevel(kind, store->firstMemoryLevel());
        QVERIFY(level);
        const bool inFirst = (filled & layerBit(kind)) != 0;
        QCOMPARE(store->layerPending(kind), !inFirst);
        QCOMPARE(level->rowsReady(), inFirst ? level->height : 0);
    }
    if (tiled) {
        QVERIFY(!store->tileReady(LayerKind::A, 0, 0, 0));
        std::string error;
        QVERIFY2(fillFullResolution(pa.toStdString(), pb.toStdString(), opt, store, error), error.c_str());
        QVERIFY(store->fullResolutionReady());
        QCOMPARE(store->rowsDone(), height);
        for (int k = 0; k < kLayerKinds; ++k)
            QVERIFY(!store->layerPending(LayerKind(k)));
    }

    // The whole-frame reference: the same counts, the diff image and the mask.
    DecodeResult da = decodeImageFile(pa.toStdString()), db = decodeImageFile(pb.toStdString());
    QVERIFY(da.ok && db.ok);
    CompareOptions whole;
    whole.wholeFrame = true;
    whole.job.wantDiffImage = true;
    whole.job.wantMask = true;
    const CompareResult ref = compareImages(da.image, db.image, {}, {}, whole);
    QVERIFY(ref.ok);
    QCOMPARE(r.job.counts.mismatched, ref.job.counts.mismatched);

    int bpp = 0;
    const std::vector<uint8_t> a0 = assemble(*store, LayerKind::A, 0, &bpp);
    QCOMPARE(bpp, 4);
    QVERIFY(a0 == std::vector<uint8_t>(da.image.data(), da.image.data() + da.image.byteSize()));
    const std::vector<uint8_t> b0 = assemble(*store, LayerKind::B, 0, &bpp);
    QVERIFY(b0 == std::vector<uint8_t>(db.image.data(), db.image.data() + db.image.byteSize()));
    const std::vector<uint8_t> d0 = assemble(*store, LayerKind::Diff, 0, &bpp);
    QVERIFY(d0 == std::vector<uint8_t>(ref.job.diff.data(), ref.job.diff.data() + ref.job.diff.byteSize()));
    const std::vector<uint8_t> m0 = assemble(*store, LayerKind::Mask, 0, &bpp);
    QCOMPARE(bpp, 1);
    QVERIFY(m0 == ref.job.mask);

    // Heat: stored values coloured with heatDisplayTable == heatmap.h's indices and ramp.
    std::vector<uint8_t> indices;
    int peak = 0;
    QVERIFY(heatmapIndices(da.image.view(), db.image.view(), indices, peak));
    QCOMPARE(store->heatPeak(), peak);
    const std::vector<uint8_t> h0 = assemble(*store, LayerKind::Heat, 0, &bpp);
    const auto table = heatDisplayTable(peak, 8);
    const auto &ramp = heatRampTable();
    QCOMPARE(h0.size(), indices.size());
    for (size_t i = 0; i < h0.size(); ++i)
        if (table[h0[i]] != ramp[indices[i]])
            QFAIL(qPrintable(QStringLiteral("heat colour differs at pixel %1").arg(i)));

    // Every reduced level equals the reference reduction of the level above.
    for (LayerKind kind : {LayerKind::A, LayerKind::B, LayerKind::Diff, LayerKind::Heat, LayerKind::Mask}) {
        std::vector<uint8_t> prev = assemble(*store, kind, 0, &bpp);
        const int channels = bpp == 1 ? 1 : 4;
        for (int level = 1; level < store->levelCount(); ++level) {
            const std::vector<uint8_t> expected =
                reduce(prev, store->levelWidth(level - 1), store->levelHeight(level - 1), channels,
                       kind == LayerKind::Heat || kind == LayerKind::Mask, kind == LayerKind::Mask);
            const std::vector<uint8_t> got = assemble(*store, kind, level, &bpp);
            QVERIFY2(got == expected, qPrintable(QStringLiteral("layer %1 level %2").arg(int(kind)).arg(level)));
            prev = got;
        }
    }
    // The mask keeps a differing pixel visible at the coarsest level.
    const int last = store->levelCount() - 1;
    const std::vector<uint8_t> coarse = assemble(*store, LayerKind::Mask, last, &bpp);
    QVERIFY(std::count(coarse.begin(), coarse.end(), uint8_t(MaskDiff)) > 0);
    QCOMPARE(int(coarse[coarse.size() - 1]), int(MaskDiff)); // the isolated last pixel survives
}

void TestLayerStore::sixteenBitTilesAreExact()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QImage a(300, 200, QImage::Format_RGBA64);
    QRandomGenerator rng(3);
    for (int y = 0; y < a.height(); ++y) {
        auto *row = reinterpret_cast<quint16 *>(a.scanLine(y));
        for (int x = 0; x < a.width() * 4; ++x)
            row[x] = (x % 4 == 3) ? 65535 : quint16(rng.bounded(65536));
    }
    QImage b = a.copy();
    reinterpret_cast<quint16 *>(b.scanLine(10))[40] ^= 0x0100;
    const QString pa = dir.filePath("a16.png"), pb = dir.filePath("b16.png");
    QVERIFY(testimg::save(a, pa));
    QVERIFY(testimg::save(b, pb));
    const std::shared_ptr<LayerStore> store = compareIntoStore(pa, pb, dir.path());
    QVERIFY(store);
    std::string error;
    QVERIFY2(fillFullResolution(pa.toStdString(), pb.toStdString(), CompareOptions{}, store, error), error.c_str());
    QCOMPARE(store->depth(), 16);
    DecodeResult da = decodeImageFile(pa.toStdString());
    QVERIFY(da.ok);
    int bpp = 0;
    const std::vector<uint8_t> a0 = assemble(*store, LayerKind::A, 0, &bpp);
    QCOMPARE(bpp, 8);
    QVERIFY(a0 == std::vector<uint8_t>(da.image.data(), da.image.data() + da.image.byteSize()));
    // Reduced levels are 8-bit for display.
    assemble(*store, LayerKind::A, 1, &bpp);
    QCOMPARE(bpp, 4);
}

// Every level of every layer is the same whether the exact pass or the full-resolution pass
// filled it, for 8-bit pairs (the fused first pass) and 16-bit ones (row by row).
void TestLayerStore::firstPassChoiceKeepsTheLevels_data()
{
    QTest::addColumn<int>("depth");
    QTest::addColumn<uint>("firstPass");
    for (int depth : {8, 16}) {
        QTest::addRow("%d-bit, diff", depth) << depth << uint(layerBit(LayerKind::Diff));
        QTest::addRow("%d-bit, B and mask", depth) << depth << uint(layerBit(LayerKind::B) | layerBit(LayerKind::Mask));
        QTest::addRow("%d-bit, heat", depth) << depth << uint(layerBit(LayerKind::Heat));
    }
}

void TestLayerStore::firstPassChoiceKeepsTheLevels()
{
    QFETCH(int, depth);
    QFETCH(uint, firstPass);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QImage a = noisy(611, 357, 11, true);
    if (depth == 16) {
        a = a.convertToFormat(QImage::Format_RGBA64);
        auto *row = reinterpret_cast<quint16 *>(a.scanLine(5));
        for (int x = 0; x < 40; ++x)
            row[x * 4 + 1] ^= 0x00ff; // low bits differ from an 8-bit picture
    }
    QImage b = testimg::withBlock(a, QRect(100, 90, 120, 70), QColor(20, 200, 20));
    const QString pa = dir.filePath("a.png"), pb = dir.filePath("b.png");
    QVERIFY(testimg::save(a, pa));
    QVERIFY(testimg::save(b, pb));
    LayerStore::Options lo;
    lo.cacheDir = dir.path().toStdString();
    lo.memoryEdge = 160;
    lo.tileSize = 64;
    CompareOptions opt;
    opt.bandHeight = 21;
    std::shared_ptr<LayerStore> stores[2];
    for (int i = 0; i < 2; ++i) {
        const LayerSet set = i == 0 ? kAllLayers : firstPass;
        std::shared_ptr<LayerStore> *out = &stores[i];
        const CompareResult r = compareFilesLayered(
            pa.toStdString(), pb.toStdString(), opt, lo,
            [out, set](const ImageInfo &, const ImageInfo &, const std::shared_ptr<LayerStore> &s) {
                *out = s;
                s->setFirstPassLayers(set);
            });
        QVERIFY2(r.ok, r.errorMessage().c_str());
        QCOMPARE(stores[i]->depth(), depth);
        QVERIFY(stores[i]->deferredFullResolution());
        std::string error;
        QVERIFY2(fillFullResolution(pa.toStdString(), pb.toStdString(), opt, stores[i], error), error.c_str());
    }
    QVERIFY(stores[1]->firstPassLayers() != kAllLayers);
    QCOMPARE(stores[1]->heatPeak(), stores[0]->heatPeak());
    for (int k = 0; k < kLayerKinds; ++k)
        for (int level = 0; level < stores[0]->levelCount(); ++level) {
            int bpp0 = 0, bpp1 = 0;
            const auto want = assemble(*stores[0], LayerKind(k), level, &bpp0);
            QVERIFY(!want.empty());
            QVERIFY2(assemble(*stores[1], LayerKind(k), level, &bpp1) == want,
                     qPrintable(QStringLiteral("layer %1 level %2").arg(k).arg(level)));
            QCOMPARE(bpp1, bpp0);
        }
}

// A full-resolution pass that fails leaves the layers it was to fill missing, not pending.
void TestLayerStore::failedFullPassLeavesLayersMissing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QImage a = noisy(300, 200, 3, false);
    const QImage b = testimg::withBlock(a, QRect(50, 40, 30, 20), QColor(0, 0, 255));
    const QString pa = dir.filePath("a.png"), pb = dir.filePath("b.png");
    QVERIFY(testimg::save(a, pa));
    QVERIFY(testimg::save(b, pb));
    const std::shared_ptr<LayerStore> store = compareIntoStore(pa, pb, dir.path(), layerBit(LayerKind::Diff));
    QVERIFY(store);
    QVERIFY(store->layerPending(LayerKind::A) && !store->layerMissing(LayerKind::A));
    QVERIFY(!store->layerPending(LayerKind::Diff) && !store->layerMissing(LayerKind::Diff));
    QVERIFY(QFile::remove(pb));
    std::string error;
    QVERIFY(!fillFullResolution(pa.toStdString(), pb.toStdString(), CompareOptions{}, store, error));
    QVERIFY(!error.empty());
    QVERIFY(!store->fullResolutionReady());
    for (LayerKind kind : {LayerKind::A, LayerKind::B, LayerKind::Heat, LayerKind::Mask}) {
        QVERIFY(!store->layerPending(kind));
        QVERIFY(store->layerMissing(kind));
    }
    QVERIFY(!store->layerMissing(LayerKind::Diff)); // filled by the exact pass
    QCOMPARE(store->memoryLevel(LayerKind::Diff, store->firstMemoryLevel())->rowsReady(),
             store->levelHeight(store->firstMemoryLevel()));
}

QTEST_GUILESS_MAIN(TestLayerStore)
#include "tst_layer_store.moc"
