#pragma once
// `difflens-cli merge SHARD.json... -o ALL.json [--junit ALL.xml] [--annotations github|none]`:
// combines the batch JSON documents of all shards into one (pairs sorted by name, summary
// recounted); GitHub annotations for the failing pairs as a folder compare prints them.
#include "difflens/compare/review/types.h"

#include <QByteArray>
#include <QJsonObject>

#include <string>
#include <vector>

namespace difflens::cli {

struct MergedBatch {
    QByteArray document;                      // the merged "difflens-batch" JSON
    std::vector<review::PairSummary> summaries; // sorted by name
    review::StatusCounts counts;
    std::string baselineDir, currentDir; // of the first document (annotations name files in them)
};

// docs[i] came from sources[i]. Fails when a document is not a batch document or when a pair
// appears in two documents (overlapping shards).
bool mergeBatchDocuments(const std::vector<QJsonObject> &docs, const std::vector<std::string> &sources,
                         MergedBatch &out, std::string &error);

int runMergeCommand(const std::vector<std::string> &args);

} // namespace difflens::cli
