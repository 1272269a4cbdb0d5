#pragma once
// Comparison controls: threshold slider, anti-aliasing toggle, metric selection and the
// ignore-region tools.
#include <QToolBar>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace difflens::ui {

class CompareToolBar : public QToolBar {
    Q_OBJECT
public:
    explicit CompareToolBar(QWidget *parent = nullptr);
    void setThreshold(double t);
    double threshold() const;
    void setIncludeAA(bool on);
    void setSsim(bool on);
    QSlider *slider() const { return m_slider; }
    QCheckBox *aaBox() const { return m_aa; }
    QComboBox *metricBox() const { return m_metric; }
    QAction *drawIgnoreAction() const { return m_drawIgnore; }
    QAction *clearIgnoreAction() const { return m_clearIgnore; }

Q_SIGNALS:
    void thresholdChanged(double threshold);
    void includeAAChanged(bool on);
    void ssimChanged(bool on);

private:
    QSlider *m_slider;
    QLabel *m_value;
    QCheckBox *m_aa;
    QComboBox *m_metric;
    QAction *m_drawIgnore;
    QAction *m_clearIgnore;
};

} // namespace difflens::ui
