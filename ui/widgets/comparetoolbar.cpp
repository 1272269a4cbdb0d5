#include "widgets/comparetoolbar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

#include <cmath>

namespace difflens::ui {

CompareToolBar::CompareToolBar(QWidget *parent)
    : QToolBar(tr("Compare"), parent), m_slider(new QSlider(Qt::Horizontal)), m_value(new QLabel),
      m_aa(new QCheckBox(tr("Include AA"))), m_metric(new QComboBox)
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

} // namespace difflens::ui
