#pragma once
// Progress bar on stderr for folder compares (drawn only when stderr is a terminal).
#include <chrono>
#include <cstdint>
#include <string>

namespace difflens::cli {

class BatchProgress {
public:
    // enabled=false: every call is a no-op.
    BatchProgress(bool enabled, int64_t total);
    static bool stderrIsTerminal();

    void update(int64_t done, int64_t failures, const std::string &current);
    void finish(); // erases the bar

private:
    bool m_enabled;
    int64_t m_total;
    std::chrono::steady_clock::time_point m_last;
    bool m_drawn = false;
};

} // namespace difflens::cli
