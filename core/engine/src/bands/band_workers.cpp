// The helper threads of a streamed comparison (band_workers.h).
#include "bands/band_workers.h"

#include <system_error>

namespace difflens::detail {

BandWorkers::BandWorkers(int helpers)
{
    for (int i = 0; i < helpers; ++i) {
        try {
            m_threads.emplace_back([this] { helperLoop(); });
        } catch (const std::system_error &) {
            break; // fewer helpers; the caller runs what they would have
        }
    }
}

BandWorkers::~BandWorkers()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    for (std::thread &t : m_threads)
        t.join();
}

// Runs tasks until the counter passes the batch's count; keeps the first exception.
void BandWorkers::claimAll(const std::function<void(int)> &task, int count)
{
    for (int i = m_next.fetch_add(1); i < count; i = m_next.fetch_add(1)) {
        try {
            task(i);
        } catch (...) {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (!m_error)
                m_error = std::current_exception();
        }
    }
}

void BandWorkers::helperLoop()
{
    unsigned seen = 0;
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this, &seen] { return m_stop || (m_task && m_batch != seen); });
        if (m_stop)
            return;
        seen = m_batch;
        ++m_inBatch;
        const std::function<void(int)> &task = *m_task; // valid until m_inBatch is 0 again
        const int count = m_count;
        lock.unlock();
        claimAll(task, count);
        lock.lock();
        if (--m_inBatch == 0)
            m_idle.notify_all();
    }
}

void BandWorkers::run(int count, const std::function<void(int)> &task)
{
    if (count <= 0)
        return;
    if (m_threads.empty() || count == 1) {
        for (int i = 0; i < count; ++i)
            task(i);
        return;
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_task = &task;
        m_count = count;
        m_next.store(0);
        m_error = nullptr;
        ++m_batch;
    }
    m_wake.notify_all();
    claimAll(task, count);
    std::exception_ptr error;
    {
        // Close the batch: a helper that wakes from now on does not join it; wait for
        // those that did (they finish the tasks they claimed).
        std::unique_lock<std::mutex> lock(m_mutex);
        m_task = nullptr;
        m_idle.wait(lock, [this] { return m_inBatch == 0; });
        error = m_error;
        m_error = nullptr;
    }
    if (error)
        std::rethrow_exception(error);
}

} // namespace difflens::detail
