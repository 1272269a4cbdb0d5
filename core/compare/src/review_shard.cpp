#include "difflens/compare/review/shard.h"

#include "difflens/compare/review/hash.h"

#include <cstdlib>

namespace difflens::review {

bool Shard::contains(const std::string &relPath) const
{
    if (count <= 1)
        return true;
    return int(fnv1a64(relPath) % uint64_t(count)) == index - 1;
}

namespace {
bool parsePositive(const std::string &s, int &out)
{
    if (s.empty() || s.size() > 6)
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    out = std::atoi(s.c_str());
    return out > 0;
}
} // namespace

bool parseShard(const std::string &text, Shard &out, std::string &error)
{
    const auto slash = text.find('/');
    Shard s;
    if (slash == std::string::npos || !parsePositive(text.substr(0, slash), s.index) ||
        !parsePositive(text.substr(slash + 1), s.count) || s.index > s.count) {
        error = "shard must be i/n with 1 <= i <= n, got '" + text + "'";
        return false;
    }
    out = s;
    return true;
}

} // namespace difflens::review
