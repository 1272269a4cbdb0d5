#include "difflens/engine/parallel.h"

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

namespace difflens {

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
    auto chunk = [n, t](int i) { return std::make_pair(int(int64_t(n) * i / t), int(int64_t(n) * (i + 1) / t)); };
    for (int i = 1; i < t; ++i) {
        workers.emplace_back([&fn, &errors, chunk, i] {
            try {
                const auto [b, e] = chunk(i);
                fn(b, e);
            } catch (...) {
                errors[size_t(i)] = std::current_exception();
            }
        });
    }
    try {
        const auto [b, e] = chunk(0);
        fn(b, e);
    } catch (...) {
        errors[0] = std::current_exception();
    }
    for (auto &w : workers)
        w.join();
    for (auto &e : errors)
        if (e)
            std::rethrow_exception(e);
}

} // namespace difflens
