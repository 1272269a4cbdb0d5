// The Qt form of the result JSON (json.h): conversions of result_json.h's values, which are
// the one definition of the document's keys.
#include "difflens/compare/json.h"

#include "difflens/compare/result_json.h"

#include <QJsonValue>

namespace difflens {

namespace {

QJsonValue toQt(const JsonValue &v)
{
    switch (v.type()) {
    case JsonValue::Type::Null: return QJsonValue(QJsonValue::Null);
    case JsonValue::Type::Bool: return QJsonValue(v.toBool());
    case JsonValue::Type::Integer: return QJsonValue(qint64(v.toInteger()));
    case JsonValue::Type::Double: return QJsonValue(v.toDouble());
    case JsonValue::Type::String: return QJsonValue(QString::fromStdString(v.toString()));
    case JsonValue::Type::Array: {
        QJsonArray arr;
        for (const JsonValue &item : v.items())
            arr.append(toQt(item));
        return arr;
    }
    case JsonValue::Type::Object: {
        QJsonObject o;
        for (const JsonMember &m : v.members())
            o.insert(QString::fromStdString(m.key), toQt(m.value));
        return o;
    }
    }
    return QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject imageInfoToJson(const ImageInfo &info)
{
    return toQt(imageInfoJsonValue(info)).toObject();
}

QJsonObject regionToJson(const Region &region)
{
    return toQt(regionJsonValue(region)).toObject();
}

QJsonArray regionsToJson(const std::vector<Region> &regions)
{
    return toQt(regionsJsonValue(regions)).toArray();
}

QJsonObject planToJson(const PlanInfo &plan)
{
    return toQt(planJsonValue(plan)).toObject();
}

QJsonObject resultToJson(const CompareResult &r)
{
    return toQt(resultJsonValue(r)).toObject();
}

QByteArray resultToJsonBytes(const CompareResult &r, bool indented)
{
    return QByteArray::fromStdString(resultToJsonText(r, indented));
}

} // namespace difflens
