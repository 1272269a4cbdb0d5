#pragma once
// The colours of the app's FLIP layer (issue #13): the magma ramp of the CLI's --flip-map
// (difflens/compare/heatmap.h), 0..255 = FLIP error 0..1, as a Qt colour table. The layer
// itself is a Comparison's flipLevels (comparisonviews.h).
#include <QRgb>
#include <QVector>

namespace difflens::ui {

QVector<QRgb> magmaColorTable();

} // namespace difflens::ui
