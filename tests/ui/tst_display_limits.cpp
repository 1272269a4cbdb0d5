// The display quality tier in the views: an injected memory status going Normal → Warning →
// Critical and back caps the zoom at 1:1 (Medium), draws previews of at most 512 px with the
// "Low quality" notice and loads no tiles (Low), and lifts both again (High).
#include "uitestutil.h"

#include "displaylimits.h"
#include "imagecanvas.h"
#include "mainwindow.h"
#include "status/displayquality.h"
#include "status/statuspanel.h"
#include "zoommodel.h"

#include <QtTest>

using namespace difflens;
using namespace difflens::ui;

namespace {
// A memory source that never reads: Unknown keeps the tier the test injects.
class SilentSource : public MemorySource {
public:
    std::string deviceName() const override { return "none"; }
    bool isCuda() const override { return false; }
    bool read(int64_t &, int64_t &, int64_t &) override { return false; }
};

class LayerCanvas : public ImageCanvas {
public:
    ViewImage image;

protected:
    void paintContent(QPainter &p) override { drawLayer(p, image); }
};
} // namespace

class TestDisplayLimits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tierDrivesTheViews();
    void previewCapPicksACoarseLevel();
};

void TestDisplayLimits::tierDrivesTheViews()
{
    MainWindow w(std::make_unique<MemoryMonitor>(std::make_unique<SilentSource>()));
    DisplayQualityController *q = w.statusPanel()->displayQuality();
    const MemoryThresholds t{0.80, 0.90};
    LayerCanvas canvas;
    canvas.resize(300, 200);
    canvas.image = uitest::viewImage(uitest::solid(1000, 800, QColor(20, 120, 200)));
    canvas.setFrameSize(canvas.image.size());
    canvas.zoomModel()->setViewport(QSizeF(300, 200), 1.0);

    q->observe(0.50, t); // Normal: High
    QCOMPARE(DisplayLimits::instance()->maxZoom(), 0.0);
    canvas.zoomModel()->setZoom(4.0);
    QCOMPARE(canvas.zoomModel()->zoom(), 4.0);

    q->observe(0.85, t); // Warning: Medium, no closer than 1:1
    QCOMPARE(q->quality().tier, DisplayQuality::Tier::Medium);
    QCOMPARE(DisplayLimits::instance()->maxZoom(), 1.0);
    QCOMPARE(canvas.zoomModel()->zoom(), 1.0);
    canvas.zoomModel()->setZoom(8.0);
    QCOMPARE(canvas.zoomModel()->zoom(), 1.0);

    q->observe(0.95, t); // Critical: Low, previews only, the notice in every view
    QCOMPARE(q->quality().tier, DisplayQuality::Tier::Low);
    QCOMPARE(DisplayLimits::instance()->maxPreviewEdge(), 512);
    QVERIFY(DisplayLimits::instance()->notice().contains(QStringLiteral("memory critical")));
    const QImage shot = canvas.grab().toImage();
    const QColor banner = shot.pixelColor(5, shot.height() - 5);
    QVERIFY2(banner.red() > 120 && banner.green() < 80, qPrintable(banner.name())); // the red notice bar

    // Back to Normal (after the hysteresis samples): no caps, no notice.
    for (int i = 0; i < DisplayQualityController::kRecoverSamples + 1; ++i)
        q->observe(0.30, t);
    QCOMPARE(q->quality().tier, DisplayQuality::Tier::High);
    QCOMPARE(DisplayLimits::instance()->maxZoom(), 0.0);
    QCOMPARE(DisplayLimits::instance()->maxPreviewEdge(), 0);
    QVERIFY(DisplayLimits::instance()->notice().isEmpty());
    canvas.zoomModel()->setZoom(4.0);
    QCOMPARE(canvas.zoomModel()->zoom(), 4.0);
}

void TestDisplayLimits::previewCapPicksACoarseLevel()
{
    // A 4096x4096 image of fine stripes: at 1:1 the stripes are drawn; under the 512 px cap
    // the averaged preview (a flat grey) is drawn instead.
    QImage stripes(4096, 4096, QImage::Format_RGBA8888);
    for (int y = 0; y < stripes.height(); ++y) {
        uchar *row = stripes.scanLine(y);
        for (int x = 0; x < stripes.width(); ++x) {
            const uchar v = (x & 1) ? 255 : 0;
            row[4 * x] = row[4 * x + 1] = row[4 * x + 2] = v;
            row[4 * x + 3] = 255;
        }
    }
    LayerCanvas canvas;
    canvas.resize(200, 150);
    canvas.image = uitest::viewImage(stripes);
    canvas.setFrameSize(canvas.image.size());
    canvas.zoomModel()->setViewport(QSizeF(200, 150), 1.0);
    canvas.zoomModel()->setZoom(1.0);
    canvas.zoomModel()->centerOn(QPointF(2048, 2048));
    DisplayLimits::instance()->set(0, 0, QString());
    QImage shot = canvas.grab().toImage();
    QVERIFY(shot.pixelColor(50, 50).red() == 0 || shot.pixelColor(50, 50).red() == 255);
    QVERIFY(shot.pixelColor(50, 50) != shot.pixelColor(51, 50));
    DisplayLimits::instance()->set(0, 512, QStringLiteral("Low quality — memory critical"));
    shot = canvas.grab().toImage();
    QVERIFY2(qAbs(shot.pixelColor(50, 50).red() - 128) < 8, qPrintable(shot.pixelColor(50, 50).name()));
    QCOMPARE(DisplayLimits::instance()->detailZoom(1.0, 4096, 4096), 0.125);
    DisplayLimits::instance()->set(0, 0, QString());
}

QTEST_MAIN(TestDisplayLimits)
#include "tst_display_limits.moc"
