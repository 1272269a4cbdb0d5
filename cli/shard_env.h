#pragma once
// `--shard auto`: the shard of a parallel CI job, from the variables the CI sets.
#include "difflens/compare/review/shard.h"

#include <map>
#include <string>

namespace difflens::cli {

// The first convention whose variables are set wins, in this order:
//   DIFFLENS_SHARD=i/n                                   (1-based, as --shard i/n)
//   GitLab    CI_NODE_INDEX / CI_NODE_TOTAL              (1-based)
//   CircleCI  CIRCLE_NODE_INDEX / CIRCLE_NODE_TOTAL      (0-based)
//   Buildkite BUILDKITE_PARALLEL_JOB / BUILDKITE_PARALLEL_JOB_COUNT (0-based)
// Empty variables count as unset. False with a reason naming the variables when none is
// set, or when the set ones are invalid (only one of a pair, out of range, not numbers).
// source: which variables were used, e.g. "CI_NODE_INDEX/CI_NODE_TOTAL".
bool shardFromEnvironment(const std::map<std::string, std::string> &env, review::Shard &out, std::string &source,
                          std::string &error);

// The variables above, as set in this process's environment.
std::map<std::string, std::string> shardEnvironment();

} // namespace difflens::cli
