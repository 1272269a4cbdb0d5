// The ordered, concurrent request queue of `difflens-cli serve` (serve_queue.h).
#include "serve_queue.h"

#include <algorithm>

namespace difflens::cli {

namespace {

bool intersects(const std::vector<std::string> &a, const std::vector<std::string> &b)
{
    for (const std::string &x : a)
        if (std::find(b.begin(), b.end(), x) != b.end())
            return true;
    return false;
}

} // namespace

int defaultServeJobs()
{
    const unsigned n = std::thread::hardware_concurrency();
    return int(std::clamp(n, 1u, 4u));
}

OrderedRunner::OrderedRunner(int jobs, Writer write) : m_jobs(std::max(1, jobs)), m_write(std::move(write))
{
    if (m_jobs == 1)
        return;
    for (int i = 0; i < m_jobs; ++i) {
        try {
            m_workers.emplace_back([this] { work(); });
        } catch (const std::exception &) {
            break; // fewer threads than asked (a thread limit); at least the tasks still run
        }
    }
}

OrderedRunner::~OrderedRunner()
{
    drain();
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    for (std::thread &t : m_workers)
        t.join();
}

bool OrderedRunner::conflicts(const RequestFiles &files) const
{
    for (const auto &entry : m_slots) {
        const Slot &s = entry.second;
        if (s.done)
            continue;
        if (intersects(files.reads, s.files.writes) || intersects(files.writes, s.files.writes) ||
            intersects(files.writes, s.files.reads))
            return true;
    }
    return false;
}

uint64_t OrderedRunner::addSlot(std::unique_lock<std::mutex> &lock, const RequestFiles &files)
{
    const size_t limit = size_t(2 * m_jobs);
    m_changed.wait(lock, [this, &files, limit] { return m_slots.size() < limit && !conflicts(files); });
    const uint64_t seq = m_nextSeq++;
    m_slots[seq].files = files;
    return seq;
}

// Marks a slot done and writes every answer that is now next in order.
void OrderedRunner::complete(std::unique_lock<std::mutex> &, uint64_t seq, std::string line)
{
    Slot &slot = m_slots[seq];
    slot.done = true;
    slot.line = std::move(line);
    while (!m_slots.empty() && m_slots.begin()->first == m_nextWrite && m_slots.begin()->second.done) {
        m_write(m_slots.begin()->second.line); // under the lock: one writer at a time, in order
        m_slots.erase(m_slots.begin());
        ++m_nextWrite;
    }
    m_changed.notify_all();
}

void OrderedRunner::submit(Task task, RequestFiles files)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    const uint64_t seq = addSlot(lock, files);
    if (m_workers.empty()) { // one job: run it here
        lock.unlock();
        std::string line = task();
        lock.lock();
        complete(lock, seq, std::move(line));
        return;
    }
    m_queue.emplace_back(seq, std::move(task));
    m_changed.notify_all();
}

void OrderedRunner::submitAnswer(std::string line)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    const uint64_t seq = addSlot(lock, RequestFiles());
    complete(lock, seq, std::move(line));
}

void OrderedRunner::drain()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return m_slots.empty(); });
}

void OrderedRunner::work()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return m_stop || !m_queue.empty(); });
        if (m_queue.empty())
            return; // stopping
        auto [seq, task] = std::move(m_queue.front());
        m_queue.pop_front();
        lock.unlock();
        std::string line = task();
        lock.lock();
        complete(lock, seq, std::move(line));
    }
}

} // namespace difflens::cli
