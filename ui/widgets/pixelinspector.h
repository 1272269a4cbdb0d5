#pragma once
// Coordinates under the cursor with the RGBA values of A and B and their delta.
#include "viewdata.h"

#include <QWidget>

class QLabel;

namespace difflens::ui {

class PixelInspector : public QWidget {
    Q_OBJECT
public:
    explicit PixelInspector(QWidget *parent = nullptr);
    void setData(const ViewDataPtr &data);
    void showPixel(const QPoint &pos, bool inside);
    QString text() const;   // all lines, for tests

private:
    static QString describe(const QImage &img, const QPoint &p, QColor *swatch);
    ViewDataPtr m_data;
    QLabel *m_pos, *m_a, *m_b, *m_delta;
    QLabel *m_swatchA, *m_swatchB;
    QPoint m_last;
    bool m_waiting = false; // a layered pixel's tile is loading
};

} // namespace difflens::ui
