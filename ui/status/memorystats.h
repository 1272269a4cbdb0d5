#pragma once
// Samples the engine MemoryMonitor on its own thread (~4 Hz) and keeps the last 60 s of
// snapshots for the status-bar sparkline. The GUI only receives finished snapshots
// (queued) and a throttled updated() signal. The monitor is injected, so tests can pass a
// MemoryMonitor built on a fake MemorySource.
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
    double ratio = -1;
    bool isCuda = false;
    QString device;
    double processRatio() const { return totalBytes > 0 && processBytes >= 0 ? double(processBytes) / double(totalBytes) : -1; }
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
    static constexpr qint64 kWindowMs = 60000;

    MemoryStats(std::unique_ptr<MemoryMonitor> monitor, int intervalMs = 250, QObject *parent = nullptr);
    ~MemoryStats() override;

    const QVector<MemorySnapshot> &history() const { return m_history; }
    MemorySnapshot latest() const { return m_history.isEmpty() ? MemorySnapshot{} : m_history.last(); }
    MemoryThresholds thresholds() const { return m_thresholds; }
    void setThresholds(const MemoryThresholds &t);
    MemoryStatus status() const;
    int sampleCount() const { return m_received; }

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
    int m_received = 0;
};

} // namespace difflens::ui

Q_DECLARE_METATYPE(difflens::ui::MemorySnapshot)
