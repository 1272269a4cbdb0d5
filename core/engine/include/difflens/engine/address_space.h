#pragma once
// The process's address-space limit (ulimit -v: RLIMIT_AS, or RLIMIT_DATA) and the room left
// under it, so that work on background threads plans within it instead of finding it by
// failing allocations one after another.
//
// Why plan rather than catch: a job that allocates its buffers one by one until one fails
// fills the limit for a moment, and every other thread's allocation in that moment fails too.
// Our code checks its allocations; Qt's painting, fontconfig and the X client libraries do not
// all do so, and crash. So a job that makes many allocations checks the room for all of them
// first, and leaves kAddressSpaceReserve to the rest of the process.
#include <cstdint>

namespace difflens {

// Room kept free under a limit for what other threads allocate meanwhile (the GUI thread's
// paint buffers, fonts, thread stacks).
inline constexpr int64_t kAddressSpaceReserve = int64_t(64) << 20;

// The smaller of the soft RLIMIT_AS and RLIMIT_DATA in bytes; -1 when neither is set.
int64_t addressSpaceLimit();
// The limit less the address space mapped now (VmSize); -1 when there is no limit (or the
// mapped size cannot be read). Can be 0.
int64_t addressSpaceHeadroom();
// The room less kAddressSpaceReserve (never below 0): what work may plan to map; -1 when
// there is no limit.
int64_t addressSpaceUsable();
// True when `bytes` more can be mapped and kAddressSpaceReserve still stays free, or when
// there is no limit.
bool addressSpaceAllows(int64_t bytes);

} // namespace difflens
