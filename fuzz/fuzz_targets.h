#pragma once
// The fuzz targets' bodies, callable without libFuzzer: tests/hardening replays the inputs
// kept in tests/data/bad/fuzz/ through them (compiled with DIFFLENS_FUZZ_NO_MAIN).
// Each returns 0 and aborts with a message when an invariant is broken.
#include <cstddef>
#include <cstdint>

namespace difflens::fuzz {

int fuzzDecodeOne(const uint8_t *data, size_t size);
int fuzzCompareOne(const uint8_t *data, size_t size);
int fuzzPngOne(const uint8_t *data, size_t size);

} // namespace difflens::fuzz
