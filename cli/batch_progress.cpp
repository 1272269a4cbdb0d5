#include "batch_progress.h"

#include <cstdio>
#include <unistd.h>

namespace difflens::cli {

BatchProgress::BatchProgress(bool enabled, int64_t total) : m_enabled(enabled), m_total(total) {}

bool BatchProgress::stderrIsTerminal()
{
    return ::isatty(STDERR_FILENO) == 1;
}

void BatchProgress::update(int64_t done, int64_t failures, const std::string &current)
{
    if (!m_enabled)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (m_drawn && done < m_total && now - m_last < std::chrono::milliseconds(100))
        return;
    m_last = now;
    constexpr int kWidth = 30;
    const double frac = m_total > 0 ? double(done) / double(m_total) : 0.0;
    const int filled = int(frac * kWidth + 0.5);
    std::string bar(size_t(filled > kWidth ? kWidth : filled), '#');
    bar.resize(kWidth, '-');
    std::string name = current;
    if (name.size() > 40)
        name = "..." + name.substr(name.size() - 37);
    std::fprintf(stderr, "\r\033[K[%s] %lld/%lld  %lld failed  %s", bar.c_str(), static_cast<long long>(done),
                 static_cast<long long>(m_total), static_cast<long long>(failures), name.c_str());
    std::fflush(stderr);
    m_drawn = true;
}

void BatchProgress::finish()
{
    if (m_enabled && m_drawn) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    }
    m_drawn = false;
}

} // namespace difflens::cli
