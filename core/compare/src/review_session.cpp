#include "difflens/compare/review/session.h"
#include "difflens/compare/savefile.h"

#include "difflens/compare/review/summary_json.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace difflens::review {

void ReviewSession::setResult(const PairSummary &s)
{
    ReviewEntry &e = entries[s.relPath];
    const bool changed = e.summary.relPath.empty() || e.summary.contentHash != s.contentHash ||
                         e.summary.status != s.status;
    // Approving rewrites the baseline, so an approved pair changes content; keep the
    // decision only while the reviewed content is the same.
    if (changed)
        e.decision = Decision::None;
    e.summary = s;
}

ReviewEntry *ReviewSession::find(const std::string &relPath)
{
    auto it = entries.find(relPath);
    return it == entries.end() ? nullptr : &it->second;
}

const ReviewEntry *ReviewSession::find(const std::string &relPath) const
{
    auto it = entries.find(relPath);
    return it == entries.end() ? nullptr : &it->second;
}

std::map<std::string, PairSummary> ReviewSession::summaries() const
{
    std::map<std::string, PairSummary> m;
    for (const auto &[k, e] : entries)
        m.emplace(k, e.summary);
    return m;
}

StatusCounts ReviewSession::counts() const
{
    StatusCounts c;
    for (const auto &kv : entries)
        c.add(kv.second.summary.status);
    return c;
}

std::string ReviewSession::toJson() const
{
    QJsonObject root;
    root["format"] = "difflens-review-session";
    root["version"] = 1;
    root["baseline"] = QString::fromStdString(baselineRoot);
    root["current"] = QString::fromStdString(currentRoot);
    root["createdAt"] = QString::fromStdString(createdAt.empty()
                                                   ? QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString()
                                                   : createdAt);
    root["summary"] = countsToJson(counts());
    QJsonArray arr;
    for (const auto &[k, e] : entries) {
        QJsonObject o = summaryToJson(e.summary);
        o["decision"] = toString(e.decision);
        if (!e.note.empty())
            o["note"] = QString::fromStdString(e.note);
        arr.append(o);
    }
    root["pairs"] = arr;
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

bool ReviewSession::fromJson(const std::string &json, std::string &error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        error = "invalid JSON: " + pe.errorString().toStdString();
        return false;
    }
    const QJsonObject root = doc.object();
    const QString format = root.value("format").toString();
    // Batch output of difflens-cli (format "difflens-batch") opens as a session too.
    if (format != "difflens-review-session" && format != "difflens-batch") {
        error = "not a review session (format '" + format.toStdString() + "')";
        return false;
    }
    ReviewSession s;
    s.baselineRoot = root.value("baseline").toString().toStdString();
    s.currentRoot = root.value("current").toString().toStdString();
    s.createdAt = root.value("createdAt").toString().toStdString();
    for (const QJsonValue &v : root.value("pairs").toArray()) {
        const QJsonObject o = v.toObject();
        ReviewEntry e;
        // Batch documents nest the summary; sessions store it flat.
        const QJsonObject fields = o.value("summary").isObject() ? o.value("summary").toObject() : o;
        if (!summaryFromJson(fields, e.summary)) {
            error = "pair without a name";
            return false;
        }
        parseDecision(o.value("decision").toString("none").toStdString(), e.decision);
        e.note = o.value("note").toString().toStdString();
        s.entries[e.summary.relPath] = std::move(e);
    }
    *this = std::move(s);
    return true;
}

bool ReviewSession::save(const std::string &path, std::string &error) const
{
    if (!writeFileAtomically(path, QByteArray::fromStdString(toJson()), error)) {
        error = path + ": " + error;
        return false;
    }
    return true;
}

bool ReviewSession::load(const std::string &path, std::string &error)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) {
        error = path + ": " + f.errorString().toStdString();
        return false;
    }
    if (!fromJson(f.readAll().toStdString(), error)) {
        error = path + ": " + error;
        return false;
    }
    return true;
}

} // namespace difflens::review
