// `difflens-cli merge` (merge_command.h).
#include "merge_command.h"
#include "difflens/compare/savefile.h"

#include "annotations.h"
#include "args.h"
#include "batch_output.h"
#include "errors.h"

#include "difflens/compare/review/junit.h"
#include "difflens/compare/review/summary_json.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>
#include <map>

namespace difflens::cli {

using namespace review;

bool mergeBatchDocuments(const std::vector<QJsonObject> &docs, const std::vector<std::string> &sources,
                         MergedBatch &out, std::string &error)
{
    std::map<std::string, std::pair<QByteArray, size_t>> pairs; // name -> (json, source index)
    std::map<std::string, PairSummary> summaries;
    BatchDocumentInfo info;
    double elapsed = 0;
    for (size_t i = 0; i < docs.size(); ++i) {
        const QJsonObject &doc = docs[i];
        const std::string &src = i < sources.size() ? sources[i] : std::to_string(i);
        if (doc.value("format").toString() != "difflens-batch") {
            error = src + ": not a difflens-cli --json batch document";
            return false;
        }
        if (i == 0) {
            info.baseline = doc.value("baseline").toString().toStdString();
            info.current = doc.value("current").toString().toStdString();
        }
        elapsed = std::max(elapsed, doc.value("elapsed_ms").toDouble());
        info.mergedFrom.push_back(src);
        for (const QJsonValue &v : doc.value("pairs").toArray()) {
            const QJsonObject pair = v.toObject();
            PairSummary s;
            if (!summaryFromJson(pair.value("summary").toObject(), s)) {
                error = src + ": a pair has no summary";
                return false;
            }
            const auto it = pairs.find(s.relPath);
            if (it != pairs.end()) {
                error = "pair '" + s.relPath + "' appears in both " + sources[it->second.second] + " and " + src +
                        " (overlapping shards)";
                return false;
            }
            pairs[s.relPath] = {QJsonDocument(pair).toJson(QJsonDocument::Compact), i};
            summaries[s.relPath] = s;
        }
    }
    out = MergedBatch();
    std::map<std::string, QByteArray> ordered;
    for (auto &kv : pairs)
        ordered.emplace(kv.first, std::move(kv.second.first));
    for (auto &kv : summaries) {
        out.counts.add(kv.second.status);
        out.summaries.push_back(std::move(kv.second));
    }
    info.elapsedMs = elapsed;
    out.baselineDir = info.baseline;
    out.currentDir = info.current;
    out.document = batchDocument(info, ordered, out.counts);
    return true;
}

int runMergeCommand(const std::vector<std::string> &args)
{
    ArgScanner scan(args);
    std::vector<std::string> inputs;
    std::string outPath, junitPath, annotations, error;
    while (scan.next()) {
        if (!scan.isOption()) {
            inputs.push_back(scan.current());
        } else if (scan.name() == "-o" || scan.name() == "--output") {
            if (!scan.value(outPath, error))
                return reportError(error);
        } else if (scan.name() == "--junit") {
            if (!scan.value(junitPath, error))
                return reportError(error);
        } else if (scan.name() == "--annotations") {
            if (!scan.value(annotations, error))
                return reportError(error);
            if (!validAnnotationsValue(annotations))
                return reportError("--annotations: expected github or none, got '" + annotations + "'");
        } else if (scan.name() == "-h" || scan.name() == "--help") {
            std::fputs("Usage: difflens-cli merge SHARD.json... -o ALL.json [--junit ALL.xml]\n"
                       "                          [--annotations github|none]\n"
                       "Combines the --json outputs of `compare BASELINE_DIR CURRENT_DIR --shard i/n`.\n"
                       "--annotations github prints one GitHub Actions ::error line per failing pair\n"
                       "(default: github when GITHUB_ACTIONS is true).\n"
                       "Exit codes as for compare: 0 all pass, 1 failures, 2 errors.\n",
                       stdout);
            return kExitSame;
        } else {
            return reportError("unknown option '" + scan.name() + "' for merge");
        }
    }
    if (inputs.empty() || outPath.empty())
        return reportError("merge needs SHARD.json... -o ALL.json");
    std::vector<QJsonObject> docs;
    for (const std::string &in : inputs) {
        QFile f(QString::fromStdString(in));
        if (!f.open(QIODevice::ReadOnly))
            return reportFileError(in, f.errorString().toStdString());
        QJsonParseError pe;
        const QJsonDocument d = QJsonDocument::fromJson(f.readAll(), &pe);
        if (pe.error != QJsonParseError::NoError || !d.isObject())
            return reportFileError(in, "invalid JSON: " + pe.errorString().toStdString());
        docs.push_back(d.object());
    }
    MergedBatch merged;
    if (!mergeBatchDocuments(docs, inputs, merged, error))
        return reportError(error);
    if (!writeFileAtomically(outPath, merged.document, error))
        return reportFileError(outPath, error);
    if (!junitPath.empty() && !writeJUnitFile(junitPath, merged.summaries, {}, error))
        return reportError(error);
    std::printf("%s: %s from %zu files\n", outPath.c_str(), merged.counts.toText().c_str(), inputs.size());
    if (annotationsEnabled(annotations))
        std::fputs(githubAnnotations(merged.summaries, merged.baselineDir, merged.currentDir).c_str(),
                   stdout);
    std::fflush(stdout);
    return batchExitCode(merged.counts);
}

} // namespace difflens::cli
