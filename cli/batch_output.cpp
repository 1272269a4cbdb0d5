#include "batch_output.h"

#include "errors.h"

#include "difflens/compare/json.h"
#include "difflens/compare/review/junit.h"
#include "difflens/compare/review/summary_json.h"
#include "difflens/compare/version.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>

namespace difflens::cli {

using namespace review;

QJsonObject batchPairToJson(const PairOutcome &o)
{
    const PairSummary &s = o.summary;
    QJsonObject obj;
    if (o.result) {
        obj = resultToJson(*o.result);
    } else {
        obj.insert("version", QString::fromLatin1(versionString()));
        if (s.status == PairStatus::Error) {
            QJsonObject e;
            e.insert("reason", QString::fromStdString(s.error));
            e.insert("message", QString::fromStdString(s.error));
            obj.insert("error", e);
        }
    }
    obj.insert("name", QString::fromStdString(s.relPath));
    obj.insert("status", QString::fromLatin1(toString(s.status)));
    if (o.reused)
        obj.insert("reused", true);
    obj.insert("summary", summaryToJson(s));
    return obj;
}

QByteArray batchDocument(const BatchDocumentInfo &info, const std::map<std::string, QByteArray> &pairs,
                         const StatusCounts &counts)
{
    // Written by hand around the pre-serialized pairs so that a large batch is never held
    // twice as a JSON tree.
    QJsonObject head;
    head.insert("format", "difflens-batch");
    head.insert("version", QString::fromLatin1(versionString()));
    head.insert("baseline", QString::fromStdString(info.baseline));
    head.insert("current", QString::fromStdString(info.current));
    if (!info.shard.empty())
        head.insert("shard", QString::fromStdString(info.shard));
    if (!info.mergedFrom.empty()) {
        QJsonArray from;
        for (const auto &f : info.mergedFrom)
            from.append(QString::fromStdString(f));
        head.insert("merged_from", from);
    }
    head.insert("elapsed_ms", info.elapsedMs);
    head.insert("summary", countsToJson(counts));
    QByteArray out = QJsonDocument(head).toJson(QJsonDocument::Compact);
    out.chop(1); // the closing brace
    out += ",\"pairs\":[\n";
    bool first = true;
    for (const auto &kv : pairs) {
        if (!first)
            out += ",\n";
        first = false;
        out += kv.second;
    }
    out += "\n]}\n";
    return out;
}

int batchExitCode(const StatusCounts &counts)
{
    if (counts.of(PairStatus::Error) > 0)
        return kExitError;
    return counts.failures() > 0 ? kExitDifferent : kExitSame;
}

std::string formatBatchSummary(const std::vector<PairSummary> &pairs, const StatusCounts &counts, double elapsedMs,
                               int workers, size_t maxListed)
{
    std::vector<const PairSummary *> failing;
    for (const PairSummary &s : pairs)
        if (isFailure(s.status))
            failing.push_back(&s);
    std::sort(failing.begin(), failing.end(),
              [](const PairSummary *a, const PairSummary *b) { return a->relPath < b->relPath; });
    std::string out;
    char line[256];
    for (size_t i = 0; i < failing.size() && i < maxListed; ++i) {
        const PairSummary &s = *failing[i];
        std::snprintf(line, sizeof line, "%-16s ", toString(s.status));
        out += line;
        out += s.relPath + "  " + failureMessage(s) + "\n";
    }
    if (maxListed > 0 && failing.size() > maxListed)
        out += "... and " + std::to_string(failing.size() - maxListed) + " more failing pairs\n";
    std::snprintf(line, sizeof line, " (%.2f s, %d worker%s)\n", elapsedMs / 1000.0, workers, workers == 1 ? "" : "s");
    out += (counts.failures() ? "FAIL: " : "PASS: ") + counts.toText() + line;
    return out;
}

} // namespace difflens::cli
