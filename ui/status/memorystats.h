#pragma once
// Samples the engine MemoryMonitor on its own thread (~4 Hz) and keeps the last five minutes
// of snapshots for the status-bar graph and its panel. The GUI only receives finished
// snapshots (queued) and a throttled updated() signal (at most one per interval). The
// monitor is injected, so tests can pass a MemoryMonitor built on a fake MemorySource.
// Each snapshot carries the scale the display uses: on the CPU the app's memory budget
// (appMemoryBudget), on CUDA the device's total; budgetRatio() is what is classified.
#include "difflens/engine/monitor.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>
#include <QVector>

#include <memory>

class QTimer;

namespace difflens::ui {

struct MemorySnapshot {
    qint64 msecs = 0;            // monotonic time of the sample
    qint64 usedBytes = -1, totalBytes = -1, processBytes = -1;
    double ratio = -1;           // device (CUDA) or system (CPU) used/total; -1 unknown
    bool isCuda = false;
    QString device;
    qint64 budgetBytes = -1;     // CPU: the app's budget then; CUDA: the device total; <= 0 unknown
    bool budgetAutomatic = true;
    qint64 budgetMarginBytes = 0;
    bool budgetAddressLimited = false;
    // What the display shows and the status is classified from: CPU, the process against
    // the app's budget; CUDA, device memory in use against its total. -1 when unknown.
    double budgetRatio() const
    {
        if (isCuda)
            return ratio;
        return budgetBytes > 0 && processBytes >= 0 ? double(processBytes) / double(budgetBytes) : -1;
    }
};

class MemorySampler : public QObject {
    Q_OBJECT
public:
    MemorySampler(std::unique_ptr<MemoryMonitor> monitor, int intervalMs);
    void start();   // call in the sampler's thread
    void stop();

Q_SIGNALS:
    void sampled(const difflens::ui::MemorySnapshot &snapshot);

private:
    void sampleOnce();
    std::unique_ptr<MemoryMonitor> m_monitor;
    QTimer *m_timer = nullptr;
    int m_interval;
};

class MemoryStats : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kWindowMs = 5 * 60 * 1000;   // history kept (the panel's graph)

    MemoryStats(std::unique_ptr<MemoryMonitor> monitor, int intervalMs = 250, QObject *parent = nullptr);
    ~MemoryStats() override;

    const QVector<MemorySnapshot> &history() const { return m_history; }
    MemorySnapshot latest() const { return m_history.isEmpty() ? MemorySnapshot{} : m_history.last(); }
    MemoryThresholds thresholds() const { return m_thresholds; }
    void setThresholds(const MemoryThresholds &t);
    // The app's budget from Settings (bytes; 0 = automatic), applied from the next sample.
    void setExplicitBudget(qint64 bytes);
    qint64 explicitBudget() const { return m_explicitBudget; }
    MemoryStatus status() const;   // of the latest snapshot's budgetRatio()
    int sampleCount() const { return m_received; }
    // Takes a snapshot as if the sampler had sent it (the budget is filled in here). For
    // tests and documentation screenshots that need a known history.
    void addSnapshot(const MemorySnapshot &s) { onSample(s); }

Q_SIGNALS:
    void updated();   // at most once per interval

private:
    void onSample(const MemorySnapshot &s);

    QThread m_thread;
    MemorySampler *m_sampler;
    QTimer *m_throttle;
    bool m_pending = false;
    QVector<MemorySnapshot> m_history;
    MemoryThresholds m_thresholds;
    qint64 m_explicitBudget = 0;
    int m_received = 0;
};

} // namespace difflens::ui

Q_DECLARE_METATYPE(difflens::ui::MemorySnapshot)
