#pragma once
// The Difference view: one comparison layer at a time with its colour legend.
#include "views/blinkview.h"

class QComboBox;

namespace difflens::ui {

class ColorLegend;

// The comparison layers: pixelmatch diff image, per-pixel delta heatmap, SSIM map, mask
// and the FLIP error map (magma, 0..1). In A's frame like every view (viewdata.h): a layer
// covers the compared overlap and is drawn with its (0, 0) at ViewData::layerOrigin().
class DifferenceView : public CompareView {
    Q_OBJECT
public:
    enum class Mode { Diff, Heatmap, Ssim, Mask, Flip };

    explicit DifferenceView(QWidget *parent = nullptr);
    void setData(const ViewDataPtr &data) override;
    QList<ImageCanvas *> canvases() const override { return {m_canvas}; }
    void setMode(Mode mode);
    Mode mode() const;
    OffsetImageCanvas *canvas() const { return m_canvas; }
    // The layer shown now (null when none).
    ViewImage currentLayer() const;
    QComboBox *modeBox() const { return m_mode; }
    ColorLegend *legend() const { return m_legend; }

private:
    void refresh();

    OffsetImageCanvas *m_canvas;
    QComboBox *m_mode;
    ColorLegend *m_legend;
    ViewDataPtr m_data;
};

} // namespace difflens::ui
