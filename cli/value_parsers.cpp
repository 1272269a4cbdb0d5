#include "value_parsers.h"

#include "difflens/engine/planner.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace difflens::cli {

namespace {

bool parseWholeInt(const std::string &text, int64_t &out)
{
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])))
        return false;
    errno = 0;
    char *end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno != 0 || end != text.c_str() + text.size())
        return false;
    out = v;
    return true;
}

} // namespace

bool parseDouble(const std::string &text, double minValue, double maxValue, double &out, std::string &error)
{
    char *end = nullptr;
    errno = 0;
    const double v = text.empty() ? 0.0 : std::strtod(text.c_str(), &end);
    if (text.empty() || errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v) ||
        v < minValue || v > maxValue) {
        std::ostringstream msg;
        msg << "expected a number from " << minValue << " to " << maxValue << ", got '" << text << "'";
        error = msg.str();
        return false;
    }
    out = v;
    return true;
}

bool parseInt64(const std::string &text, int64_t minValue, int64_t maxValue, int64_t &out, std::string &error)
{
    int64_t v = 0;
    if (!parseWholeInt(text, v) || v < minValue || v > maxValue) {
        error = "expected an integer from " + std::to_string(minValue) + " to " + std::to_string(maxValue) +
                ", got '" + text + "'";
        return false;
    }
    out = v;
    return true;
}

bool parseColor(const std::string &text, Rgb &out, std::string &error)
{
    int64_t c[3];
    size_t start = 0;
    for (int i = 0; i < 3; ++i) {
        const size_t comma = text.find(',', start);
        const bool last = i == 2;
        if (last != (comma == std::string::npos) ||
            !parseWholeInt(text.substr(start, last ? std::string::npos : comma - start), c[i]) || c[i] < 0 ||
            c[i] > 255) {
            error = "expected a colour R,G,B with components 0..255, got '" + text + "'";
            return false;
        }
        start = comma + 1;
    }
    out = Rgb{uint8_t(c[0]), uint8_t(c[1]), uint8_t(c[2])};
    return true;
}

bool parseIgnoreRect(const std::string &text, Rect &out, std::string &error)
{
    const std::string bad = "expected a region x1:y1-x2:y2, got '" + text + "'";
    const size_t dash = text.find('-');
    if (dash == std::string::npos) {
        error = bad;
        return false;
    }
    int64_t v[4];
    const std::string corners[2] = {text.substr(0, dash), text.substr(dash + 1)};
    for (int i = 0; i < 2; ++i) {
        const size_t colon = corners[i].find(':');
        if (colon == std::string::npos || !parseWholeInt(corners[i].substr(0, colon), v[2 * i]) ||
            !parseWholeInt(corners[i].substr(colon + 1), v[2 * i + 1])) {
            error = bad;
            return false;
        }
    }
    const int64_t maxCoord = std::numeric_limits<int>::max() - 1;
    for (int64_t c : v) {
        if (c < 0 || c > maxCoord) {
            error = bad + " (coordinates must be non-negative)";
            return false;
        }
    }
    if (v[2] < v[0] || v[3] < v[1]) {
        error = bad + " (x2:y2 must not be above or left of x1:y1)";
        return false;
    }
    out = Rect{int(v[0]), int(v[1]), int(v[2] - v[0] + 1), int(v[3] - v[1] + 1)};
    return true;
}

bool parseByteSize(const std::string &text, int64_t &out, std::string &error)
{
    std::string digits = text;
    int64_t unit = 1;
    if (!digits.empty()) {
        const char suffix = char(std::toupper(static_cast<unsigned char>(digits.back())));
        const int64_t units[] = {int64_t(1) << 10, int64_t(1) << 20, int64_t(1) << 30, int64_t(1) << 40};
        const char *names = "KMGT";
        for (int i = 0; i < 4; ++i) {
            if (suffix == names[i]) {
                unit = units[i];
                digits.pop_back();
            }
        }
    }
    int64_t v = 0;
    if (!parseWholeInt(digits, v) || v <= 0 || v > std::numeric_limits<int64_t>::max() / unit) {
        error = "expected a size such as 512M or 2G, got '" + text + "'";
        return false;
    }
    out = v * unit;
    return true;
}

bool parseDevice(const std::string &text, Device &out, std::string &error)
{
    if (text == "auto")
        out = Device::Auto;
    else if (text == "cpu")
        out = Device::Cpu;
    else if (text == "cuda")
        out = Device::Cuda;
    else {
        error = "expected auto, cpu or cuda, got '" + text + "'";
        return false;
    }
    return true;
}

bool parseTier(const std::string &text, Tier &out, std::string &error)
{
    if (text == "auto")
        out = Tier::Auto;
    else if (text == "high")
        out = Tier::High;
    else if (text == "medium")
        out = Tier::Medium;
    else if (text == "low") {
        error = kLowTierIsDisplayOnly;
        return false;
    } else {
        error = "expected auto, high or medium, got '" + text + "'";
        return false;
    }
    return true;
}

bool parseMemoryRatio(const std::string &text, double &out, std::string &error)
{
    char *end = nullptr;
    errno = 0;
    const double v = text.empty() ? 0.0 : std::strtod(text.c_str(), &end);
    if (text.empty() || errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v) || v <= 0 ||
        v > 1) {
        error = "expected a memory ratio greater than 0 and at most 1, got '" + text + "'";
        return false;
    }
    out = v;
    return true;
}

bool checkMemoryThresholds(double warning, double critical, std::string &error)
{
    if (warning < critical)
        return true;
    std::ostringstream msg;
    msg << "the warning threshold (" << warning << ") must be below the critical threshold (" << critical
        << "); see --warning-threshold and --critical-threshold";
    error = msg.str();
    return false;
}

} // namespace difflens::cli
