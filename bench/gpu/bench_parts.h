#pragma once
// Parts of the GPU benchmark beyond the kernel timings (each returns its failed checks).

namespace difflens::gpubench {

// Fused tiles through every transfer variant (tiny pinned buffers, rows wider than a buffer,
// direct copies, strided source views, tile destinations, 8 and 16 bit) against the CPU
// kernels and against each other.
int runTransferChecks();

// runJob end to end on an n x n frame (diff image, mask and SSIM map returned): fused CUDA
// path with staged and direct transfers (median of `runs` warm runs, stage breakdown), the
// CPU path, and result checks (fused == CPU, staged == direct, tiled == whole).
int runJobBench(int n, int runs, bool cpu);

} // namespace difflens::gpubench
