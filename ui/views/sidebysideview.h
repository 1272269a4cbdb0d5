#pragma once
#include "views/compareview.h"

class QSplitter;

namespace difflens::ui {

// A and B next to each other (or stacked vertically), zoom and pan synchronised by the
// ViewSynchronizer that owns all canvases.
class SideBySideView : public CompareView {
    Q_OBJECT
public:
    explicit SideBySideView(QWidget *parent = nullptr);
    void setData(const ViewDataPtr &data) override;
    QList<ImageCanvas *> canvases() const override { return {m_a, m_b}; }
    Side sideAt(const QPoint &pos) const override;
    void setVertical(bool vertical);
    bool isVertical() const;
    SingleImageCanvas *canvasA() const { return m_a; }
    SingleImageCanvas *canvasB() const { return m_b; }

private:
    QSplitter *m_splitter;
    SingleImageCanvas *m_a, *m_b;
};

} // namespace difflens::ui
