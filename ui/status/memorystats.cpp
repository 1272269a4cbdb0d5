// The memory sampler thread and the GUI-side history of its samples.
#include "status/memorystats.h"

#include "appsettings.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>

namespace difflens::ui {

namespace {
qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}
} // namespace

MemorySampler::MemorySampler(std::unique_ptr<MemoryMonitor> monitor, int intervalMs)
    : m_monitor(std::move(monitor)), m_interval(intervalMs)
{
}

void MemorySampler::start()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::CoarseTimer);
        connect(m_timer, &QTimer::timeout, this, &MemorySampler::sampleOnce);
    }
    sampleOnce();
    m_timer->start(m_interval);
}

void MemorySampler::stop()
{
    if (m_timer)
        m_timer->stop();
}

void MemorySampler::sampleOnce()
{
    if (!m_monitor)
        return;
    const MemorySample s = m_monitor->sample();
    MemorySnapshot snap;
    snap.msecs = monotonicMs();
    snap.usedBytes = s.usedBytes;
    snap.totalBytes = s.totalBytes;
    snap.processBytes = s.processBytes;
    snap.ratio = s.ratio;
    snap.isCuda = s.isCuda;
    snap.device = QString::fromStdString(s.device);
    Q_EMIT sampled(snap);
}

MemoryStats::MemoryStats(std::unique_ptr<MemoryMonitor> monitor, int intervalMs, QObject *parent)
    : QObject(parent), m_sampler(new MemorySampler(std::move(monitor), intervalMs)), m_throttle(new QTimer(this))
{
    qRegisterMetaType<MemorySnapshot>();
    m_throttle->setSingleShot(true);
    m_throttle->setInterval(intervalMs);
    connect(m_throttle, &QTimer::timeout, this, [this] {
        if (m_pending) {
            m_pending = false;
            Q_EMIT updated();
        }
    });
    m_thread.setObjectName(QStringLiteral("difflens-memory"));
    m_sampler->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, m_sampler, &MemorySampler::start);
    connect(m_sampler, &MemorySampler::sampled, this, &MemoryStats::onSample, Qt::QueuedConnection);
    m_thread.start(QThread::LowPriority);
}

MemoryStats::~MemoryStats()
{
    // The thread may never have started (no memory for its stack): a blocking call into it
    // would then wait forever.
    if (m_thread.isRunning())
        QMetaObject::invokeMethod(m_sampler, &MemorySampler::stop, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_sampler;
}

void MemoryStats::setThresholds(const MemoryThresholds &t)
{
    m_thresholds = t;
    Q_EMIT updated();
}

void MemoryStats::setExplicitBudget(qint64 bytes) { m_explicitBudget = std::max<qint64>(0, bytes); }

MemoryStatus MemoryStats::status() const
{
    return m_history.isEmpty() ? MemoryStatus::Unknown
                               : MemoryMonitor::classify(m_history.last().budgetRatio(), m_thresholds);
}

void MemoryStats::onSample(const MemorySnapshot &sample)
{
    ++m_received;
    MemorySnapshot s = sample;
    if (s.isCuda) {
        s.budgetBytes = s.totalBytes;
    } else {
        MemorySample cpu;
        cpu.usedBytes = s.usedBytes;
        cpu.totalBytes = s.totalBytes;
        cpu.processBytes = s.processBytes;
        const MemoryBudget b = appMemoryBudget(m_explicitBudget, cpu);
        s.budgetBytes = b.bytes > 0 ? b.bytes : -1;
        s.budgetAutomatic = b.automatic;
        s.budgetMarginBytes = b.marginBytes;
        s.budgetAddressLimited = b.addressLimited;
    }
    m_history.append(s);
    int drop = 0;
    while (drop < m_history.size() && s.msecs - m_history[drop].msecs > kWindowMs)
        ++drop;
    if (drop > 0)
        m_history.remove(0, drop);
    if (m_throttle->isActive()) {
        m_pending = true;
        return;
    }
    m_throttle->start();
    Q_EMIT updated();
}

} // namespace difflens::ui
