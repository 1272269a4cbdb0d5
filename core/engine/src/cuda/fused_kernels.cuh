#pragma once
// Launchers of the fused CUDA metric kernels. Plain C++ interface (no LibTorch, no CUDA
// headers needed by callers): device pointers in, results in a small device buffer, work
// queued on the given stream. Launchers throw std::runtime_error on launch failure.
#include <cstddef>
#include <cstdint>

struct CUstream_st;
typedef CUstream_st *cudaStream_t;

namespace difflens::cuda {

// A rectangle of a frame uploaded to the device: RGBA samples (uint8 or uint16), rows
// tightly packed (width * 4 samples), whose top-left pixel is (x, y) of the frame.
struct DeviceRegion {
    const void *a = nullptr;
    const void *b = nullptr;
    int depth = 8;                 // 8 or 16 bits per sample
    int x = 0, y = 0, width = 0, height = 0;
    int frameWidth = 0, frameHeight = 0;
};

struct DeviceRect {
    int x, y, width, height;
};

// Layout of the pixelmatch/statistics result buffer (unsigned 64-bit words).
enum PixelmatchResultSlot : int {
    kResMismatched = 0,
    kResAntiAliased,
    kResPixels,
    kResDiffering,
    kResMaxDelta,
    kResSumAbs,
    kResSumSqLo,   // sum of squared deltas, low 64 bits
    kResSumSqHi,   // and the carries into the high 64 bits
    kResSlots
};

struct PixelmatchParams {
    DeviceRegion src;              // must cover area + 2 pixels (clipped to the frame)
    DeviceRect area;               // output rectangle, frame coordinates
    double maxDelta = 0;           // 35215 * threshold^2
    double alpha = 0.1;
    bool includeAA = false;
    bool diffMask = false;
    uint8_t aaColor[3] = {255, 255, 0};
    uint8_t diffColor[3] = {255, 0, 0};
    uint8_t altColor[3] = {255, 0, 0};
    const DeviceRect *ignore = nullptr; // device array
    int ignoreCount = 0;
    uint8_t *diff = nullptr;       // device RGBA8, area.width * 4 bytes per row, or null
    uint8_t *mask = nullptr;       // device MaskValue, area.width bytes per row, or null
    unsigned long long *result = nullptr; // device, kResSlots words, zeroed by the caller
};

void launchPixelmatchStats(const PixelmatchParams &p, cudaStream_t stream);

struct SsimParams {
    DeviceRegion src;              // must cover area + 5 pixels (clipped to the frame)
    DeviceRect area;
    int channels = 3;              // leading RGBA channels used (1 to 4)
    int crop = 5;                  // border excluded from the interior sums (0 for tiny frames)
    double c1 = 0, c2 = 0;         // (K1 L)^2, (K2 L)^2
    float *map = nullptr;          // device, area.width floats per row, or null
    double *channelSums = nullptr; // device, 4 doubles (interior sums), zeroed by caller
    double taps[11] = {};          // normalised Gaussian taps (sigma 1.5)
};

void launchSsimFused(const SsimParams &p, cudaStream_t stream);

// Gaussian window shared by the host-side bookkeeping and the kernel.
constexpr int kSsimRadius = 5;
constexpr int kSsimTaps = 2 * kSsimRadius + 1;

} // namespace difflens::cuda
