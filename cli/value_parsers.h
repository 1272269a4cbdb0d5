#pragma once
// Parsers for option values. Each returns false with a reason (without the option name).
#include "difflens/engine/job.h"

#include <cstdint>
#include <string>

namespace difflens::cli {

bool parseDouble(const std::string &text, double minValue, double maxValue, double &out, std::string &error);
bool parseInt64(const std::string &text, int64_t minValue, int64_t maxValue, int64_t &out, std::string &error);
// "R,G,B" with components 0..255.
bool parseColor(const std::string &text, Rgb &out, std::string &error);
// "x1:y1-x2:y2", both corners inclusive (x2 >= x1, y2 >= y1).
bool parseIgnoreRect(const std::string &text, Rect &out, std::string &error);
// "512M", "2G", "64K" (powers of 1024) or plain bytes.
bool parseByteSize(const std::string &text, int64_t &out, std::string &error);
bool parseDevice(const std::string &text, Device &out, std::string &error);
bool parseTier(const std::string &text, Tier &out, std::string &error);
// A memory ratio threshold: a number greater than 0 and at most 1.
bool parseMemoryRatio(const std::string &text, double &out, std::string &error);
// The warning threshold must be below the critical one; the reason names both options.
bool checkMemoryThresholds(double warning, double critical, std::string &error);

} // namespace difflens::cli
