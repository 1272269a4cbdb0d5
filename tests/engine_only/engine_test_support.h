#pragma once
// Tiny assertion harness and deterministic screenshot-like image pairs for the engine-only
// tests (no Qt: this suite also builds on machines with only the engine's dependencies).
#include "difflens/engine/image.h"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace difflens::enginetest {

struct SkipTest {
    std::string reason;
};

class Harness {
public:
    void add(std::string name, std::function<void()> fn) { m_tests.push_back({std::move(name), std::move(fn)}); }
    int run(); // prints one line per test and the final "N passed, M failed"

private:
    struct Entry {
        std::string name;
        std::function<void()> fn;
    };
    std::vector<Entry> m_tests;
};

// Records a failure (file:line and message) in the running test; the test continues.
void fail(const char *file, int line, const std::string &message);
void skip(const std::string &reason); // throws SkipTest

#define ENGINE_CHECK(cond)                                                                  \
    do {                                                                                    \
        if (!(cond))                                                                        \
            ::difflens::enginetest::fail(__FILE__, __LINE__, "check failed: " #cond);        \
    } while (0)

#define ENGINE_CHECK_EQ(a, b)                                                                                  \
    do {                                                                                                       \
        const auto va_ = (a);                                                                                  \
        const auto vb_ = (b);                                                                                  \
        if (!(va_ == vb_))                                                                                     \
            ::difflens::enginetest::fail(__FILE__, __LINE__,                                                   \
                                         std::string(#a " == " #b ": ") + std::to_string(va_) + " vs " +       \
                                             std::to_string(vb_));                                             \
    } while (0)

// A deterministic pair: flat UI background, solid panels, anti-aliased strokes, a
// semi-transparent overlay, a noisy photo patch; `b` moves, recolours and retouches parts.
struct Pair {
    Image a, b;
};
Pair makeScreenshotPair(int width, int height, int depth, uint32_t seed);

} // namespace difflens::enginetest
