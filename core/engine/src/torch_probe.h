#pragma once
// Small diagnostics of the LibTorch layer, callable without LibTorch headers (tests, bench).
#include <cstdint>

namespace difflens::detail {

// Allocates `bytes` on the CUDA device (cuda) or the CPU through LibTorch and frees it
// again; out-of-memory is reported as std::bad_alloc, exactly like runTileTorch.
void torchProbeAllocation(int64_t bytes, bool cuda);

} // namespace difflens::detail
