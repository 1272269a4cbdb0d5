#include "difflens/compare/review/summary_json.h"

#include <QJsonArray>

namespace difflens::review {

QString hashToString(uint64_t h)
{
    return QStringLiteral("%1").arg(qulonglong(h), 16, 16, QLatin1Char('0'));
}

uint64_t hashFromString(const QString &s)
{
    bool ok = false;
    const qulonglong v = s.toULongLong(&ok, 16);
    return ok ? uint64_t(v) : 0;
}

QJsonObject summaryToJson(const PairSummary &s)
{
    QJsonObject o;
    o["name"] = QString::fromStdString(s.relPath);
    o["status"] = toString(s.status);
    if (!s.error.empty())
        o["error"] = QString::fromStdString(s.error);
    o["baseline_size"] = QJsonArray{s.widthA, s.heightA};
    o["current_size"] = QJsonArray{s.widthB, s.heightB};
    o["mismatched"] = double(s.mismatched);
    o["anti_aliased"] = double(s.antiAliased);
    o["shift_tolerated"] = double(s.shiftTolerated);
    o["exact_differing"] = double(s.exactDiffering);
    o["total_pixels"] = double(s.totalPixels);
    o["mismatch_percent"] = s.mismatchPercent();
    if (s.ssim >= 0)
        o["ssim"] = s.ssim;
    if (s.flipMean >= 0)
        o["flip_mean"] = s.flipMean;
    o["threshold"] = s.threshold;
    o["region_count"] = s.regionCount;
    QJsonArray regions;
    for (const Region &r : s.regions)
        regions.append(QJsonObject{{"x", r.box.x}, {"y", r.box.y}, {"width", r.box.width},
                                   {"height", r.box.height}, {"pixels", double(r.pixels)}});
    o["regions"] = regions;
    o["content_hash"] = hashToString(s.contentHash);
    o["options_hash"] = hashToString(s.optionsHash);
    o["byte_identical"] = s.byteIdentical;
    o["elapsed_ms"] = s.elapsedMs;
    return o;
}

bool summaryFromJson(const QJsonObject &o, PairSummary &s)
{
    if (!o.value("name").isString())
        return false;
    s = PairSummary();
    s.relPath = o.value("name").toString().toStdString();
    if (!parsePairStatus(o.value("status").toString().toStdString(), s.status))
        s.status = PairStatus::Error;
    s.error = o.value("error").toString().toStdString();
    const QJsonArray a = o.value("baseline_size").toArray(), b = o.value("current_size").toArray();
    s.widthA = a.at(0).toInt();
    s.heightA = a.at(1).toInt();
    s.widthB = b.at(0).toInt();
    s.heightB = b.at(1).toInt();
    s.mismatched = int64_t(o.value("mismatched").toDouble());
    s.antiAliased = int64_t(o.value("anti_aliased").toDouble());
    s.shiftTolerated = int64_t(o.value("shift_tolerated").toDouble());
    s.exactDiffering = int64_t(o.value("exact_differing").toDouble());
    s.totalPixels = int64_t(o.value("total_pixels").toDouble());
    s.ssim = o.value("ssim").toDouble(-1);
    s.flipMean = o.value("flip_mean").toDouble(-1);
    s.threshold = o.value("threshold").toDouble(0.1);
    s.regionCount = o.value("region_count").toInt();
    for (const QJsonValue &v : o.value("regions").toArray()) {
        const QJsonObject r = v.toObject();
        s.regions.push_back({{r.value("x").toInt(), r.value("y").toInt(), r.value("width").toInt(),
                              r.value("height").toInt()},
                             int64_t(r.value("pixels").toDouble())});
    }
    s.contentHash = hashFromString(o.value("content_hash").toString());
    s.optionsHash = hashFromString(o.value("options_hash").toString());
    s.byteIdentical = o.value("byte_identical").toBool();
    s.elapsedMs = o.value("elapsed_ms").toDouble();
    return true;
}

QJsonObject countsToJson(const StatusCounts &c)
{
    QJsonObject o;
    o["total"] = double(c.total());
    o["failures"] = double(c.failures());
    for (int i = 0; i < kPairStatusCount; ++i)
        o[toString(PairStatus(i))] = double(c.counts[i]);
    return o;
}

} // namespace difflens::review
