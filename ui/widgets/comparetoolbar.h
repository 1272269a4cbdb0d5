#pragma once
// Comparison controls: threshold slider, anti-aliasing toggle, metric selection, the FLIP,
// shift-tolerance and auto-alignment controls, and the ignore-region tools.
#include <QToolBar>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;

namespace difflens::ui {

class CompareToolBar : public QToolBar {
    Q_OBJECT
public:
    explicit CompareToolBar(QWidget *parent = nullptr);
    void setThreshold(double t);
    double threshold() const;
    void setIncludeAA(bool on);
    void setSsim(bool on);
    void setFlip(bool on);
    void setShift(int shift);
    void setAlign(bool on);
    QSlider *slider() const { return m_slider; }
    QCheckBox *aaBox() const { return m_aa; }
    QComboBox *metricBox() const { return m_metric; }
    QAction *flipAction() const { return m_flip; }    // "Compute FLIP" (checkable)
    QSpinBox *shiftBox() const { return m_shift; }    // 0..kMaxPixelmatchShift
    QAction *alignAction() const { return m_align; }  // "Align" (checkable)
    QAction *drawIgnoreAction() const { return m_drawIgnore; }
    QAction *clearIgnoreAction() const { return m_clearIgnore; }

Q_SIGNALS:
    void thresholdChanged(double threshold);
    void includeAAChanged(bool on);
    void ssimChanged(bool on);
    void flipChanged(bool on);
    void shiftChanged(int shift);
    void alignChanged(bool on);

private:
    QSlider *m_slider;
    QLabel *m_value;
    QCheckBox *m_aa;
    QComboBox *m_metric;
    QAction *m_flip;
    QSpinBox *m_shift;
    QAction *m_align;
    QAction *m_drawIgnore;
    QAction *m_clearIgnore;
};

} // namespace difflens::ui
