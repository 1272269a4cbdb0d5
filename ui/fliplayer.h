#pragma once
// The app's FLIP layer (issue #13): the LDR-FLIP error map of a pair, computed in the
// follow-up layers job (layersworker.h) with the comparison's own options (alignment,
// ignore regions, ppd), as 8-bit levels round(error * 255) coloured with the magma ramp
// (difflens/compare/heatmap.h: flipErrorRowToPixels, magmaRampTable), the colours of the
// CLI's --flip-map. Nothing is thrown out of flipLayer.
#include "viewimage.h"

#include "difflens/compare/compare.h"

#include <QString>
#include <QVector>

#include <optional>

namespace difflens::ui {

struct FlipLayer {
    ViewImage view;                  // Indexed8 levels, magma table; null when not computed
    std::optional<FlipResult> result; // mean, quartiles, min, max (its map is in `view`)
    QString error;                   // why the layer is missing (the pane message)
    bool outOfMemory = false;
};

// The FLIP layer of a and b as compared with `options` (FLIP is switched on here, the
// pixelmatch images are not asked for).
FlipLayer flipLayer(const Image &a, const Image &b, const ImageInfo &infoA, const ImageInfo &infoB,
                    const CompareOptions &options);

// A FLIP error map as a layer: levels via flipErrorRowToPixels (grey), magma colour table.
ViewImage flipMapLayer(const FloatImage &map);

// The magma ramp (0..255 = FLIP error 0..1) as a Qt colour table.
QVector<QRgb> magmaColorTable();

} // namespace difflens::ui
