#pragma once
// A review session: results, decisions and notes, saved as JSON so a review can be closed
// and continued later. Results are keyed by relative path and carry a content hash of both
// files so unchanged pairs need not be compared again when the session is resumed.
#include "difflens/compare/review/types.h"

#include <map>
#include <string>
#include <vector>

namespace difflens::review {

struct ReviewEntry {
    PairSummary summary;
    Decision decision = Decision::None;
    std::string note;
};

class ReviewSession {
public:
    std::string baselineRoot;
    std::string currentRoot;
    std::string createdAt;                 // ISO 8601
    std::map<std::string, ReviewEntry> entries;

    // Adds or replaces a result; keeps the decision and note when the content is unchanged,
    // clears the decision when the pair changed since it was decided.
    void setResult(const PairSummary &s);
    ReviewEntry *find(const std::string &relPath);
    const ReviewEntry *find(const std::string &relPath) const;
    std::map<std::string, PairSummary> summaries() const; // for ReviewRunOptions::previous
    StatusCounts counts() const;

    std::string toJson() const;
    bool fromJson(const std::string &json, std::string &error);
    bool save(const std::string &path, std::string &error) const; // atomic (temp + rename)
    bool load(const std::string &path, std::string &error);
};

} // namespace difflens::review
