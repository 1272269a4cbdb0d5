#pragma once
#include "views/compareview.h"

class QComboBox;

namespace difflens::ui {

class ColorLegend;

// The comparison layers: pixelmatch diff image, per-pixel delta heatmap, SSIM map, mask
// and the FLIP error map (magma, 0..1).
class DifferenceView : public CompareView {
    Q_OBJECT
public:
    enum class Mode { Diff, Heatmap, Ssim, Mask, Flip };

    explicit DifferenceView(QWidget *parent = nullptr);
    void setData(const ViewDataPtr &data) override;
    QList<ImageCanvas *> canvases() const override { return {m_canvas}; }
    void setMode(Mode mode);
    Mode mode() const;
    SingleImageCanvas *canvas() const { return m_canvas; }
    QComboBox *modeBox() const { return m_mode; }
    ColorLegend *legend() const { return m_legend; }

private:
    void refresh();

    SingleImageCanvas *m_canvas;
    QComboBox *m_mode;
    ColorLegend *m_legend;
    ViewDataPtr m_data;
};

} // namespace difflens::ui
