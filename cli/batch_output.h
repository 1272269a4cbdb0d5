#pragma once
// Output of `difflens-cli compare BASELINE_DIR CURRENT_DIR`: the batch JSON document
// (format "difflens-batch"), the human summary, and exit codes.
#include "difflens/compare/review/runner.h"
#include "difflens/compare/review/types.h"

#include <QByteArray>
#include <QJsonObject>

#include <map>
#include <string>
#include <vector>

namespace difflens::cli {

// One pair: the single-compare JSON fields (when the pair was compared) plus "name",
// "status" and a "summary" object (the review summary, also read back by sessions/merge).
QJsonObject batchPairToJson(const review::PairOutcome &o);

struct BatchDocumentInfo {
    std::string baseline, current;
    std::string shard;          // "i/n", or "" when not sharded
    double elapsedMs = 0;
    std::vector<std::string> mergedFrom;
};

// pairs: compact JSON of each pair keyed by name (written in name order).
QByteArray batchDocument(const BatchDocumentInfo &info, const std::map<std::string, QByteArray> &pairs,
                         const review::StatusCounts &counts);

// Exit code: 2 when any pair is an error, 1 when any pair fails, 0 otherwise.
int batchExitCode(const review::StatusCounts &counts);

// Summary text for stdout: a counts line and one line per failing pair (up to maxListed).
std::string formatBatchSummary(const std::vector<review::PairSummary> &pairs, const review::StatusCounts &counts,
                               double elapsedMs, int workers, size_t maxListed);

} // namespace difflens::cli
