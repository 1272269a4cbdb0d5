#pragma once
// Shared probes of the GUI latency benchmark: the event-loop stall probe, a paint watcher,
// an event-pumping wait, the process's memory (VmHWM / VmRSS) and the RESULT lines the
// driver process collects from each measuring child.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QFile>
#include <QObject>
#include <QTimer>
#include <QWidget>

#include <cstdio>
#include <ctime>
#include <functional>
#include <utility>

namespace difflens::bench {

// Fires every 5 ms and keeps the largest gap between consecutive ticks.
class StallProbe : public QObject {
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed(), cpu = threadCpuNs();
            if (m_last >= 0 && now - m_last > m_max) {
                m_max = now - m_last;
                m_maxAt = m_last;
                m_maxCpu = cpu - m_lastCpu;
            }
            m_last = now;
            m_lastCpu = cpu;
            ++m_ticks;
        });
    }
    void start()
    {
        m_startMonoNs = cpuNs(CLOCK_MONOTONIC);
        m_clock.start();
        m_last = -1;
        m_max = 0;
        m_ticks = 0;
        m_timer.start(5);
    }
    void stop() { m_timer.stop(); }
    // Starts a new interval: maxGapMs() then covers the gaps from here on (the clock runs on).
    void split()
    {
        m_max = 0;
        m_maxAt = 0;
        m_maxCpu = 0;
    }
    double maxGapMs() const { return m_max / 1e6; }
    double maxGapStartMs() const { return m_maxAt / 1e6; } // since start()
    // The same on CLOCK_MONOTONIC, in seconds (to find the gap in `perf record -k mono`).
    double maxGapStartMonoS() const { return (m_startMonoNs + m_maxAt) / 1e9; }
    // CPU time the GUI thread spent within the largest gap: about the gap when the thread
    // was busy (the app's own work), far less when it waited or was not scheduled.
    double maxGapCpuMs() const { return m_maxCpu / 1e6; }
    static qint64 threadCpuNs() { return cpuNs(CLOCK_THREAD_CPUTIME_ID); }
    // The whole process's CPU time (user + system, all threads).
    static qint64 processCpuNs() { return cpuNs(CLOCK_PROCESS_CPUTIME_ID); }
    int ticks() const { return m_ticks; }

private:
    static qint64 cpuNs(clockid_t clock)
    {
        timespec ts{};
        clock_gettime(clock, &ts);
        return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
    }
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1, m_max = 0, m_maxAt = 0, m_lastCpu = 0, m_maxCpu = 0, m_startMonoNs = 0;
    int m_ticks = 0;
};

// Stamps the time (on `clock`) of the first paint of `target` that starts while `ready()`
// holds, taken right after that paint event (and the backing-store flush) completes.
class PaintWatcher : public QObject {
public:
    PaintWatcher(QWidget *target, std::function<bool()> ready, const QElapsedTimer *clock = nullptr)
        : m_target(target), m_ready(std::move(ready)), m_clock(clock)
    {
        target->installEventFilter(this);
    }
    bool painted() const { return m_painted; }
    qint64 paintedAtMs() const { return m_at; } // -1 until painted (needs a clock)

protected:
    bool eventFilter(QObject *o, QEvent *e) override
    {
        if (o == m_target && e->type() == QEvent::Paint && !m_painted && !m_armed && m_ready()) {
            m_armed = true;
            QTimer::singleShot(0, this, [this] {
                m_painted = true;
                if (m_clock)
                    m_at = m_clock->elapsed();
            });
        }
        return false;
    }

private:
    QWidget *m_target;
    std::function<bool()> m_ready;
    const QElapsedTimer *m_clock;
    bool m_armed = false, m_painted = false;
    qint64 m_at = -1;
};

// Runs the event loop as the app's own does (sleeping in poll between events, not spinning:
// a spinning wait takes a whole core from the workers of a 2-core machine) until cond()
// holds or timeoutMs passes; cond() is checked every 5 ms.
inline void waitUntil(const std::function<bool()> &cond, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    if (cond())
        return;
    QEventLoop loop;
    QTimer check;
    check.setInterval(5);
    QObject::connect(&check, &QTimer::timeout, &loop, [&cond, &t, &loop, timeoutMs] {
        if (cond() || t.elapsed() >= timeoutMs)
            loop.quit();
    });
    check.start();
    loop.exec();
}

// A field of /proc/self/status in MiB ("VmHWM", "VmRSS"); -1 when unreadable.
inline double procStatusMiB(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toDouble() / 1024.0; // kB
    return -1;
}

inline QByteArray loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().split(' ').mid(0, 3).join(' ') : QByteArray("?");
}

// One measurement for the driver: "RESULT <key> <value>" (the driver prints medians).
inline void result(const char *key, double value)
{
    std::printf("RESULT %s %.3f\n", key, value);
    std::fflush(stdout);
}

} // namespace difflens::bench
