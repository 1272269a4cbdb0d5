#pragma once
// Base canvas for every view: owns a ZoomModel, handles wheel zoom around the cursor,
// drag-to-pan, keyboard zoom/pan, hover reporting, ignore-region drawing and the overlays
// (region boxes, ignore regions, messages). Subclasses paint the image content only.
#include "viewdata.h"

#include <QColor>
#include <QPointer>
#include <QWidget>

#include <optional>

class QItemSelectionModel;

namespace difflens::ui {

class ZoomModel;

class ImageCanvas : public QWidget {
    Q_OBJECT
public:
    enum class Tool { Pan, DrawIgnore };

    explicit ImageCanvas(QWidget *parent = nullptr);

    ZoomModel *zoomModel() const { return m_zoom; }
    void setFrameSize(const QSize &size);
    void setOverlays(const QVector<RegionItem> &regions, const QVector<QRect> &ignore);
    // The one owner of the current region (CompareWorkspace's); the canvas only reads it.
    void setRegionSelection(QItemSelectionModel *selection);
    int currentRegion() const;
    void setShowRegions(bool show);
    void setRegionColor(const QColor &c);
    void setTool(Tool tool);
    Tool tool() const { return m_tool; }
    void setMessage(const QString &message);   // centred text, e.g. a load error
    QString message() const { return m_message; }
    // The last paint drew a layer the exact pass left to the full-resolution pass, not yet
    // whole there (it said "Filling this layer…").
    bool layerFilling() const { return m_layerFilling; }
    // ... and the full-resolution pass that was to fill it failed (it said so instead).
    bool layerMissing() const { return m_layerMissing; }
    void setCornerLabel(const QString &label); // e.g. "A" / "B" in the blink view

Q_SIGNALS:
    void hoverPixel(const QPoint &imagePos, bool inside);
    void ignoreRectDrawn(const QRect &imageRect);

protected:
    virtual void paintContent(QPainter &p) = 0;
    // Subclass input hooks: return true when the event was consumed.
    virtual bool contentMousePress(QMouseEvent *) { return false; }
    virtual bool contentMouseMove(QMouseEvent *) { return false; }
    virtual bool contentMouseRelease(QMouseEvent *) { return false; }

    // Paints the visible part of `img` (picking a pyramid level), optionally clipped.
    void drawLayer(QPainter &p, const ViewImage &img, double opacity = 1.0) const;
    // drawLayer for a layered image: an in-memory level as its rows arrive, tiles on top.
    void drawLayered(QPainter &p, const ViewImage &img, double opacity) const;
    QRectF imageRectInWidget() const;

    void paintEvent(QPaintEvent *) override;
    void resizeEvent(QResizeEvent *) override;
    void wheelEvent(QWheelEvent *) override;
    void mousePressEvent(QMouseEvent *) override;
    void mouseMoveEvent(QMouseEvent *) override;
    void mouseReleaseEvent(QMouseEvent *) override;
    void mouseDoubleClickEvent(QMouseEvent *) override;
    void keyPressEvent(QKeyEvent *) override;
    void leaveEvent(QEvent *) override;
    void hideEvent(QHideEvent *) override;

private:
    void paintBackground(QPainter &p) const;
    void paintOverlays(QPainter &p) const;
    void syncViewport();
    void repaintArrivedPixels();
    QRect draggedRect() const;
    // `level` (in-memory level `index` of `img`, `rows` rows written) as premultiplied ARGB32,
    // kept per layer and converted only where rows arrived since the last paint; null when
    // the level is too large to mirror or a copy does not fit (draw `level` then).
    QImage levelMirror(const ViewImage &img, int index, const QImage &level, int rows) const;

    ZoomModel *m_zoom;
    QVector<RegionItem> m_regions;
    QVector<QRect> m_ignore;
    QPointer<QItemSelectionModel> m_selection;
    bool m_showRegions = true;
    QColor m_regionColor{255, 140, 0};
    Tool m_tool = Tool::Pan;
    QString m_message, m_corner;
    // The last paint of a layered image lacked rows or tiles: repaint when they arrive
    // (TileCache::changed), and only then, so a finished view is not redrawn 10 times a second.
    mutable QImage m_checker;                // the background checkerboard at the widget's size
    mutable QColor m_checkerColor;
    mutable bool m_awaitingPixels = false;
    mutable bool m_awaitingTiles = false;  // ... and among them tiles (or a whole level)
    mutable double m_streamedTo = -1;      // else: the image row the rows drawn end at (-1: none)
    mutable bool m_layerFilling = false;   // a layer left to the full-resolution pass is drawn (or not yet)
    mutable bool m_layerMissing = false;   // ... and that pass failed: it stays empty
    struct LevelMirror {
        uint64_t store = 0;
        int level = -1, rows = 0;
        QImage image;                      // ARGB32 premultiplied
        QVector<QRgb> table;               // the colours it was converted with (one-byte layers)
    };
    mutable LevelMirror m_mirrors[kLayerKinds]; // per layer kind (swipe and onion draw two)
    bool m_panning = false;
    QPointF m_lastPos;
    std::optional<QPointF> m_dragStart, m_dragEnd; // image coordinates while drawing
};

} // namespace difflens::ui
