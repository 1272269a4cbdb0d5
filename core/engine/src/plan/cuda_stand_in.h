#pragma once
// Test seam of the whole-frame job (plan/job.cpp): while a CudaStandIn lives, a job asking
// for CUDA (or Auto) runs as if a CUDA device were present, so the CUDA -> CPU fallback can
// be tested on a machine without a GPU: the job's faultInjector fails a CUDA stage (or,
// without a CUDA LibTorch, the first tile fails in runTileTorch) and the job falls back to
// the CPU kernels. The product never sets it; with a real GPU it changes nothing.
namespace difflens::detail {

void setCudaStandIn(bool on);

struct CudaStandIn {
    CudaStandIn() { setCudaStandIn(true); }
    ~CudaStandIn() { setCudaStandIn(false); }
    CudaStandIn(const CudaStandIn &) = delete;
    CudaStandIn &operator=(const CudaStandIn &) = delete;
};

} // namespace difflens::detail
