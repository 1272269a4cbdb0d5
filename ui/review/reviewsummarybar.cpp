#include "reviewsummarybar.h"

#include "reviewtablemodel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QRegularExpression>

namespace difflens::ui {

using namespace review;

ReviewSummaryBar::ReviewSummaryBar(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("reviewSummary"));
    auto *lay = new QHBoxLayout(this);
    lay->setContentsMargins(4, 2, 4, 2);
    lay->setSpacing(14);
    for (int i = 0; i < kPairStatusCount; ++i) {
        m_labels[i] = new QLabel(this);
        m_labels[i]->setToolTip(QString::fromLatin1(toString(PairStatus(i))));
        lay->addWidget(m_labels[i]);
    }
    lay->addStretch(1);
    m_decisions = new QLabel(this);
    m_progress = new QLabel(this);
    lay->addWidget(m_decisions);
    lay->addWidget(m_progress);
    setCounts({}, 0, 0);
}

void ReviewSummaryBar::setCounts(const StatusCounts &counts, int64_t approved, int64_t flagged)
{
    for (int i = 0; i < kPairStatusCount; ++i) {
        const PairStatus s = PairStatus(i);
        const QString colour = ReviewTableModel::statusColor(s).name();
        const QString mark = isFailure(s) ? QStringLiteral("■") : QStringLiteral("●");
        m_labels[i]->setText(QStringLiteral("<span style='color:%1'>%2</span> <b>%3</b> %4")
                                 .arg(colour, mark)
                                 .arg(counts.of(s))
                                 .arg(QString::fromLatin1(toString(s))));
        m_labels[i]->setEnabled(counts.of(s) > 0);
    }
    m_decisions->setText(tr("%1 approved · %2 flagged").arg(approved).arg(flagged));
}

void ReviewSummaryBar::setProgress(int64_t done, bool running)
{
    m_progress->setText(running ? tr("comparing… %1 done").arg(done) : tr("%1 pairs").arg(done));
}

QString ReviewSummaryBar::text() const
{
    QStringList parts;
    for (const QLabel *l : m_labels) {
        QString t = l->text();
        t.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
        parts << t;
    }
    parts << m_decisions->text() << m_progress->text();
    return parts.join(QStringLiteral(" | "));
}

} // namespace difflens::ui
