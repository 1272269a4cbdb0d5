// The compare toolbar: the controls of the comparison options and the ignore-region tools.
#include "widgets/comparetoolbar.h"

#include "difflens/engine/pixelmatch.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <cmath>

namespace difflens::ui {

CompareToolBar::CompareToolBar(QWidget *parent)
    : QToolBar(tr("Compare"), parent), m_slider(new QSlider(Qt::Horizontal)), m_value(new QLabel),
      m_aa(new QCheckBox(tr("Include AA"))), m_metric(new QComboBox), m_shift(new QSpinBox)
{
    setObjectName(QStringLiteral("compareToolBar"));
    addWidget(new QLabel(tr(" Threshold ")));
    m_slider->setRange(0, 100);
    m_slider->setFixedWidth(160);
    m_slider->setToolTip(tr("Pixelmatch colour threshold (0 = exact, 1 = lenient); re-compares as you drag"));
    m_value->setMinimumWidth(36);
    addWidget(m_slider);
    addWidget(m_value);
    addSeparator();
    m_aa->setToolTip(tr("Count anti-aliased pixels as differences"));
    addWidget(m_aa);
    addSeparator();
    m_metric->addItem(tr("Pixel"));
    m_metric->addItem(tr("Pixel + SSIM"));
    m_metric->setToolTip(tr("Metrics to compute"));
    addWidget(m_metric);
    m_flip = addAction(tr("Compute FLIP"));
    m_flip->setCheckable(true);
    m_flip->setToolTip(tr("Compute the LDR-FLIP perceptual error (mean in the status line, map in the "
                          "Difference view)"));
    addSeparator();
    addWidget(new QLabel(tr(" Shift ")));
    m_shift->setRange(0, kMaxPixelmatchShift);
    m_shift->setToolTip(tr("Shift tolerance: a differing pixel is tolerated when both images have a match "
                           "within this many pixels of it"));
    addWidget(m_shift);
    m_align = addAction(tr("Align"));
    m_align->setCheckable(true);
    m_align->setToolTip(tr("Estimate the translation between A and B and compare them aligned"));
    addSeparator();
    m_drawIgnore = addAction(tr("Draw Ignore Region"));
    m_drawIgnore->setCheckable(true);
    m_drawIgnore->setShortcut(QKeySequence(Qt::Key_I));
    m_drawIgnore->setToolTip(tr("Drag on the image to exclude a rectangle (saved to the sidecar file) (I)"));
    m_clearIgnore = addAction(tr("Clear Ignore Regions"));
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        m_value->setText(QString::number(v / 100.0, 'f', 2));
        Q_EMIT thresholdChanged(v / 100.0);
    });
    connect(m_aa, &QCheckBox::toggled, this, &CompareToolBar::includeAAChanged);
    connect(m_metric, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int i) { Q_EMIT ssimChanged(i == 1); });
    connect(m_flip, &QAction::toggled, this, &CompareToolBar::flipChanged);
    connect(m_shift, qOverload<int>(&QSpinBox::valueChanged), this, &CompareToolBar::shiftChanged);
    connect(m_align, &QAction::toggled, this, &CompareToolBar::alignChanged);
    setThreshold(0.1);
}

void CompareToolBar::setThreshold(double t)
{
    const QSignalBlocker block(m_slider);
    m_slider->setValue(int(std::lround(t * 100)));
    m_value->setText(QString::number(t, 'f', 2));
}

double CompareToolBar::threshold() const { return m_slider->value() / 100.0; }

void CompareToolBar::setIncludeAA(bool on)
{
    const QSignalBlocker block(m_aa);
    m_aa->setChecked(on);
}

void CompareToolBar::setSsim(bool on)
{
    const QSignalBlocker block(m_metric);
    m_metric->setCurrentIndex(on ? 1 : 0);
}

void CompareToolBar::setFlip(bool on)
{
    const QSignalBlocker block(m_flip);
    m_flip->setChecked(on);
}

void CompareToolBar::setShift(int shift)
{
    const QSignalBlocker block(m_shift);
    m_shift->setValue(shift);
}

void CompareToolBar::setAlign(bool on)
{
    const QSignalBlocker block(m_align);
    m_align->setChecked(on);
}

} // namespace difflens::ui
