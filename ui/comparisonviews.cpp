// The views of a comparison snapshot: zero-copy layers, their previews, colours, pane words.
#include "comparisonviews.h"

#include "colormap.h"
#include "imagebridge.h"
#include "memoryerror.h"

#include "difflens/compare/comparison_parts.h"

#include <QCoreApplication>

namespace difflens::ui {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("difflens::ui::ComparisonViews", text); }

QSize sizeOf(const ComparisonSide &s) { return QSize(s.info.width, s.info.height); }
int depthOf(const ComparisonSide &s) { return s.info.depth > 8 ? 16 : 8; }

ViewImage indexed(const std::shared_ptr<const Bytes> &bytes, int w, int h, const QVector<QRgb> &table)
{
    return ViewImage(wrapIndexed(bytes, w, h, table), ViewImage::Reduce::Max);
}

// `previous` when it drew the same buffer, else `make()`; previews once stage 3 is in.
template <typename Make> ViewImage layer(bool same, const ViewImage &previous, bool previews, Make make)
{
    ViewImage v = same && !previous.isNull() ? previous : make();
    return previews && v.previewsPending() ? v.withPreviews() : v;
}

// What the layers allocate beside the comparison: heat and mask bytes, their previews, the
// previews of A, B and the diff, and the SSIM map when asked for.
qint64 layersBytes(const ViewData &d, const Comparison &c)
{
    const QSize frame = d.a.size().expandedTo(d.b.size());
    const qint64 px = qint64(frame.width()) * qint64(frame.height());
    qint64 bytes = 2 * (px + ViewImage::previewBytes(frame, true));
    for (const ViewImage *v : {&d.a, &d.b, &d.diff})
        bytes += ViewImage::previewBytes(v->size(), false);
    if (c.options && c.options->job.computeSsim)
        bytes += px * (4 + 1);
    return bytes;
}

// The parts of stages 3-4 left out (comparison_parts.h) and previews that did not fit.
QString layersMessage(const ViewData &d, const Comparison &c)
{
    LeftOutParts parts = leftOutParts(c);
    for (const ViewImage *v : {&d.a, &d.b, &d.diff, &d.heat, &d.mask, &d.ssim})
        if (v->previewsFailed())
            parts.add("previews", true, {});
    if (parts.names.empty())
        return {};
    const QString names = QString::fromStdString(parts.joined());
    return parts.outOfMemory ? outOfMemoryPartMessage(names, d.a.size().expandedTo(d.b.size()), layersBytes(d, c))
                             : tr("Could not build %1: %2").arg(names, QString::fromStdString(parts.reason));
}

void fillViews(ViewData &d, const Comparison &c, const ViewData *prev, const LayerColours &colours)
{
    const Comparison *p = prev && prev->result ? prev->result.get() : nullptr;
    if (c.store) { // the layered route: every layer streams into the store
        const bool same = p && p->store == c.store;
        d.a = same ? prev->a : ViewImage::layered(c.store, LayerKind::A);
        d.b = same ? prev->b : ViewImage::layered(c.store, LayerKind::B);
        d.diff = same ? prev->diff : ViewImage::layered(c.store, LayerKind::Diff);
        d.heat = same ? prev->heat : ViewImage::layered(c.store, LayerKind::Heat); // colours follow the peak
        d.mask = same ? prev->mask : ViewImage::layered(c.store, LayerKind::Mask, engineMaskTable(colours.diff, colours.aa));
        return;
    }
    const bool previews = c.stage >= ComparisonStage::Layers;
    d.a = layer(p && p->a.image == c.a.image, prev ? prev->a : ViewImage(), previews,
                [&c] { return ViewImage::fullOnly(wrapImage(c.a.image)); });
    d.b = layer(p && p->b.image == c.b.image, prev ? prev->b : ViewImage(), previews,
                [&c] { return ViewImage::fullOnly(wrapImage(c.b.image)); });
    d.diff = layer(p && p->diff == c.diff, prev ? prev->diff : ViewImage(), previews,
                   [&c] { return ViewImage::fullOnly(wrapImage(c.diff)); });
    const int w = c.layerWidth, h = c.layerHeight;
    if (c.heat)
        d.heat = p && p->heat == c.heat ? prev->heat : indexed(c.heat, w, h, heatColorTable());
    if (c.mask)
        d.mask = p && p->mask == c.mask ? prev->mask : indexed(c.mask, w, h, maskTable(colours.diff, colours.aa));
    if (c.ssimShade && c.ssimMap)
        d.ssim = p && p->ssimShade == c.ssimShade
                     ? prev->ssim
                     : indexed(c.ssimShade, c.ssimMap->width, c.ssimMap->height, colormapTable(colours.colormap));
    if (c.flipLevels)
        d.flip = p && p->flipLevels == c.flipLevels ? prev->flip
                                                    : indexed(c.flipLevels, c.flipWidth, c.flipHeight, magmaColorTable());
}

} // namespace

ViewDataPtr comparisonViews(const ComparisonPtr &cp, const ViewData *prev, const LayerColours &colours)
{
    auto d = std::make_shared<ViewData>();
    d->result = cp;
    if (!cp)
        return d;
    const Comparison &c = *cp;
    if (c.outOfMemory) { // the pair did not fit: every pane says what it needs
        const qint64 needed = c.layered ? estimateLayeredBytes(sizeOf(c.a).expandedTo(sizeOf(c.b)),
                                                               std::max(depthOf(c.a), depthOf(c.b)),
                                                               c.layerOptions.memoryByteLimit)
                                        : estimateDisplayBytes(sizeOf(c.a), depthOf(c.a), sizeOf(c.b), depthOf(c.b));
        d->error = outOfMemoryMessage(sizeOf(c.a), sizeOf(c.b), needed);
        return d;
    }
    d->errorA = QString::fromStdString(c.a.error);
    d->errorB = QString::fromStdString(c.b.error);
    if (!c.error.empty() && d->errorB.isEmpty())
        d->errorB = QString::fromStdString(c.error);
    try {
        fillViews(*d, c, prev, colours);
    } catch (...) { // wrapping a layer did not fit: show what was wrapped before
        d->layersError = describeException(std::current_exception());
    }
    if (c.compared()) {
        // Views are in A's frame (viewdata.h): the region boxes (in the layers' coordinates,
        // B's at alignment.overlap) move with the layers to the overlap's origin.
        const bool same = prev && prev->result && prev->result->result == c.result;
        if (same) {
            d->regions = prev->regions;
        } else {
            d->regions.reserve(qsizetype(c.result->job.regions.size()));
            for (const Region &r : c.result->job.regions)
                d->regions.append({QRect(r.box.x, r.box.y, r.box.width, r.box.height).translated(d->layerOrigin()), r.pixels});
        }
    }
    if (d->layersError.isEmpty() && c.finished)
        d->layersError = layersMessage(*d, c);
    return d;
}

void applyColours(ViewData &d, const LayerColours &colours)
{
    const QVector<QRgb> ssim = colormapTable(colours.colormap);
    if (!d.ssim.isNull() && d.ssim.colorTable() != ssim)
        d.ssim.setColorTable(ssim);
    const QVector<QRgb> mask = d.mask.isLayered() ? engineMaskTable(colours.diff, colours.aa)
                                                  : maskTable(colours.diff, colours.aa);
    if (!d.mask.isNull() && d.mask.colorTable() != mask)
        d.mask.setColorTable(mask);
}

} // namespace difflens::ui
