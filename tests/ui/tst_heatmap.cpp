// The one heatmap (difflens/compare/heatmap.h): the app's heatmap layer and the PDF report's
// heatmap are the same pixels for the same pair; alpha is not compared; linear to the peak.
#include "uitestutil.h"

#include "comparisonsession.h"
#include "comparisonviews.h"
#include "print_images.h" // core/report/src (the report's heatmap)

#include "difflens/compare/heatmap.h"

#include <QtTest>

using namespace difflens;
using namespace difflens::ui;

class TestHeatmap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void appAndReportAgree();
    void definition();

private:
    QTemporaryDir m_dir;
};

namespace {

// Every pixel of `a` and `b` equal (as opaque RGB); the first difference otherwise.
QString firstDifference(const QImage &a, const QImage &b)
{
    if (a.size() != b.size())
        return QStringLiteral("sizes %1x%2 and %3x%4").arg(a.width()).arg(a.height()).arg(b.width()).arg(b.height());
    const QImage ra = a.convertToFormat(QImage::Format_RGB32), rb = b.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < ra.height(); ++y)
        for (int x = 0; x < ra.width(); ++x)
            if ((ra.pixel(x, y) & 0xffffff) != (rb.pixel(x, y) & 0xffffff))
                return QStringLiteral("(%1, %2): %3 vs %4").arg(x).arg(y).arg(ra.pixel(x, y), 0, 16).arg(rb.pixel(x, y), 0, 16);
    return {};
}

} // namespace

void TestHeatmap::appAndReportAgree()
{
    // A pair with a gradient of differences, so many ramp entries are used.
    const QString pa = m_dir.filePath(QStringLiteral("ha.png")), pb = m_dir.filePath(QStringLiteral("hb.png"));
    QImage a = uitest::solid(256, 120, QColor(30, 60, 90)), b = a.copy();
    for (int x = 0; x < 256; ++x)
        for (int y = 40; y < 80; ++y)
            b.setPixelColor(x, y, QColor(30 + x * 200 / 255, 60, std::max(0, 90 - x / 3)));
    b.setPixelColor(5, 5, QColor(30, 60, 90, 10)); // alpha only: no heat
    QVERIFY(a.save(pa) && b.save(pb));

    ComparisonSession s;
    AppSettings settings;
    settings.device = Device::Cpu;
    s.setSettings(settings);
    QSignalSpy layers(&s, &ComparisonSession::layersChanged);
    s.openPair(pa, pb);
    QVERIFY(layers.wait(20000));
    const ViewDataPtr d = s.data();
    QVERIFY(!d->heat.isNull());
    const auto o = s.comparison();
    QVERIFY(o && o->a.image && o->b.image);
    int peak = 0;
    const QImage report = report::detail::deltaHeatmap(o->a.image->view(), o->b.image->view(), 10000, 10000, &peak);
    QCOMPARE(peak, 200);
    QCOMPARE(int(d->heatPeak()), peak);
    const QString diff = firstDifference(d->heat.full(), report);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    QCOMPARE(report.pixel(5, 5) & 0xffffffu, heatRampTable()[0] & 0xffffffu); // alpha excluded
    QCOMPARE(report.pixel(255, 50) & 0xffffffu, heatRampTable()[255] & 0xffffffu); // the peak
}

void TestHeatmap::definition()
{
    // Max over R, G, B; alpha ignored; linear to the peak of the pair; 16-bit in native units.
    Image a(3, 1, 4, 16), b(3, 1, 4, 16);
    auto *pa = reinterpret_cast<uint16_t *>(a.data()), *pb = reinterpret_cast<uint16_t *>(b.data());
    for (int i = 0; i < 12; ++i)
        pa[i] = pb[i] = 1000;
    pb[0 * 4 + 3] = 0;     // pixel 0: alpha only
    pb[1 * 4 + 1] = 1500;  // pixel 1: G by 500
    pb[2 * 4 + 2] = 0;     // pixel 2: B by 1000 (the peak)
    std::vector<uint8_t> idx;
    int peak = 0;
    QVERIFY(heatmapIndices(a.view(), b.view(), idx, peak));
    QCOMPARE(peak, 1000);
    QCOMPARE(int(idx[0]), 0);
    QCOMPARE(int(idx[1]), 128); // round(500 * 255 / 1000)
    QCOMPARE(int(idx[2]), 255);
    // One ramp: light at 0, dark at the top, and the app's layer uses it.
    QCOMPARE(heatRampTable()[0], 0xfffcfcfau);
    QCOMPARE(heatRampTable()[255], 0xff6e0028u);
    ComparisonRequest req; // the app's layer: a comparison's stage 3, wrapped for the views
    req.a.image = std::make_shared<const Image>(std::move(a));
    req.b.image = std::make_shared<const Image>(std::move(b));
    const ComparisonPtr c = runComparison(req, nullptr);
    QVERIFY(c && c->heat);
    QCOMPARE(c->heatPeak, 1000);
    const ViewDataPtr views = comparisonViews(c, nullptr, LayerColours());
    QCOMPARE(views->heat.full().pixel(1, 0), heatRampTable()[128]);
}

QTEST_MAIN(TestHeatmap)
#include "tst_heatmap.moc"
