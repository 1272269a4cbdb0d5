// ComparisonSession: the ViewData snapshot the views draw and the status-bar summary of the
// current result (split from comparisonsession.cpp).
#include "comparisonsession.h"

#include <QLocale>

#include <cmath>

namespace difflens::ui {

void ComparisonSession::publish(const CompareOutcome *o)
{
    auto d = std::make_shared<ViewData>();
    d->nameA = m_a.label;
    d->nameB = m_b.label;
    d->errorA = m_a.error;
    d->errorB = m_b.error;
    if (o) {
        d->a = o->a.view;
        d->b = o->b.view;
        d->compared = o->compared;
        d->preview = o->preview;
        d->layersPending = o->compared && !o->layersReady;
        d->diff = o->diff;
        d->heat = o->heat;
        d->ssim = o->ssim;
        d->mask = o->mask;
        d->heatPeak = o->heatPeak;
        d->ssimRequested = o->options.job.computeSsim;
        d->flip = o->flip;
        d->flipRequested = o->options.job.computeFlip;
        d->flipError = o->flipError;
        // Views are in A's frame (viewdata.h): B at the applied offset, the layers (which
        // cover the overlap, in B's coordinates at alignment.overlap) at the overlap's
        // origin in A's frame, and the region boxes moved with them.
        const CompareAlignment &al = o->result.alignment;
        if (al.applied) {
            d->alignOffset = QPoint(al.dx, al.dy);
            d->layerOrigin = QPoint(al.overlap.x + al.dx, al.overlap.y + al.dy);
        }
        for (const Region &r : o->result.job.regions)
            d->regions.append({QRect(r.box.x, r.box.y, r.box.width, r.box.height).translated(d->layerOrigin), r.pixels});
        d->layersError = o->layersError;
        if (o->outOfMemory)
            d->error = o->compareError; // the pair did not fit: every pane says so
        else if (!o->compareError.isEmpty() && d->errorB.isEmpty())
            d->errorB = o->compareError;
    }
    for (const QRect &r : m_ignore) // the sidecar's rectangles are in B's coordinates
        d->ignore.append(r.translated(d->alignOffset));
    m_data = d;
    Q_EMIT dataChanged(m_data);
}

QString ComparisonSession::summary() const
{
    if (m_outcome && m_outcome->preview && m_outcome->store) {
        const LayerStore &s = *m_outcome->store;
        return tr("Preview: %1 % of rows compared · the counts follow when the exact pass ends")
            .arg(s.height() > 0 ? 100 * qint64(s.rowsDone()) / s.height() : 0);
    }
    if (!m_outcome || !m_outcome->compared)
        return {};
    const CompareResult &r = m_outcome->result;
    const CompareAlignment &al = r.alignment;
    // --align: the offset applied ("aligned dx, dy"), or why none was.
    QString aligned;
    if (al.applied)
        aligned = tr(" · aligned %1, %2").arg(al.dx).arg(al.dy);
    else if (al.requested)
        aligned = tr(" · not aligned: %1").arg(QString::fromStdString(al.reason));
    if (r.layoutDiffers && !al.applied)
        return tr("Sizes differ: A %1×%2, B %3×%4").arg(r.a.width).arg(r.a.height).arg(r.b.width).arg(r.b.height) +
               aligned;
    const QLocale loc;
    const double pct = r.job.totalPixels > 0 ? 100.0 * double(r.job.counts.mismatched) / double(r.job.totalPixels) : 0;
    QString s = tr("%1 px differ (%2 %) · %3 regions · %4 AA")
                    .arg(loc.toString(qlonglong(r.job.counts.mismatched)))
                    .arg(pct, 0, 'f', 3)
                    .arg(r.job.regions.size())
                    .arg(loc.toString(qlonglong(r.job.counts.antiAliased)));
    if (m_outcome->options.job.pixelmatch.shift > 0)
        s += tr(" · %1 shift-tolerated").arg(loc.toString(qlonglong(r.job.counts.shiftTolerated)));
    if (std::isfinite(r.job.stats.psnr))
        s += tr(" · PSNR %1 dB").arg(r.job.stats.psnr, 0, 'f', 2);
    if (r.job.ssim)
        s += tr(" · SSIM %1").arg(r.job.ssim->mean, 0, 'f', 4);
    if (r.job.flip)
        s += tr(" · FLIP %1").arg(r.job.flip->mean, 0, 'f', 4);
    s += aligned;
    s += tr(" · %1 ms").arg(m_outcome->elapsedMs, 0, 'f', 0);
    if (m_outcome->store)
        s += m_outcome->fullResolutionPending ? tr(" · exact · full resolution loading") : tr(" · exact");
    return s;
}

} // namespace difflens::ui
