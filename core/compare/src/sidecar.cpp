#include "difflens/compare/sidecar.h"
#include "difflens/compare/savefile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>
#include <limits>

namespace difflens {

namespace {

const char *const kFormat = "difflens-sidecar";

bool readInt(const QJsonObject &o, const char *key, int minValue, int &out, std::string &error, int index)
{
    const QJsonValue v = o.value(QLatin1String(key));
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || std::floor(d) != d || d < minValue || d > std::numeric_limits<int>::max()) {
        error = "ignore[" + std::to_string(index) + "]: \"" + key + "\" must be an integer >= " +
                std::to_string(minValue);
        return false;
    }
    out = int(d);
    return true;
}

// `o` without `known` keys as compact JSON, "" when nothing is left.
std::string unknownFields(QJsonObject o, std::initializer_list<const char *> known)
{
    for (const char *k : known)
        o.remove(QLatin1String(k));
    return o.isEmpty() ? std::string() : QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

// The fields kept in `extra` (see unknownFields), inserted into `o` without replacing known ones.
void addUnknownFields(QJsonObject &o, const std::string &extra)
{
    if (extra.empty())
        return;
    const QJsonObject e = QJsonDocument::fromJson(QByteArray::fromStdString(extra)).object();
    for (auto it = e.begin(); it != e.end(); ++it)
        if (!o.contains(it.key()))
            o.insert(it.key(), it.value());
}

} // namespace

std::vector<Rect> Sidecar::ignoreRects() const
{
    std::vector<Rect> rects;
    rects.reserve(ignore.size());
    for (const SidecarRegion &r : ignore)
        rects.push_back(r.rect);
    return rects;
}

bool parseSidecar(const QByteArray &json, Sidecar &out, std::string &error)
{
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &perr);
    if (perr.error != QJsonParseError::NoError) {
        error = "invalid JSON at offset " + std::to_string(perr.offset) + ": " + perr.errorString().toStdString();
        return false;
    }
    if (!doc.isObject()) {
        error = "expected a JSON object";
        return false;
    }
    const QJsonObject root = doc.object();
    if (root.contains("format") && root.value("format").toString() != QLatin1String(kFormat)) {
        error = "not a DiffLens sidecar (format is not \"" + std::string(kFormat) + "\")";
        return false;
    }
    const int version = root.value("version").toInt(1);
    if (version < 1 || version > Sidecar::kVersion) {
        error = "unsupported sidecar version " + std::to_string(version);
        return false;
    }
    Sidecar result;
    const QJsonValue ignore = root.value("ignore");
    if (!ignore.isUndefined() && !ignore.isArray()) {
        error = "\"ignore\" must be an array";
        return false;
    }
    const QJsonArray regions = ignore.toArray();
    for (int i = 0; i < regions.size(); ++i) {
        if (!regions.at(i).isObject()) {
            error = "ignore[" + std::to_string(i) + "] must be an object";
            return false;
        }
        const QJsonObject o = regions.at(i).toObject();
        SidecarRegion region;
        if (!readInt(o, "x", 0, region.rect.x, error, i) || !readInt(o, "y", 0, region.rect.y, error, i) ||
            !readInt(o, "width", 1, region.rect.width, error, i) ||
            !readInt(o, "height", 1, region.rect.height, error, i))
            return false;
        region.note = o.value("note").toString().toStdString();
        // A note that is not text is kept as it is, among the unknown fields.
        region.extra = o.value("note").isString() ? unknownFields(o, {"x", "y", "width", "height", "note"})
                                                  : unknownFields(o, {"x", "y", "width", "height"});
        result.ignore.push_back(std::move(region));
    }
    result.extra = unknownFields(root, {"format", "version", "ignore"});
    out = std::move(result);
    return true;
}

bool loadSidecar(const std::string &path, Sidecar &out, std::string &error)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) {
        error = file.errorString().toStdString();
        return false;
    }
    return parseSidecar(file.readAll(), out, error);
}

QByteArray serializeSidecar(const Sidecar &sidecar)
{
    QJsonArray regions;
    for (const SidecarRegion &r : sidecar.ignore) {
        QJsonObject o;
        o.insert("x", r.rect.x);
        o.insert("y", r.rect.y);
        o.insert("width", r.rect.width);
        o.insert("height", r.rect.height);
        if (!r.note.empty())
            o.insert("note", QString::fromStdString(r.note));
        addUnknownFields(o, r.extra);
        regions.append(o);
    }
    QJsonObject root;
    root.insert("format", QLatin1String(kFormat));
    root.insert("version", Sidecar::kVersion);
    root.insert("ignore", regions);
    addUnknownFields(root, sidecar.extra);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool saveSidecar(const std::string &path, const Sidecar &sidecar, std::string &error)
{
    return writeFileAtomically(path, serializeSidecar(sidecar), error);
}

} // namespace difflens
