// Difference view: the diff image, heatmap, SSIM map, mask or FLIP map, with a colour legend.
#include "views/differenceview.h"

#include "colormap.h"
#include "widgets/colorlegend.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace difflens::ui {

DifferenceView::DifferenceView(QWidget *parent)
    : CompareView(parent), m_canvas(new OffsetImageCanvas), m_mode(new QComboBox), m_legend(new ColorLegend)
{
    QHBoxLayout *bar = nullptr;
    QWidget *barWidget = makeControlBar(this, &bar);
    m_mode->addItem(tr("Diff image"), int(Mode::Diff));
    m_mode->addItem(tr("Heatmap (per-pixel delta)"), int(Mode::Heatmap));
    m_mode->addItem(tr("SSIM map"), int(Mode::Ssim));
    m_mode->addItem(tr("Mask only"), int(Mode::Mask));
    m_mode->addItem(tr("FLIP map"), int(Mode::Flip));
    bar->addWidget(new QLabel(tr("Show")));
    bar->addWidget(m_mode);
    bar->addSpacing(16);
    bar->addWidget(m_legend, 1);
    bar->addStretch(0);
    connect(m_mode, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { refresh(); });
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(0);
    l->addWidget(barWidget);
    l->addWidget(m_canvas, 1);
    refresh();
}

void DifferenceView::setData(const ViewDataPtr &data)
{
    m_data = data;
    m_canvas->setFrameSize(data->frameSize());
    m_canvas->setOffset(data->layerOrigin());
    refresh();
}

void DifferenceView::setMode(Mode mode) { m_mode->setCurrentIndex(m_mode->findData(int(mode))); }

DifferenceView::Mode DifferenceView::mode() const { return Mode(m_mode->currentData().toInt()); }

ViewImage DifferenceView::currentLayer() const
{
    if (!m_data)
        return {};
    const ViewData &d = *m_data;
    switch (mode()) {
    case Mode::Diff: return d.diff;
    case Mode::Heatmap: return d.heat;
    case Mode::Ssim: return d.ssim;
    case Mode::Flip: return d.flip;
    case Mode::Mask: break;
    }
    return d.mask;
}

void DifferenceView::refresh()
{
    const Mode m = mode();
    m_legend->setVisible(m == Mode::Heatmap || m == Mode::Ssim || m == Mode::Flip);
    if (!m_data) {
        m_canvas->setImage({});
        return;
    }
    const ViewData &d = *m_data;
    const ViewImage img = currentLayer();
    m_canvas->setImage(img);
    QString msg = combinedMessage(d);
    if (msg.isEmpty() && !d.compared())
        msg = tr("Comparing…");
    else if (msg.isEmpty() && m != Mode::Diff && img.isNull() && d.layersPending())
        msg = tr("Computing this layer…");
    else if (msg.isEmpty() && m == Mode::Flip && img.isNull() && !d.flipRequested())
        msg = tr("Turn on Compute FLIP to see the FLIP map.");
    else if (msg.isEmpty() && m == Mode::Flip && img.isNull() && !d.flipError().isEmpty())
        msg = tr("FLIP: %1").arg(d.flipError());
    else if (msg.isEmpty() && m == Mode::Flip && img.isNull() && d.a.isLayered())
        msg = tr("No FLIP map for pairs this large (drawn from tiles): the FLIP mean is in the status line.");
    else if (msg.isEmpty() && img.isNull() && !d.layersError.isEmpty() &&
             (m != Mode::Ssim || d.ssimRequested()))
        msg = d.layersError;
    else if (msg.isEmpty() && m == Mode::Ssim && img.isNull())
        msg = tr("Select the Pixel + SSIM metric to see the SSIM map.");
    m_canvas->setMessage(msg);
    if (m == Mode::Heatmap && !d.heat.isNull())
        m_legend->setScale(heatColorTable(), QStringLiteral("0"), QString::number(d.heatPeak()), false);
    else if (m == Mode::Ssim && !d.ssim.isNull())
        m_legend->setScale(d.ssim.colorTable(), QStringLiteral("SSIM 1"), QStringLiteral("0"), false);
    else if (m == Mode::Flip && !d.flip.isNull())
        m_legend->setScale(magmaColorTable(), QStringLiteral("FLIP 0"), QStringLiteral("1"), false);
}

} // namespace difflens::ui
