// Blink view: A and B alternating, on a timer or while Space is held.
#include "views/blinkview.h"

#include "zoommodel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace difflens::ui {

void OffsetImageCanvas::setOffset(const QPoint &offset)
{
    m_offset = offset;
    update();
}

void OffsetImageCanvas::paintContent(QPainter &p)
{
    p.save();
    p.translate(zoomModel()->imageToWidget(QPointF(m_offset)) - zoomModel()->imageToWidget(QPointF(0, 0)));
    SingleImageCanvas::paintContent(p);
    p.restore();
}

BlinkView::BlinkView(QWidget *parent)
    : CompareView(parent), m_canvas(new OffsetImageCanvas), m_timer(new QTimer(this)), m_auto(new QCheckBox(tr("Auto blink"))),
      m_interval(new QSpinBox)
{
    QHBoxLayout *bar = nullptr;
    QWidget *barWidget = makeControlBar(this, &bar);
    m_interval->setRange(50, 5000);
    m_interval->setSingleStep(50);
    m_interval->setSuffix(tr(" ms"));
    m_interval->setValue(500);
    m_auto->setChecked(true);
    bar->addWidget(m_auto);
    bar->addWidget(new QLabel(tr("Interval")));
    bar->addWidget(m_interval);
    bar->addSpacing(16);
    bar->addWidget(new QLabel(tr("Hold Space to show B")));
    bar->addStretch(1);
    connect(m_timer, &QTimer::timeout, this, [this] { showSide(!m_showingB); });
    connect(m_interval, qOverload<int>(&QSpinBox::valueChanged), m_timer, qOverload<int>(&QTimer::setInterval));
    connect(m_auto, &QCheckBox::toggled, this, [this](bool on) {
        if (on && isVisible())
            m_timer->start(m_interval->value());
        else
            m_timer->stop();
    });
    m_canvas->installEventFilter(this);
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(0);
    l->addWidget(barWidget);
    l->addWidget(m_canvas, 1);
}

void BlinkView::setData(const ViewDataPtr &data)
{
    m_data = data;
    m_canvas->setFrameSize(data->frameSize());
    m_canvas->setMessage(combinedMessage(*data));
    showSide(m_showingB);
}

void BlinkView::setInterval(int ms) { m_interval->setValue(ms); }
int BlinkView::interval() const { return m_interval->value(); }
void BlinkView::setAutoBlink(bool on) { m_auto->setChecked(on); }
bool BlinkView::autoBlink() const { return m_auto->isChecked(); }

void BlinkView::showSide(bool b)
{
    m_showingB = b;
    if (m_data) {
        m_canvas->setImage(b ? m_data->b : m_data->a);
        m_canvas->setOffset(b ? m_data->originB() : m_data->originA());
    }
    m_canvas->setCornerLabel(b ? QStringLiteral("B") : QStringLiteral("A"));
}

bool BlinkView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_canvas && (event->type() == QEvent::KeyPress || event->type() == QEvent::KeyRelease)) {
        auto *k = static_cast<QKeyEvent *>(event);
        if (k->key() == Qt::Key_Space) {
            if (!k->isAutoRepeat()) {
                const bool pressed = event->type() == QEvent::KeyPress;
                m_timer->stop();
                showSide(pressed);
                if (!pressed && m_auto->isChecked())
                    m_timer->start(m_interval->value());
            }
            return true;
        }
    }
    return CompareView::eventFilter(watched, event);
}

void BlinkView::hideEvent(QHideEvent *)
{
    m_timer->stop();
}

void BlinkView::showEvent(QShowEvent *)
{
    if (m_auto->isChecked())
        m_timer->start(m_interval->value());
}

} // namespace difflens::ui
