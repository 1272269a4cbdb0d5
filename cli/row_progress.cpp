// Progress lines and bar of a streamed comparison, and the Ctrl-C guard (row_progress.h).
#include "row_progress.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace difflens::cli {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kShowAfter = std::chrono::milliseconds(1000);
constexpr auto kTerminalEvery = std::chrono::milliseconds(100);
constexpr auto kLineEvery = std::chrono::milliseconds(5000);

std::atomic<bool> g_interrupted{false};
struct sigaction g_previous;

extern "C" void onInterrupt(int)
{
    if (g_interrupted.exchange(true)) {
        ::signal(SIGINT, SIG_DFL);
        ::raise(SIGINT);
    }
}

} // namespace

RowProgress::RowProgress(Mode mode)
    : m_mode(mode), m_terminal(::isatty(STDERR_FILENO) == 1), m_start(Clock::now()), m_last(m_start)
{
}

RowProgress::~RowProgress()
{
    finish();
}

std::string RowProgress::describe(int rowsDone, int rowsTotal, int width, double seconds)
{
    const double mp = double(rowsDone) * double(width) / 1e6;
    const double rate = seconds > 0 ? mp / seconds : 0;
    const double left = rowsDone > 0 ? seconds * double(rowsTotal - rowsDone) / double(rowsDone) : 0;
    const int pct = rowsTotal > 0 ? int(100.0 * rowsDone / rowsTotal) : 0;
    char buf[128];
    std::snprintf(buf, sizeof buf, "rows %d/%d (%d%%), %.1f MP/s, %.0f s left", rowsDone, rowsTotal, pct, rate, left);
    return buf;
}

void RowProgress::update(int rowsDone, int rowsTotal, int width)
{
    if (m_mode == Mode::Off)
        return;
    const auto now = Clock::now();
    if (m_mode == Mode::Auto && now - m_start < kShowAfter)
        return;
    const bool last = rowsDone >= rowsTotal;
    if (m_shown && !last && now - m_last < (m_terminal ? kTerminalEvery : kLineEvery))
        return;
    m_last = now;
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    const std::string text = describe(rowsDone, rowsTotal, width, seconds);
    if (m_terminal) {
        constexpr int kBar = 24;
        const int filled = rowsTotal > 0 ? int(double(kBar) * rowsDone / rowsTotal) : 0;
        std::string bar(size_t(filled), '#');
        bar.resize(kBar, '-');
        std::fprintf(stderr, "\r\033[K[%s] %s", bar.c_str(), text.c_str());
    } else {
        std::fprintf(stderr, "difflens-cli: %s\n", text.c_str());
    }
    std::fflush(stderr);
    m_shown = true;
}

void RowProgress::finish()
{
    if (m_shown && m_terminal) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    }
    m_shown = false;
}

InterruptGuard::InterruptGuard()
{
    g_interrupted = false;
    struct sigaction sa {};
    sa.sa_handler = onInterrupt;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, &g_previous);
}

InterruptGuard::~InterruptGuard()
{
    ::sigaction(SIGINT, &g_previous, nullptr);
}

bool InterruptGuard::interruptRequested()
{
    return g_interrupted.load();
}

} // namespace difflens::cli
