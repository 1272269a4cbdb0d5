// Out-of-memory estimates, messages and exception descriptions for the app's workers.
#include "memoryerror.h"

#include "difflens/engine/address_space.h"
#include "difflens/engine/stream.h"

#include <QCoreApplication>

#include <algorithm>
#include <system_error>

namespace difflens::ui {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("difflens::ui::MemoryError", text);
}

qint64 pixels(QSize s)
{
    return qint64(std::max(0, s.width())) * qint64(std::max(0, s.height()));
}

QString sizeText(QSize a, QSize b)
{
    const QString sa = QStringLiteral("%1×%2").arg(a.width()).arg(a.height());
    const QString sb = QStringLiteral("%1×%2").arg(b.width()).arg(b.height());
    if (b.isEmpty() || sa == sb)
        return sa;
    if (a.isEmpty())
        return sb;
    return QStringLiteral("%1 and %2").arg(sa, sb);
}

qint64 toMiB(qint64 bytes)
{
    return (bytes + (qint64(1) << 20) - 1) >> 20;
}

// What the user can do. Under an address-space limit (ulimit -v) only a higher limit helps:
// the app already plans within it, whatever the budget, and other programs do not count.
QString remedy()
{
    const int64_t limit = addressSpaceLimit();
    if (limit >= 0)
        return tr("The app runs under an address-space limit (ulimit -v) of %1 MiB: start it with a higher limit.")
            .arg(limit >> 20);
    return tr("Raise the memory budget in Settings → Memory, or close other work.");
}
} // namespace

qint64 estimateDisplayBytes(QSize a, int depthA, QSize b, int depthB)
{
    const qint64 pa = pixels(a), pb = pixels(b);
    const qint64 common = qint64(std::min(a.width(), b.width())) * qint64(std::min(a.height(), b.height()));
    const qint64 frame = std::max(pa, pb);
    // Decoded inputs (RGBA, 8 or 16 bits), diff image (RGBA8), mask and heat (1 byte each),
    // preview pyramids: a third of the pixels at 4 bytes for A, B and diff, 1 byte for the rest.
    qint64 bytes = pa * (depthA > 8 ? 8 : 4) + pb * (depthB > 8 ? 8 : 4);
    bytes += std::max<qint64>(common, 0) * (4 + 1 + 1);
    bytes += (pa + pb + common) * 4 / 3 + frame * 2 / 3;
    return bytes;
}

qint64 estimateLayeredBytes(QSize frame, int depth, qint64 storeBytes)
{
    if (frame.isEmpty())
        return 0;
    BandRequest req;
    req.width = req.widthA = req.widthB = frame.width();
    req.height = frame.height();
    req.depth = depth > 8 ? 16 : 8;
    req.wantDiff = req.wantMask = true;
    const qint64 bands = std::max<qint64>(0, planBands(req).estimatedPeakBytes);
    // One strip of 256-row tiles per tiled level of A, B, diff, heat and mask; the levels
    // below the first add as much again at most.
    const qint64 strips = 2 * qint64(frame.width()) * 256 * (2 * (depth > 8 ? 8 : 4) + 4 + 1 + 1);
    const qint64 reserve = addressSpaceLimit() >= 0 ? kAddressSpaceReserve : 0;
    return bands + strips + std::max<qint64>(0, storeBytes) + reserve;
}

bool isOutOfMemoryText(const QString &reason)
{
    return reason.contains(QLatin1String("not enough memory"), Qt::CaseInsensitive) ||
           reason.contains(QLatin1String("out of memory"), Qt::CaseInsensitive) ||
           reason.contains(QLatin1String("bad_alloc"), Qt::CaseInsensitive) ||
           reason.contains(QLatin1String("cannot allocate memory"), Qt::CaseInsensitive);
}

QString outOfMemoryMessage(QSize a, QSize b, qint64 neededBytes)
{
    QString s = a.isEmpty() && b.isEmpty() ? tr("Not enough memory to show this pair")
                                           : tr("Not enough memory to show this %1 pair").arg(sizeText(a, b));
    if (neededBytes > 0)
        s += tr(" (needs about %1 MiB)").arg(toMiB(neededBytes));
    s += QStringLiteral(". ") + remedy();
    return s;
}

QString outOfMemoryPartMessage(const QString &what, QSize frame, qint64 neededBytes)
{
    QString s = tr("Not enough memory for %1 of this %2 pair").arg(what, sizeText(frame, frame));
    if (neededBytes > 0)
        s += tr(" (needs about %1 MiB)").arg(toMiB(neededBytes));
    s += tr(". The rest of the comparison is shown. ") + remedy();
    return s;
}

QString describeException(std::exception_ptr error, bool *outOfMemory)
{
    bool oom = false;
    QString text;
    try {
        std::rethrow_exception(error);
    } catch (const std::bad_alloc &) {
        oom = true;
        text = tr("not enough memory");
    } catch (const std::system_error &e) {
        // Starting a thread fails when its stack cannot be mapped: memory as well.
        oom =
            e.code() == std::errc::resource_unavailable_try_again || e.code() == std::errc::not_enough_memory;
        text = oom ? tr("not enough memory to start a worker thread") : QString::fromLocal8Bit(e.what());
    } catch (const std::exception &e) {
        text = QString::fromLocal8Bit(e.what());
        oom = isOutOfMemoryText(text);
    } catch (...) {
        text = tr("unexpected internal error");
    }
    if (outOfMemory)
        *outOfMemory = oom;
    return text;
}

} // namespace difflens::ui
