#pragma once
// Out-of-memory handling for the desktop app's background jobs: what a pair needs to be
// shown, the pane message when it does not fit, and runGuarded(), which turns any exception
// a job throws (std::bad_alloc above all) into an error outcome on the worker thread, so
// nothing is ever rethrown on the GUI thread.
#include <QSize>
#include <QString>

#include <exception>
#include <new>

namespace difflens::ui {

// What the app holds to show a pair of these sizes (bits per sample 8 or 16): both decoded
// images, the diff image, the mask and heatmap layers and their reduced previews.
qint64 estimateDisplayBytes(QSize a, int depthA, QSize b, int depthB);
// Bytes the layered route needs for a frame: the streamed comparison's bands (as planned
// without a budget), the layers' tile strips and their in-memory levels (`storeBytes`), and,
// under an address-space limit, the reserve it leaves to the other threads.
qint64 estimateLayeredBytes(QSize frame, int depth, qint64 storeBytes);

// True for the engine's and decoder's out-of-memory reasons ("not enough memory ...",
// "out of memory ...", "std::bad_alloc").
bool isOutOfMemoryText(const QString &reason);

// The pane message for a pair that did not fit, e.g. "Not enough memory to show this
// 16384×16384 pair (needs about 4608 MiB). Close other work or compare smaller images."
// (The memory budget in Settings only bounds the engine's working memory, which it already
// fits by tiling: raising it cannot make a pair fit, so it is not suggested.)
QString outOfMemoryMessage(QSize a, QSize b, qint64 neededBytes);
// When only part of a shown comparison failed: "Not enough memory for the heatmap and
// previews of this W×H pair (needs about N MiB). The rest of the comparison is shown. …"
QString outOfMemoryPartMessage(const QString &what, QSize frame, qint64 neededBytes);

// Text for an exception caught in a worker ("not enough memory" for std::bad_alloc).
QString describeException(std::exception_ptr error, bool *outOfMemory = nullptr);

// Calls work(); any exception becomes fail(describeException(...), outOfMemory) instead.
template <typename Work, typename Fail> auto runGuarded(Work &&work, Fail &&fail) -> decltype(work())
{
    try {
        return work();
    } catch (...) {
        bool oom = false;
        const std::exception_ptr error = std::current_exception();
        QString text;
        try {
            text = describeException(error, &oom);
        } catch (...) {
            oom = true; // not even the message fitted; fail() gets an empty text
        }
        return fail(text, oom);
    }
}

} // namespace difflens::ui
