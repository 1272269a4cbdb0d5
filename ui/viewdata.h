#pragma once
// Immutable snapshot of everything the views draw: the two images, the comparison layers
// and the overlays; a view of one comparison snapshot (`result`, comparison.h), built by
// comparisonviews.h and completed by ComparisonSession, shared by pointer with every view.
// Coordinates: every view is in A's frame (A's pixel (x, y) at (x, y)). With an applied
// --align offset (dx, dy), B's pixel (x, y) is drawn at (x + dx, y + dy) (the pixel of A it
// was compared with), and the comparison layers (diff, heat, SSIM, mask, FLIP), which cover
// only the compared overlap, are drawn with their (0, 0) at layerOrigin(). A layered pair's A
// and B hold the compared area only, so they are drawn at layerOrigin() too (originA(),
// originB()). Region boxes and ignore rectangles are stored here in A's frame too.
#include "viewimage.h"

#include "difflens/compare/comparison.h"

#include <QRect>
#include <QString>
#include <QVector>

#include <memory>

namespace difflens::ui {

struct RegionItem {
    QRect box;
    qint64 pixels = 0;
};

struct ViewData {
    ComparisonPtr result;  // what this was built from (null before the first comparison)
    ViewImage a, b;
    ViewImage diff;    // pixelmatch diff image (RGBA8)
    ViewImage heat;    // Indexed8: per-pixel max channel delta (0..255), colormap table
    ViewImage ssim;    // Indexed8: (1 - SSIM) * 255, colormap table; null without SSIM
    ViewImage mask;    // Indexed8: 0 same, 1 ignored, 2 anti-aliased, 3 different
    ViewImage flip;    // Indexed8: FLIP error levels (0..255 = 0..1), magma table; null without FLIP
    QString nameA, nameB;
    QString errorA, errorB;  // shown in the pane instead of the image
    QString error;           // the pair as a whole failed (out of memory): shown in every pane
    QString layersError;     // layers left out (out of memory): shown where such a layer is missing
    QVector<RegionItem> regions; // in A's frame (the result's boxes moved by layerOrigin())
    QVector<QRect> ignore;       // in A's frame (the sidecar's rectangles, in B's, moved by alignOffset())

    // What `result` says (nothing before the first comparison).
    bool compared() const { return result && result->compared(); }
    // Heat/mask (stage 3) and SSIM/FLIP (stage 4) still to come.
    bool layersPending() const { return compared() && !result->finished; }
    bool preview() const { return result && result->preview(); } // layered: rows still streaming in
    int heatPeak() const { return result ? result->heatPeak : 0; } // the top of the heatmap scale
    // The comparison asked for SSIM (an empty SSIM layer then failed), for FLIP (flipError()
    // says why its layer is missing).
    bool ssimRequested() const { return result && result->options && result->options->job.computeSsim; }
    bool flipRequested() const { return result && result->options && result->options->job.computeFlip; }
    QString flipError() const
    {
        const ComparisonPartFailure *f = result ? result->failed(ComparisonPart::Flip) : nullptr;
        return f ? QString::fromStdString(f->reason) : QString();
    }
    // The applied --align offset: B(x, y) is drawn at A(x + dx, y + dy); and where the layers'
    // pixel (0, 0) lies in A's frame, the overlap's origin ((0, 0) both when not aligned).
    const CompareAlignment *aligned() const
    {
        return result && result->result && result->result->alignment.applied ? &result->result->alignment : nullptr;
    }
    QPoint alignOffset() const { return aligned() ? QPoint(aligned()->dx, aligned()->dy) : QPoint(); }
    QPoint layerOrigin() const
    {
        return aligned() ? alignOffset() + QPoint(aligned()->overlap.x, aligned()->overlap.y) : QPoint();
    }

    // Where a's and b's pixel (0, 0) lie: (0, 0) and alignOffset(), or layerOrigin() for a
    // layered pair (its A and B hold the compared area only, like its layers).
    bool layered() const { return a.isLayered() || b.isLayered(); }
    QPoint originA() const { return layered() ? layerOrigin() : QPoint(); }
    QPoint originB() const { return layered() ? layerOrigin() : alignOffset(); }

    // A's rectangle and B's at their origins, from (0, 0) (B's part left of or above A's
    // origin is outside the frame: it was not compared).
    QSize frameSize() const
    {
        return QSize(originA().x() + a.size().width(), originA().y() + a.size().height())
            .expandedTo(QSize(originB().x() + b.size().width(), originB().y() + b.size().height()));
    }
    // The pixel of B's file that was compared with A's pixel `p` (may lie outside B).
    QPoint toB(const QPoint &p) const { return p - alignOffset(); }
    // The pixels of the a, b and layer images drawn at frame pixel `p`.
    QPoint toViewA(const QPoint &p) const { return p - originA(); }
    QPoint toViewB(const QPoint &p) const { return p - originB(); }
    QPoint toLayer(const QPoint &p) const { return p - layerOrigin(); }
};

using ViewDataPtr = std::shared_ptr<const ViewData>;

} // namespace difflens::ui
