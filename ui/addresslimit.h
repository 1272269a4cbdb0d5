#pragma once
// Preparations for running under an address-space limit (ulimit -v, RLIMIT_AS/RLIMIT_DATA),
// done once, before the app starts its worker threads:
//  - glibc gives every thread that allocates its own malloc arena, each reserving 64 MiB of
//    address space: with a dozen threads that alone can exceed a limit of 1 GB, so the
//    number of arenas is capped;
//  - Qt's raster paint engine and image conversions split large jobs over
//    QThreadPool::globalInstance() and wait for every part; a part whose thread cannot be
//    created (no room for its stack) is lost and painting waits forever. So the global
//    pool's threads are started now, while there is room, and never expire.
// Without a limit it does nothing.
class QThreadPool;

namespace difflens::ui {

// True when the process runs under a finite address-space or data-segment limit.
bool addressSpaceLimited();
// The preparations above (once per process; later calls do nothing).
void prepareForAddressSpaceLimit();
// Starts all `pool`'s threads and keeps them (expiry -1). False when one could not start
// within a few seconds (the pool then lost a task and never becomes idle again).
bool startPoolThreads(QThreadPool &pool, void (*onEachThread)() = nullptr);

} // namespace difflens::ui
