#pragma once
// Internal: checks and the memory sample shared by the whole-frame job (job.cpp) and the
// streamed one (bands/stream_job.cpp).
#include "difflens/engine/job.h"
#include "difflens/engine/monitor.h"

#include <string>

namespace difflens::detail {

// Empty when opt.pixelmatch.shift is in range, else the reason.
std::string validateShift(const JobOptions &opt);

// Memory sample for the device the job runs on: opt.memorySample when set (tests), else the
// live monitor; its status classified with the job's thresholds.
MemorySample sampleDevice(Device device, const JobOptions &opt);

} // namespace difflens::detail
