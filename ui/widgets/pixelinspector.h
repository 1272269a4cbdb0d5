#pragma once
// Coordinates under the cursor (A's frame) with the RGBA values of A and of the B pixel
// compared with it, their delta and the diff image's pixel for that pair.
#include "viewdata.h"

#include <QColor>
#include <QWidget>

class QLabel;

namespace difflens::ui {

// The full-resolution pixel of `img` at `p`: the image that holds it (decoded, the
// in-memory level 0 of a layered image, or a one-pixel tile) with `*at` set to the pixel's
// place in it; null outside `img`, or (with `*loading` set) while its tile loads.
QImage exactPixelOf(const ViewImage &img, const QPoint &p, QPoint *at, bool *loading);

class PixelInspector : public QWidget {
    Q_OBJECT
public:
    explicit PixelInspector(QWidget *parent = nullptr);
    void setData(const ViewDataPtr &data);
    void showPixel(const QPoint &pos, bool inside);
    QString text() const;   // all lines, for tests
    QColor diffColor() const { return m_diffColor; } // the diff image's pixel shown (invalid: none)

private:
    void clearValues(); // "—" and no swatches
    static QString describe(const QImage &img, const QPoint &p, QColor *swatch);
    ViewDataPtr m_data;
    QLabel *m_pos, *m_a, *m_b, *m_delta, *m_diff;
    QLabel *m_swatchA, *m_swatchB, *m_swatchDiff;
    QColor m_diffColor;
    QPoint m_last;
    bool m_waiting = false; // a layered pixel's tile is loading
};

} // namespace difflens::ui
