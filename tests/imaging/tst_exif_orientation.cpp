// JPEG EXIF orientation: all 8 values, both byte orders, checked against an independent
// per-pixel mapping of the stored image.
#include "difflens/imaging/decode.h"
#include "imaging_test_util.h"

#include <QtTest>

using namespace difflens;
using namespace testutil;

namespace {

constexpr int kBlock = 16, kCols = 4, kRows = 2; // stored image: 64x32, eight flat blocks

const int kColours[kCols * kRows][3] = {{230, 30, 30}, {30, 230, 30}, {30, 30, 230}, {230, 230, 30},
                                        {230, 30, 230}, {30, 230, 230}, {240, 240, 240}, {20, 20, 20}};

Image storedImage()
{
    Image img(kBlock * kCols, kBlock * kRows, 3, 8);
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            for (int c = 0; c < 3; ++c)
                setSample(img, x, y, c, kColours[(y / kBlock) * kCols + x / kBlock][c]);
    return img;
}

// Stored-image coordinate shown at displayed (x, y) for an orientation (TIFF/EXIF 6.0).
void sourceOf(int orientation, int x, int y, int w, int h, int &sx, int &sy)
{
    switch (orientation) {
    case 2: sx = w - 1 - x; sy = y; break;
    case 3: sx = w - 1 - x; sy = h - 1 - y; break;
    case 4: sx = x; sy = h - 1 - y; break;
    case 5: sx = y; sy = x; break;
    case 6: sx = y; sy = h - 1 - x; break;
    case 7: sx = w - 1 - y; sy = h - 1 - x; break;
    case 8: sx = w - 1 - y; sy = x; break;
    default: sx = x; sy = y; break;
    }
}

} // namespace

class TestExifOrientation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void orientation_data();
    void orientation();
    void ignoredWhenDisabled();
};

void TestExifOrientation::orientation_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<bool>("little");
    for (int o = 1; o <= 8; ++o) {
        QTest::addRow("%d-II", o) << o << true;
        QTest::addRow("%d-MM", o) << o << false;
    }
}

void TestExifOrientation::orientation()
{
    QFETCH(int, orientation);
    QFETCH(bool, little);
    const Image stored = storedImage();
    const std::vector<uint8_t> jpeg =
        withExifOrientation(cvEncode(".jpg", stored, {cv::IMWRITE_JPEG_QUALITY, 95}), orientation, little);

    ImageHeader h;
    std::string error;
    QVERIFY2(probeImageBuffer(jpeg.data(), jpeg.size(), h, error), error.c_str());
    QCOMPARE(h.orientation, orientation);

    const DecodeResult r = decodeImageBuffer(jpeg.data(), jpeg.size());
    QVERIFY2(r.ok, r.error.c_str());
    const bool swap = orientation >= 5;
    QCOMPARE(r.image.width(), swap ? stored.height() : stored.width());
    QCOMPARE(r.image.height(), swap ? stored.width() : stored.height());
    QCOMPARE(h.orientedWidth(), r.image.width());
    // Compare at every pixel that lies well inside a block (JPEG blurs block edges).
    int checked = 0;
    for (int y = 0; y < r.image.height(); ++y)
        for (int x = 0; x < r.image.width(); ++x) {
            int sx = 0, sy = 0;
            sourceOf(orientation, x, y, stored.width(), stored.height(), sx, sy);
            if (sx % kBlock < 4 || sx % kBlock > 11 || sy % kBlock < 4 || sy % kBlock > 11)
                continue;
            for (int c = 0; c < 3; ++c)
                QVERIFY2(std::abs(sample(r.image, x, y, c) - sample(stored, sx, sy, c)) <= 24,
                         qPrintable(QString("pixel %1,%2 channel %3").arg(x).arg(y).arg(c)));
            ++checked;
        }
    QCOMPARE(checked, kCols * kRows * 64);
}

void TestExifOrientation::ignoredWhenDisabled()
{
    const Image stored = storedImage();
    const std::vector<uint8_t> jpeg = withExifOrientation(cvEncode(".jpg", stored), 6, false);
    DecodeOptions opt;
    opt.applyExifOrientation = false;
    const DecodeResult r = decodeImageBuffer(jpeg.data(), jpeg.size(), opt);
    QVERIFY2(r.ok, r.error.c_str());
    QCOMPARE(r.image.width(), stored.width());
    QCOMPARE(r.header.orientation, 6);
}

QTEST_GUILESS_MAIN(TestExifOrientation)
#include "tst_exif_orientation.moc"
