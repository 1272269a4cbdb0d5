#pragma once
// Progress of one streamed comparison on stderr: rows done, MP/s and time left, shown once
// the run has taken about a second. A bar redrawn in place when stderr is a terminal, plain
// lines (one every few seconds) otherwise. Also Ctrl-C: the first SIGINT asks the running
// comparison to stop within a band.
#include <chrono>
#include <cstdint>
#include <string>

namespace difflens::cli {

class RowProgress {
public:
    enum class Mode { Off, Auto, Forced };
    explicit RowProgress(Mode mode);
    ~RowProgress();

    void update(int rowsDone, int rowsTotal, int width);
    void finish(); // erases the bar (terminal) or prints nothing more

    // Text of one report (for tests): "rows 1024/16384 (6%), 45.1 MP/s, 12 s left".
    static std::string describe(int rowsDone, int rowsTotal, int width, double seconds);

private:
    Mode m_mode;
    bool m_terminal;
    std::chrono::steady_clock::time_point m_start, m_last;
    bool m_shown = false;
};

// Installs a SIGINT handler whose first signal sets interruptRequested(); the second one
// ends the process as SIGINT normally does. Uninstalled by the destructor.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    static bool interruptRequested();
};

} // namespace difflens::cli
