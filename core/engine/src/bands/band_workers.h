#pragma once
// Internal: the helper threads of one streamed comparison. They are started once per job
// and share each band's work with the calling thread by claiming tasks from a counter, so
// a helper that the scheduler has not woken yet (a busy machine) costs nothing: the caller
// runs the tasks nobody claimed and waits only for tasks a helper has started.
#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace difflens::detail {

class BandWorkers {
public:
    // `helpers` threads beside the caller (fewer when a thread cannot be started; none is fine).
    explicit BandWorkers(int helpers);
    BandWorkers(const BandWorkers &) = delete;
    BandWorkers &operator=(const BandWorkers &) = delete;
    ~BandWorkers();

    int helpers() const { return int(m_threads.size()); }
    // Runs task(i) for every i in [0, count), each exactly once, on the caller and the
    // helpers; returns when all are done. Rethrows the first exception a task threw (the
    // other tasks still run).
    void run(int count, const std::function<void(int)> &task);

private:
    void helperLoop();
    void claimAll(const std::function<void(int)> &task, int count);

    std::mutex m_mutex;
    std::condition_variable m_wake, m_idle;
    std::vector<std::thread> m_threads;
    const std::function<void(int)> *m_task = nullptr; // null: no batch open
    int m_count = 0;
    unsigned m_batch = 0;  // batch number, so a helper joins each batch at most once
    int m_inBatch = 0;     // helpers running tasks of the open batch
    bool m_stop = false;
    std::atomic<int> m_next{0};
    std::exception_ptr m_error;
};

} // namespace difflens::detail
