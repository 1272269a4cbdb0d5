#include "reviewtableview.h"

#include <QHeaderView>
#include <QKeyEvent>

namespace difflens::ui {

ReviewTableView::ReviewTableView(QWidget *parent) : QTableView(parent)
{
    setObjectName(QStringLiteral("reviewTable"));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSortingEnabled(true);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setIconSize(QSize(14, 14));
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(false);
}

bool ReviewTableView::isReviewKey(const QKeyEvent *e)
{
    if (e->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier))
        return false;
    switch (e->key()) {
    case Qt::Key_J: case Qt::Key_K: case Qt::Key_A: case Qt::Key_F: case Qt::Key_U:
        return !(e->modifiers() & Qt::ShiftModifier);
    default:
        return false;
    }
}

bool ReviewTableView::event(QEvent *e)
{
    // Claim our keys before the window-wide shortcuts (F = fit, ...) see them.
    if (e->type() == QEvent::ShortcutOverride && isReviewKey(static_cast<QKeyEvent *>(e))) {
        e->accept();
        return true;
    }
    return QTableView::event(e);
}

void ReviewTableView::keyPressEvent(QKeyEvent *e)
{
    if (!isReviewKey(e)) {
        QTableView::keyPressEvent(e);
        return;
    }
    switch (e->key()) {
    case Qt::Key_J: Q_EMIT nextFailureRequested(); break;
    case Qt::Key_K: Q_EMIT previousFailureRequested(); break;
    case Qt::Key_A: Q_EMIT approveRequested(); break;
    case Qt::Key_F: Q_EMIT flagRequested(); break;
    case Qt::Key_U: Q_EMIT undoRequested(); break;
    default: break;
    }
    e->accept();
}

} // namespace difflens::ui
