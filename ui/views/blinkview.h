#pragma once
#include "views/compareview.h"

class QCheckBox;
class QSpinBox;
class QTimer;

namespace difflens::ui {

// A single-image canvas that draws its image moved by an offset (image pixels).
class OffsetImageCanvas : public SingleImageCanvas {
    Q_OBJECT
public:
    using SingleImageCanvas::SingleImageCanvas;
    void setOffset(const QPoint &offset);
    QPoint offset() const { return m_offset; }

protected:
    void paintContent(QPainter &p) override;

private:
    QPoint m_offset;
};

// Alternates A and B (B moved by the applied alignment, ViewData::originB), automatically at an interval or while Space is held (shows B).
class BlinkView : public CompareView {
    Q_OBJECT
public:
    explicit BlinkView(QWidget *parent = nullptr);
    void setData(const ViewDataPtr &data) override;
    QList<ImageCanvas *> canvases() const override { return {m_canvas}; }
    Side sideAt(const QPoint &) const override { return m_showingB ? Side::B : Side::A; }

    void setInterval(int ms);
    int interval() const;
    void setAutoBlink(bool on);
    bool autoBlink() const;
    void showSide(bool b);
    bool showingB() const { return m_showingB; }
    OffsetImageCanvas *canvas() const { return m_canvas; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void hideEvent(QHideEvent *) override;
    void showEvent(QShowEvent *) override;

private:
    OffsetImageCanvas *m_canvas;
    QTimer *m_timer;
    QCheckBox *m_auto;
    QSpinBox *m_interval;
    ViewDataPtr m_data;
    bool m_showingB = false;
};

} // namespace difflens::ui
