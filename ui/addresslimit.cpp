// Running under an address-space limit: malloc arenas capped, thread pools started up front.
#include "addresslimit.h"

#include <QSemaphore>
#include <QThreadPool>

#include <memory>
#include <mutex>

#ifdef Q_OS_LINUX
#include <malloc.h>
#include <sys/resource.h>
#endif

namespace difflens::ui {

bool addressSpaceLimited()
{
#ifdef Q_OS_LINUX
    for (int resource : {RLIMIT_AS, RLIMIT_DATA}) {
        struct rlimit lim {};
        if (::getrlimit(resource, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY)
            return true;
    }
#endif
    return false;
}

bool startPoolThreads(QThreadPool &pool, void (*onEachThread)())
{
    pool.setExpiryTimeout(-1);
    const int n = pool.maxThreadCount();
    // Every task waits for the others, so the pool needs (and keeps) n threads.
    auto started = std::make_shared<QSemaphore>(0), go = std::make_shared<QSemaphore>(0);
    for (int i = 0; i < n; ++i) {
        pool.start([started, go, onEachThread] {
            if (onEachThread)
                onEachThread();
            started->release();
            go->acquire();
        });
    }
    // Starting a thread takes microseconds; one that is not running after seconds could
    // not be created (Qt only prints a warning then).
    const bool ok = started->tryAcquire(n, 3000);
    go->release(n);
    return ok;
}

void prepareForAddressSpaceLimit()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (!addressSpaceLimited())
            return;
#ifdef M_ARENA_MAX
        mallopt(M_ARENA_MAX, 2);
#endif
        // Qt's tasks there (raster spans, image conversion rows) are shallow: small stacks
        // keep a pool of one thread per core cheap in address space.
        QThreadPool *global = QThreadPool::globalInstance();
        if (global->stackSize() == 0)
            global->setStackSize(2u << 20);
        startPoolThreads(*global);
    });
}

} // namespace difflens::ui
