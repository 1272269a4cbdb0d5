#pragma once
// What the views draw of a comparison snapshot (difflens/compare/comparison.h): its images
// and layers wrapped zero-copy as ViewImages (imagebridge.h), their preview levels from
// stage 3 on, the colour tables, and the pane messages in words. Built on the worker thread
// that ran the stage (CompareController), so the GUI thread only swaps pointers.
#include "viewdata.h"

#include <QColor>
#include <QString>

namespace difflens::ui {

// The colours of the indexed layers (AppSettings' colormap, diffColor, aaColor).
struct LayerColours {
    QString colormap = QStringLiteral("viridis");
    QColor diff{255, 0, 0}, aa{255, 255, 0};
};

// The ViewData of `c` (ViewData::result is `c`); the session adds the names and the ignore
// rectangles. `previous` (the same run's previous snapshot's, or null) is reused where the
// buffer is the same, previews included. Never throws: a layer that could not be wrapped
// is left out and named in layersError.
ViewDataPtr comparisonViews(const ComparisonPtr &c, const ViewData *previous, const LayerColours &colours);

// Gives the SSIM map and the mask `colours` where they have others (Qt copies a wrapped
// layer's bytes to give it a new table); the pixels stay.
void applyColours(ViewData &d, const LayerColours &colours);

} // namespace difflens::ui
