// ComparisonSession: the ViewData snapshot the views draw (the stage's views with the names
// and the ignore rectangles) and the status-bar summary of the current result.
#include "comparisonsession.h"

#include <QLocale>

#include <cmath>

namespace difflens::ui {

// Shows `views` (a stage's, or the current ones again) in the current colours (it may have
// been built with an earlier setting's), with the names and the ignore rectangles.
void ComparisonSession::publish(const ViewData &views)
{
    auto d = std::make_shared<ViewData>(views);
    applyColours(*d, colours());
    d->nameA = m_a.label;
    d->nameB = m_b.label;
    d->ignore.clear();
    for (const QRect &r : ignoreRects()) // the sidecar's rectangles are in B's coordinates
        d->ignore.append(r.translated(d->alignOffset()));
    m_data = d;
    Q_EMIT dataChanged(m_data);
}

QString ComparisonSession::summary() const
{
    if (m_data->preview()) {
        const LayerStore &s = *m_data->result->store;
        return tr("Preview: %1 % of rows compared · the counts follow when the exact pass ends")
            .arg(s.height() > 0 ? 100 * qint64(s.rowsDone()) / s.height() : 0);
    }
    if (!m_data->compared())
        return {};
    const Comparison &c = *m_data->result;
    const CompareResult &r = *c.result;
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
    if (c.options->job.pixelmatch.shift > 0)
        s += tr(" · %1 shift-tolerated").arg(loc.toString(qlonglong(r.job.counts.shiftTolerated)));
    if (std::isfinite(r.job.stats.psnr))
        s += tr(" · PSNR %1 dB").arg(r.job.stats.psnr, 0, 'f', 2);
    if (c.ssim)
        s += tr(" · SSIM %1").arg(c.ssim->mean, 0, 'f', 4);
    if (c.flip)
        s += tr(" · FLIP %1").arg(c.flip->mean, 0, 'f', 4);
    s += aligned;
    s += tr(" · %1 ms").arg(c.timings.decodeMs + c.timings.compareMs, 0, 'f', 0);
    if (c.store)
        s += fullResolutionPending() ? tr(" · exact · full resolution loading") : tr(" · exact");
    return s;
}

} // namespace difflens::ui
