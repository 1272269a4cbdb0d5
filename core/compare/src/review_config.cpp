#include "difflens/compare/review/config.h"
#include "difflens/compare/savefile.h"

#include "difflens/compare/review/hash.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

namespace difflens::review {

namespace {
std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string normalizeKey(std::string key)
{
    std::replace(key.begin(), key.end(), '\\', '/');
    while (key.size() > 1 && key.back() == '/')
        key.pop_back();
    while (key.rfind("./", 0) == 0)
        key.erase(0, 2);
    if (key == "." || key == "/")
        key.clear();
    return key;
}

bool readRect(const QJsonValue &v, Rect &r)
{
    if (v.isArray()) { // [x, y, w, h]
        const QJsonArray a = v.toArray();
        if (a.size() != 4)
            return false;
        r = {a[0].toInt(), a[1].toInt(), a[2].toInt(), a[3].toInt()};
        return !r.empty();
    }
    if (!v.isObject())
        return false;
    const QJsonObject o = v.toObject();
    if (!o.contains("width") || !o.contains("height"))
        return false;
    r = {o.value("x").toInt(), o.value("y").toInt(), o.value("width").toInt(), o.value("height").toInt()};
    return !r.empty();
}

bool readRules(const QJsonObject &o, RuleSet &rules, const QString &where, std::string &error)
{
    if (o.contains("threshold")) {
        const double t = o.value("threshold").toDouble(-1);
        if (!o.value("threshold").isDouble() || t < 0 || t > 1) {
            error = (where + ": threshold must be a number in 0..1").toStdString();
            return false;
        }
        rules.threshold = t;
    }
    if (o.contains("shift")) {
        const double n = o.value("shift").toDouble(-1);
        if (!o.value("shift").isDouble() || n != std::floor(n) || n < 0 || n > kMaxPixelmatchShift) {
            error = (where + ": shift must be an integer from 0 to " + QString::number(kMaxPixelmatchShift))
                        .toStdString();
            return false;
        }
        rules.shift = int(n);
    }
    const auto readBool = [&](const char *key, std::optional<bool> &dst) {
        if (!o.contains(key))
            return true;
        if (!o.value(key).isBool()) {
            error = (where + ": " + key + " must be true or false").toStdString();
            return false;
        }
        dst = o.value(key).toBool();
        return true;
    };
    if (!readBool("include_aa", rules.includeAA) || !readBool("ssim", rules.ssim) ||
        !readBool("fail_on_layout", rules.failOnLayout))
        return false;
    if (o.contains("ignore")) {
        if (!o.value("ignore").isArray()) {
            error = (where + ": ignore must be an array of rectangles").toStdString();
            return false;
        }
        for (const QJsonValue &v : o.value("ignore").toArray()) {
            Rect r;
            if (!readRect(v, r)) {
                error = (where + ": ignore entries need x, y, width > 0, height > 0").toStdString();
                return false;
            }
            rules.ignore.push_back(r);
        }
    }
    return true;
}

QJsonObject writeRules(const RuleSet &r)
{
    QJsonObject o;
    if (r.threshold)
        o["threshold"] = *r.threshold;
    if (r.includeAA)
        o["include_aa"] = *r.includeAA;
    if (r.shift)
        o["shift"] = *r.shift;
    if (r.ssim)
        o["ssim"] = *r.ssim;
    if (r.failOnLayout)
        o["fail_on_layout"] = *r.failOnLayout;
    if (!r.ignore.empty()) {
        QJsonArray a;
        for (const Rect &x : r.ignore)
            a.append(QJsonObject{{"x", x.x}, {"y", x.y}, {"width", x.width}, {"height", x.height}});
        o["ignore"] = a;
    }
    return o;
}

bool readMemory(const QJsonValue &v, MemoryRules &m, std::string &error)
{
    if (v.isUndefined())
        return true;
    if (!v.isObject()) {
        error = "memory must be an object such as {\"warning\": 0.8, \"critical\": 0.9}";
        return false;
    }
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != QLatin1String("warning") && it.key() != QLatin1String("critical")) {
            error = "memory: unknown key '" + it.key().toStdString() + "' (expected warning, critical)";
            return false;
        }
        const double r = it.value().toDouble(-1);
        if (!it.value().isDouble() || !(r > 0) || r > 1) {
            error = "memory." + it.key().toStdString() + " must be a number greater than 0 and at most 1";
            return false;
        }
        (it.key() == QLatin1String("warning") ? m.warning : m.critical) = r;
    }
    return m.validate(error);
}

void apply(const RuleSet &r, EffectiveRules &e)
{
    if (r.threshold)
        e.threshold = *r.threshold;
    if (r.includeAA)
        e.includeAA = *r.includeAA;
    if (r.shift)
        e.shift = *r.shift;
    if (r.ssim)
        e.ssim = *r.ssim;
    if (r.failOnLayout)
        e.failOnLayout = *r.failOnLayout;
    e.ignore.insert(e.ignore.end(), r.ignore.begin(), r.ignore.end());
}
} // namespace

bool MemoryRules::validate(std::string &error) const
{
    const JobOptions defaults;
    const auto inRange = [](const std::optional<double> &r) { return !r || (*r > 0 && *r <= 1); };
    if (!inRange(warning) || !inRange(critical)) {
        error = std::string("memory.") + (inRange(warning) ? "critical" : "warning") +
                " must be a number greater than 0 and at most 1";
        return false;
    }
    const double w = warning.value_or(defaults.warningRatio), c = critical.value_or(defaults.criticalRatio);
    if (w < c)
        return true;
    std::ostringstream msg;
    msg << "memory.warning (" << w << (warning ? "" : ", the default") << ") must be below memory.critical (" << c
        << (critical ? "" : ", the default") << ")";
    error = msg.str();
    return false;
}

void MemoryRules::applyTo(JobOptions &job) const
{
    if (warning)
        job.warningRatio = *warning;
    if (critical)
        job.criticalRatio = *critical;
}

uint64_t EffectiveRules::hash() const
{
    uint64_t h = mixHash(uint64_t(std::llround(threshold * 1e9)), (includeAA ? 1 : 0) | (ssim ? 2 : 0) |
                                                                      (failOnLayout ? 4 : 0));
    if (shift > 0) // shift 0 keeps the fingerprints of sessions written before the key existed
        h = mixHash(h, uint64_t(0x5348494654ull + uint64_t(shift)));
    for (const Rect &r : ignore)
        h = mixHash(h, mixHash(mixHash(uint64_t(r.x), uint64_t(r.y)), mixHash(uint64_t(r.width), uint64_t(r.height))));
    return h;
}

void EffectiveRules::applyTo(CompareOptions &opt) const
{
    opt.job.pixelmatch.threshold = threshold;
    opt.job.pixelmatch.includeAA = includeAA;
    opt.job.pixelmatch.shift = shift;
    opt.job.computeSsim = ssim;
    opt.job.ignore.insert(opt.job.ignore.end(), ignore.begin(), ignore.end());
    opt.failOnLayout = failOnLayout;
    memory.applyTo(opt.job);
}

std::vector<std::string> ReviewConfig::defaultExtensions()
{
    return {"png", "jpg", "jpeg", "webp", "tif", "tiff", "bmp"};
}

ReviewConfig::ReviewConfig() : extensions(defaultExtensions()) {}

bool ReviewConfig::parse(const std::string &json, std::string &error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        error = "invalid JSON: " + pe.errorString().toStdString() + " at offset " + std::to_string(pe.offset);
        return false;
    }
    ReviewConfig c;
    const QJsonObject root = doc.object();
    if (root.contains("extensions")) {
        c.extensions.clear();
        for (const QJsonValue &v : root.value("extensions").toArray()) {
            std::string e = lower(v.toString().toStdString());
            if (!e.empty() && e[0] == '.')
                e.erase(0, 1);
            if (!e.empty())
                c.extensions.push_back(e);
        }
        if (c.extensions.empty()) {
            error = "extensions must be a non-empty array of strings";
            return false;
        }
    }
    if (!readRules(root.value("defaults").toObject(), c.defaults, "defaults", error))
        return false;
    for (const char *section : {"folders", "files"}) {
        const QJsonObject obj = root.value(section).toObject();
        auto &dst = std::string(section) == "folders" ? c.folders : c.files;
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            RuleSet r;
            if (!readRules(it.value().toObject(), r, QString(section) + "[" + it.key() + "]", error))
                return false;
            dst[normalizeKey(it.key().toStdString())] = r;
        }
    }
    if (!readMemory(root.value("memory"), c.memory, error))
        return false;
    if (root.contains("layout") && !parseLayout(root.value("layout").toString().toStdString(), c.layout)) {
        error = "layout must be one of auto, folders, playwright, jest, backstop";
        return false;
    }
    if (root.contains("snapshots_root")) {
        c.snapshotsRoot = root.value("snapshots_root").toString().toStdString();
        if (c.snapshotsRoot.empty()) {
            error = "snapshots_root must be a non-empty string (a folder relative to difflens.json)";
            return false;
        }
    }
    *this = std::move(c);
    return true;
}

std::string ReviewConfig::toJson() const
{
    QJsonObject root;
    root["version"] = 1;
    QJsonArray ext;
    for (const auto &e : extensions)
        ext.append(QString::fromStdString(e));
    root["extensions"] = ext;
    root["defaults"] = writeRules(defaults);
    QJsonObject f, g;
    for (const auto &[k, v] : folders)
        f[QString::fromStdString(k)] = writeRules(v);
    for (const auto &[k, v] : files)
        g[QString::fromStdString(k)] = writeRules(v);
    root["folders"] = f;
    root["files"] = g;
    QJsonObject m;
    if (memory.warning)
        m["warning"] = *memory.warning;
    if (memory.critical)
        m["critical"] = *memory.critical;
    if (!m.isEmpty())
        root["memory"] = m;
    if (layout != Layout::Auto)
        root["layout"] = QString::fromLatin1(toString(layout));
    if (!snapshotsRoot.empty())
        root["snapshots_root"] = QString::fromStdString(snapshotsRoot);
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

bool ReviewConfig::loadFile(const std::string &path, std::string &error)
{
    QFile f(QString::fromStdString(path));
    if (!f.exists()) {
        *this = ReviewConfig();
        return true;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        error = path + ": " + f.errorString().toStdString();
        return false;
    }
    if (!parse(f.readAll().toStdString(), error)) {
        error = path + ": " + error;
        return false;
    }
    return true;
}

bool ReviewConfig::loadFromRoot(const std::string &baselineRoot, std::string &error)
{
    return loadFile(baselineRoot + "/" + fileName(), error);
}

bool ReviewConfig::saveFile(const std::string &path, std::string &error) const
{
    if (!writeFileAtomically(path, QByteArray::fromStdString(toJson()), error)) {
        error = path + ": " + error;
        return false;
    }
    return true;
}

EffectiveRules ReviewConfig::rulesFor(const std::string &relPath) const
{
    EffectiveRules e;
    e.memory = memory;
    apply(defaults, e);
    if (auto it = folders.find(""); it != folders.end())
        apply(it->second, e);
    // Every folder prefix from the root down: "a", "a/b", ...
    for (size_t pos = relPath.find('/'); pos != std::string::npos; pos = relPath.find('/', pos + 1)) {
        if (auto it = folders.find(relPath.substr(0, pos)); it != folders.end())
            apply(it->second, e);
    }
    if (auto it = files.find(relPath); it != files.end())
        apply(it->second, e);
    return e;
}

bool ReviewConfig::acceptsExtension(const std::string &fileName) const
{
    const auto dot = fileName.rfind('.');
    if (dot == std::string::npos || dot == 0)
        return false;
    const std::string ext = lower(fileName.substr(dot + 1));
    return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

} // namespace difflens::review
