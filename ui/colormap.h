#pragma once
// Colour tables of the indexed layers: the SSIM map's colour maps (anchor colours interpolated
// linearly in RGB), the mask's, and core's heatmap and FLIP ramps as Qt colour tables.
#include <QColor>
#include <QStringList>
#include <QVector>

namespace difflens::ui {

QStringList colormapNames();                 // "viridis", "inferno", "turbo", "grayscale"
QVector<QRgb> colormapTable(const QString &name); // 256 entries, index 0 = low
// Table used for the mask layer: 0 transparent, 1 ignored, 2 anti-aliased, 3 different.
QVector<QRgb> maskTable(const QColor &diff, const QColor &aa);
// The same colours indexed by the engine's MaskValue (pixelmatch.h), for layered masks;
// shift-tolerated pixels in the default shift colour.
QVector<QRgb> engineMaskTable(const QColor &diff, const QColor &aa);
// The heatmap's one ramp (difflens/compare/heatmap.h heatRampTable), 0 to the pair's peak.
QVector<QRgb> heatColorTable();
// The FLIP layer's: the magma ramp of the CLI's --flip-map (heatmap.h), 0..255 = error 0..1.
QVector<QRgb> magmaColorTable();

} // namespace difflens::ui
