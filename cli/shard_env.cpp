// `--shard auto` (shard_env.h): CI parallel-job variables to a shard.
#include "shard_env.h"

#include <cstdlib>
#include <vector>

namespace difflens::cli {

namespace {

struct Convention {
    const char *index;
    const char *total;
    int base; // value of index for the first job
};

constexpr Convention kConventions[] = {
    {"CI_NODE_INDEX", "CI_NODE_TOTAL", 1},
    {"CIRCLE_NODE_INDEX", "CIRCLE_NODE_TOTAL", 0},
    {"BUILDKITE_PARALLEL_JOB", "BUILDKITE_PARALLEL_JOB_COUNT", 0},
};

std::string get(const std::map<std::string, std::string> &env, const std::string &name)
{
    const auto it = env.find(name);
    return it == env.end() ? std::string() : it->second;
}

bool toInt(const std::string &s, long &out)
{
    if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos)
        return false;
    out = std::strtol(s.c_str(), nullptr, 10);
    return true;
}

} // namespace

bool shardFromEnvironment(const std::map<std::string, std::string> &env, review::Shard &out, std::string &source,
                          std::string &error)
{
    if (const std::string v = get(env, "DIFFLENS_SHARD"); !v.empty()) {
        source = "DIFFLENS_SHARD";
        if (!review::parseShard(v, out, error)) {
            error = "DIFFLENS_SHARD: " + error;
            return false;
        }
        return true;
    }
    for (const Convention &c : kConventions) {
        const std::string index = get(env, c.index), total = get(env, c.total);
        if (index.empty() && total.empty())
            continue;
        source = std::string(c.index) + "/" + c.total;
        long i = 0, n = 0;
        if (!toInt(index, i) || !toInt(total, n) || n < 1 || i < c.base || i - c.base >= n) {
            error = source + " must be " + (c.base == 1 ? "1" : "0") + "-based index and total with index < " +
                    (c.base == 1 ? "= total" : "total") + ", got '" + index + "' and '" + total + "'";
            return false;
        }
        out.index = int(i - c.base + 1);
        out.count = int(n);
        return true;
    }
    error = "--shard auto: no shard variables set (DIFFLENS_SHARD=i/n, CI_NODE_INDEX/CI_NODE_TOTAL, "
            "CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL or BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT)";
    return false;
}

std::map<std::string, std::string> shardEnvironment()
{
    std::map<std::string, std::string> env;
    std::vector<const char *> names{"DIFFLENS_SHARD"};
    for (const Convention &c : kConventions) {
        names.push_back(c.index);
        names.push_back(c.total);
    }
    for (const char *name : names)
        if (const char *v = std::getenv(name))
            env[name] = v;
    return env;
}

} // namespace difflens::cli
