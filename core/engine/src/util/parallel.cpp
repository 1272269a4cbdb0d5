#include "difflens/engine/parallel.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace difflens {

namespace {

std::atomic<int> g_threadStartFailAfter{-1};

} // namespace

namespace detail {

void setThreadStartFailureForTesting(int failAfter)
{
    g_threadStartFailAfter.store(failAfter < 0 ? -1 : failAfter);
}

} // namespace detail

int defaultThreadCount()
{
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : int(std::min(n, 64u));
}

void parallelFor(int n, const std::function<void(int, int)> &fn, int threads)
{
    if (n <= 0)
        return;
    int t = threads > 0 ? threads : defaultThreadCount();
    t = std::max(1, std::min(t, n));
    if (t == 1) {
        fn(0, n);
        return;
    }
    std::vector<std::exception_ptr> errors(static_cast<size_t>(t));
    std::vector<std::thread> workers;
    workers.reserve(size_t(t - 1));
    const auto chunk = [n, t](int i) {
        return std::make_pair(int(int64_t(n) * i / t), int(int64_t(n) * (i + 1) / t));
    };
    // Runs chunk i, keeping its exception; safe on any thread (touches only errors[i]).
    const std::function<void(int, int)> *body = &fn;
    std::exception_ptr *slots = errors.data();
    const auto runChunk = [body, slots, chunk](int i) {
        try {
            const auto [b, e] = chunk(i);
            (*body)(b, e);
        } catch (...) {
            slots[i] = std::current_exception();
        }
    };
    const int failAfter = g_threadStartFailAfter.load();
    int started = 1; // chunk 0 is the caller's
    for (int i = 1; i < t; ++i) {
        try {
            if (failAfter >= 0 && i - 1 >= failAfter)
                throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again),
                                        "injected thread start failure");
            workers.emplace_back(runChunk, i);
            started = i + 1;
        } catch (const std::exception &) {
            // No thread for chunk i (std::system_error, or no memory for its state): this
            // chunk and the ones after it run on the calling thread below.
            break;
        }
    }
    runChunk(0);
    for (int i = started; i < t; ++i)
        runChunk(i);
    for (auto &w : workers)
        w.join();
    for (auto &e : errors)
        if (e)
            std::rethrow_exception(e);
}

} // namespace difflens
