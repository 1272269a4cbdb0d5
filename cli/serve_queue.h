#pragma once
// The request queue of `difflens-cli serve`: requests run on a fixed set of worker threads
// (started once, not per request) and their answers are written strictly in request order,
// each as soon as it and every earlier one are done, so a client that waits for each answer
// is never held up by the next request. A request that reads or writes a file an unfinished
// earlier request writes (a diff image used as an input, two requests writing one file)
// waits until that request is done, so the answers equal those of running one at a time.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace difflens::cli {

struct RequestFiles {
    std::vector<std::string> reads;  // inputs: the two images, a sidecar
    std::vector<std::string> writes; // outputs: the diff image and any other file option
};

class OrderedRunner {
public:
    using Task = std::function<std::string()>; // computes one answer line (must not throw)
    using Writer = std::function<void(const std::string &line)>;

    // jobs: worker threads (1: every task runs on the submitting thread, no thread at all).
    OrderedRunner(int jobs, Writer write);
    ~OrderedRunner(); // waits for every submitted task, then stops the workers
    OrderedRunner(const OrderedRunner &) = delete;
    OrderedRunner &operator=(const OrderedRunner &) = delete;

    // Queues a task. Blocks while 2 x jobs answers are pending, or while the task's files
    // conflict with an unfinished earlier task's.
    void submit(Task task, RequestFiles files);
    // An answer known at once (a request that cannot be run), written in its turn.
    void submitAnswer(std::string line);
    // Waits until every answer submitted so far has been written.
    void drain();

    int jobs() const { return m_jobs; }

private:
    struct Slot {
        bool done = false;
        std::string line;
        RequestFiles files;
    };
    bool conflicts(const RequestFiles &files) const;
    uint64_t addSlot(std::unique_lock<std::mutex> &lock, const RequestFiles &files);
    void complete(std::unique_lock<std::mutex> &lock, uint64_t seq, std::string line);
    void work();

    const int m_jobs;
    Writer m_write;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::pair<uint64_t, Task>> m_queue; // not started yet
    std::map<uint64_t, Slot> m_slots;              // submitted and not written, by sequence
    uint64_t m_nextSeq = 0, m_nextWrite = 0;
    bool m_stop = false;
    std::vector<std::thread> m_workers;
};

// The default number of jobs: the machine's cores, at most 4.
int defaultServeJobs();

} // namespace difflens::cli
