#pragma once
// Host <-> device row transfers of the fused CUDA path. Plain C++ interface (no LibTorch,
// no CUDA headers needed by callers).
//
// Staged mode (default): the rows are copied by several host threads ("lanes") into small
// reusable pinned buffers, two per lane, and moved by DMA on the lane's own stream, so the
// host copy of one chunk overlaps the DMA of the previous one and the lanes share the host
// memory bandwidth. Ordering with the kernels' stream goes through events. Pinned buffers
// are pooled across tiles and jobs. When pinned memory cannot be had, or a row does not fit
// a buffer, the rows go directly: cudaMemcpy2DAsync from/to the strided pageable memory.
//
// Every CUDA failure throws: std::bad_alloc for out-of-memory, std::runtime_error otherwise.
#include <cstddef>
#include <memory>

struct CUstream_st;
typedef CUstream_st *cudaStream_t;

namespace difflens::cuda {

// Rows of a host image and a device buffer holding the same rows tightly packed
// (device pitch = rowBytes).
struct RowCopy {
    void *host = nullptr;   // first row (only read by uploads)
    size_t hostStride = 0;  // bytes from one host row to the next (>= rowBytes)
    void *device = nullptr;
    size_t rowBytes = 0;
    int rows = 0;
};

enum class TransferMode { Staged, Direct };

struct TransferSettings {
    TransferMode mode = TransferMode::Staged;
    size_t slotBytes = 0; // bytes per pinned buffer; 0 = default (4 MiB)
    int lanes = 0;        // host threads / streams; 0 = default (up to 8)
};

// Process-wide settings (benchmarks and tests); take effect for sessions started later.
void setTransferSettings(const TransferSettings &s);
TransferSettings transferSettings();

struct TransferTimes {
    double uploadMs = 0;    // host wall time of upload() (rows handed to DMA)
    double kernelsMs = -1;  // device time from the end of the uploads to kernelsQueued(); -1 unknown
    double downloadMs = 0;  // host wall time of download() (waits for the kernels first)
    bool staged = false;    // pinned staging used (else direct pageable copies)
    int lanes = 0;
    size_t slotBytes = 0;
};

// The transfers of one tile. Work is ordered with `stream`, the stream the kernels run on:
// kernels queued on it after upload() see the rows; download() copies what the work queued
// on it before the call produced.
class TransferSession {
public:
    explicit TransferSession(cudaStream_t stream);
    // Waits for everything the session queued (errors ignored) before the device buffers
    // can be released, and returns the pinned buffers to the pool.
    ~TransferSession();
    TransferSession(const TransferSession &) = delete;
    TransferSession &operator=(const TransferSession &) = delete;

    // Copies host rows to the device. The host rows may be reused once it returns.
    void upload(const RowCopy *items, int count);
    // Marks the end of the kernels queued on the stream (for kernelsMs only).
    void kernelsQueued();
    // Copies device rows to the host; complete when it returns.
    void download(const RowCopy *items, int count);

    TransferTimes times() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace difflens::cuda
