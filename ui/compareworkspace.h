#pragma once
// The compare page: the five views in a stack, all canvases kept in lock-step by one
// ViewSynchronizer, the region overlays and next/previous region navigation.
#include "side.h"
#include "viewdata.h"

#include <QWidget>

class QItemSelectionModel;
class QStackedWidget;

namespace difflens::ui {

class CompareView;
class ImageCanvas;
class SideBySideView;
class SwipeView;
class OnionView;
class BlinkView;
class DifferenceView;
class ViewSynchronizer;
class RegionModel;

class CompareWorkspace : public QWidget {
    Q_OBJECT
public:
    enum class Mode { SideBySide = 0, Swipe, Onion, Blink, Difference };
    static constexpr int kModeCount = 5;
    static QString modeName(Mode mode);

    explicit CompareWorkspace(QWidget *parent = nullptr);

    void setData(const ViewDataPtr &data);
    ViewDataPtr data() const { return m_data; }
    void setMode(Mode mode);
    Mode mode() const;
    CompareView *view(Mode mode) const;
    CompareView *currentView() const;
    ImageCanvas *activeCanvas() const;       // the canvas zoom actions apply to
    QList<ImageCanvas *> allCanvases() const;
    ViewSynchronizer *synchronizer() const { return m_sync; }
    SideBySideView *sideBySide() const { return m_sideBySide; }
    SwipeView *swipe() const { return m_swipe; }
    OnionView *onion() const { return m_onion; }
    BlinkView *blink() const { return m_blink; }
    DifferenceView *difference() const { return m_difference; }

    Side sideAt(const QPoint &workspacePos) const;

    // The current region has one owner: regionSelection()'s current index, over
    // regionModel(). The region list and every canvas read and set that same model.
    RegionModel *regionModel() const { return m_regions; }
    QItemSelectionModel *regionSelection() const { return m_selection; }
    int currentRegion() const;
    int regionCount() const;
    void setCurrentRegion(int index);   // centres the region (-1 clears)
    void nextRegion();
    void previousRegion();

    void setDrawIgnore(bool on);
    void setShowRegions(bool on);
    void setRegionColor(const QColor &c);
    void zoomIn();
    void zoomOut();
    void zoomFit();
    void zoomActual();

Q_SIGNALS:
    void modeChanged(int mode);
    void currentRegionChanged(int index);
    void hoverPixel(const QPoint &imagePos, bool inside);
    void ignoreRectDrawn(const QRect &rect);

private:
    QStackedWidget *m_stack;
    SideBySideView *m_sideBySide;
    SwipeView *m_swipe;
    OnionView *m_onion;
    BlinkView *m_blink;
    DifferenceView *m_difference;
    ViewSynchronizer *m_sync;
    void onCurrentRegionChanged(int index);

    ViewDataPtr m_data;
    RegionModel *m_regions;
    QItemSelectionModel *m_selection;
};

} // namespace difflens::ui
