// The JSON form of a comparison: field names exactly as documented in docs/cli.md.
#include "test_images.h"

#include "difflens/compare/compare.h"
#include "difflens/compare/json.h"
#include "difflens/compare/version.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace difflens;

namespace {

QSet<QString> keys(const QJsonObject &o)
{
    const QStringList k = o.keys();
    return QSet<QString>(k.begin(), k.end());
}

QSet<QString> set(std::initializer_list<const char *> names)
{
    QSet<QString> s;
    for (const char *n : names)
        s.insert(QString::fromLatin1(n));
    return s;
}

} // namespace

class TestCompareJson : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;

    CompareResult run(bool ssim) const
    {
        CompareOptions opt;
        opt.job.device = Device::Cpu;
        opt.job.computeSsim = ssim;
        return compareFiles(m_a.toStdString(), m_b.toStdString(), opt);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_a = m_dir.filePath("a.png");
        m_b = m_dir.filePath("b.png");
        const QImage a = testimg::screen(96, 64);
        QVERIFY(testimg::save(a, m_a));
        QVERIFY(testimg::save(testimg::withBlock(a, QRect(4, 4, 6, 5), Qt::yellow), m_b));
    }

    void topLevelFields()
    {
        const CompareResult r = run(false);
        QVERIFY2(r.ok, r.errorMessage().c_str());
        const QJsonObject o = resultToJson(r);
        QCOMPARE(keys(o), set({"a", "b", "identical", "layout_differs", "pixels", "metrics", "regions", "timings_ms",
                               "plan", "version"}));
        QCOMPARE(o.value("version").toString(), QString::fromLatin1(versionString()));
        QCOMPARE(o.value("identical").toBool(true), false);
        QCOMPARE(o.value("layout_differs").toBool(true), false);
    }

    void nestedFields()
    {
        const QJsonObject o = resultToJson(run(false));
        for (const char *side : {"a", "b"})
            QCOMPARE(keys(o.value(side).toObject()), set({"path", "width", "height", "channels", "depth"}));
        QCOMPARE(o.value("a").toObject().value("path").toString(), m_a);
        QCOMPARE(o.value("b").toObject().value("width").toInt(), 96);

        const QJsonObject pixels = o.value("pixels").toObject();
        QCOMPARE(keys(pixels), set({"total", "mismatched", "mismatched_ratio", "anti_aliased", "shift_tolerated",
                                    "exact_differing"}));
        QCOMPARE(pixels.value("shift_tolerated").toInteger(-1), qint64(0));
        QCOMPARE(pixels.value("total").toInteger(), qint64(96 * 64));
        QCOMPARE(pixels.value("mismatched").toInteger(), qint64(30));
        QCOMPARE(pixels.value("exact_differing").toInteger(), qint64(30));
        QCOMPARE(pixels.value("mismatched_ratio").toDouble(), 30.0 / (96 * 64));

        const QJsonObject metrics = o.value("metrics").toObject();
        QCOMPARE(keys(metrics), set({"mae", "mse", "rmse", "psnr", "max_delta"}));
        QVERIFY(metrics.value("psnr").isDouble());

        const QJsonArray regions = o.value("regions").toArray();
        QCOMPARE(regions.size(), 1);
        const QJsonObject region = regions.at(0).toObject();
        QCOMPARE(keys(region), set({"x", "y", "width", "height", "pixels"}));
        QCOMPARE(region.value("x").toInt(), 4);
        QCOMPARE(region.value("width").toInt(), 6);
        QCOMPARE(region.value("pixels").toInteger(), qint64(30));

        QCOMPARE(keys(o.value("timings_ms").toObject()), set({"decode", "compare", "encode"}));
        const QJsonObject plan = o.value("plan").toObject();
        QCOMPARE(keys(plan), set({"device", "tier", "tile_width", "tile_height", "tile_count",
                                  "estimated_peak_bytes", "peak_bytes", "budget_bytes", "memory_ratio",
                                  "memory_status", "retries", "stages_ms", "process_peak_bytes", "streamed",
                                  "band_height"}));
        QVERIFY(plan.value("stages_ms").isObject());
        QVERIFY(plan.value("process_peak_bytes").toInteger() > 0); // VmHWM of this test process
        QCOMPARE(plan.value("device").toString().left(3), QStringLiteral("cpu"));
    }

    void ssimFields()
    {
        const QJsonObject metrics = resultToJson(run(true)).value("metrics").toObject();
        QVERIFY(metrics.contains("ssim"));
        const QJsonObject ssim = metrics.value("ssim").toObject();
        QCOMPARE(keys(ssim), set({"mean", "per_channel", "low_regions"}));
        QVERIFY(ssim.value("mean").toDouble() < 1.0);
        QVERIFY(ssim.value("per_channel").toArray().size() >= 1);
    }

    void identicalPsnrIsNull()
    {
        CompareOptions opt;
        opt.job.device = Device::Cpu;
        const CompareResult r = compareFiles(m_a.toStdString(), m_a.toStdString(), opt);
        QVERIFY(r.ok);
        const QJsonObject o = resultToJson(r);
        QVERIFY(o.value("identical").toBool());
        QVERIFY(o.value("metrics").toObject().value("psnr").isNull());
        // Round trip through text keeps it a valid document.
        const QJsonDocument doc = QJsonDocument::fromJson(resultToJsonBytes(r));
        QVERIFY(doc.isObject());
        QVERIFY(doc.object().value("metrics").toObject().value("psnr").isNull());
    }

    void errorDocument()
    {
        CompareOptions opt;
        const std::string missing = m_dir.filePath("missing.png").toStdString();
        const CompareResult r = compareFiles(m_a.toStdString(), missing, opt);
        QVERIFY(!r.ok);
        const QJsonObject o = resultToJson(r);
        QCOMPARE(keys(o), set({"version", "a", "b", "error"}));
        const QJsonObject err = o.value("error").toObject();
        QCOMPARE(keys(err), set({"file", "reason", "message"}));
        QCOMPARE(err.value("file").toString(), QString::fromStdString(missing));
        QCOMPARE(o.value("b").toObject().value("path").toString(), QString::fromStdString(missing));
    }
};

QTEST_GUILESS_MAIN(TestCompareJson)
#include "tst_compare_json.moc"
