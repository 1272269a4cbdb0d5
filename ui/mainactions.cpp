#include "mainactions.h"

#include "comparisonsession.h"
#include "compareworkspace.h"
#include "mainwindow.h"
#include "recentpairs.h"
#include "views/differenceview.h"
#include "views/sidebysideview.h"
#include "widgets/comparetoolbar.h"

#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QFileInfo>
#include <QIcon>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QToolBar>

namespace difflens::ui {

namespace {
const char *kViewIcons[] = {":/icons/side-by-side.png", ":/icons/swipe.png", ":/icons/onion.png", ":/icons/blink.png",
                            ":/icons/difference.png"};
}

MainActions::MainActions(MainWindow *window) : QObject(window), m_window(window), m_views(new QActionGroup(this))
{
    buildFileMenu();
    buildViewMenu();
    buildCompareMenu();
}

QAction *MainActions::viewAction(int mode) const { return m_views->actions().value(mode); }

void MainActions::buildFileMenu()
{
    MainWindow *w = m_window;
    QMenu *file = w->menuBar()->addMenu(tr("&File"));
    QAction *openA = file->addAction(tr("Open &A…"), w, [w] { w->chooseFile(Side::A); });
    openA->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
    QAction *openB = file->addAction(tr("Open &B…"), w, [w] { w->chooseFile(Side::B); });
    openB->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_recent = file->addMenu(tr("&Recent Pairs"));
    connect(m_recent, &QMenu::aboutToShow, this, &MainActions::rebuildRecentMenu);
    file->addSeparator();
    file->addAction(tr("&Paste Image"), w, [w] { w->pasteFromClipboard(); })->setShortcut(QKeySequence::Paste);
    file->addAction(tr("Re&load"), w->session(), &ComparisonSession::reload)->setShortcut(QKeySequence(Qt::Key_F5));
    file->addAction(tr("&Export Report…"), w, [w] { w->exportReport(); })->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    file->addAction(tr("&Settings…"), w, [w] { w->editSettings(); })->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    file->addSeparator();
    file->addAction(tr("&Quit"), w, &QWidget::close)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
}

void MainActions::rebuildRecentMenu()
{
    m_recent->clear();
    const QList<RecentPairs::Pair> pairs = RecentPairs::load();
    for (const RecentPairs::Pair &p : pairs) {
        const QString a = p.first, b = p.second;
        m_recent->addAction(QStringLiteral("%1  ↔  %2").arg(QFileInfo(a).fileName(), QFileInfo(b).fileName()), m_window,
                            [this, a, b] { m_window->openPair(a, b); })
            ->setToolTip(a + QLatin1Char('\n') + b);
    }
    if (pairs.isEmpty())
        m_recent->addAction(tr("(none)"))->setEnabled(false);
    else {
        m_recent->addSeparator();
        m_recent->addAction(tr("Clear"), this, [] { RecentPairs::clear(); });
    }
}

void MainActions::buildViewMenu()
{
    MainWindow *w = m_window;
    CompareWorkspace *ws = w->workspace();
    QMenu *view = w->menuBar()->addMenu(tr("&View"));
    auto *bar = new QToolBar(tr("Views"), w);
    bar->setObjectName(QStringLiteral("viewToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    w->insertToolBar(w->compareToolBar(), bar);
    for (int i = 0; i < CompareWorkspace::kModeCount; ++i) {
        const auto mode = CompareWorkspace::Mode(i);
        QAction *a = view->addAction(QIcon(QString::fromLatin1(kViewIcons[i])), CompareWorkspace::modeName(mode));
        a->setCheckable(true);
        a->setShortcut(QKeySequence(Qt::Key_1 + i));
        a->setToolTip(QStringLiteral("%1 (%2)").arg(a->text()).arg(i + 1));
        m_views->addAction(a);
        bar->addAction(a);
        connect(a, &QAction::triggered, ws, [ws, mode] { ws->setMode(mode); });
    }
    m_views->actions().first()->setChecked(true);
    connect(ws, &CompareWorkspace::modeChanged, this, [this](int m) {
        if (QAction *a = viewAction(m))
            a->setChecked(true);
    });
    QAction *heat = view->addAction(tr("Difference: &Heatmap"), ws, [ws] {
        ws->difference()->setMode(DifferenceView::Mode::Heatmap);
        ws->setMode(CompareWorkspace::Mode::Difference);
    });
    heat->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_5));
    view->addAction(tr("Difference: &FLIP Map"), ws, [ws] {
        ws->difference()->setMode(DifferenceView::Mode::Flip);
        ws->setMode(CompareWorkspace::Mode::Difference);
    });
    view->addSeparator();
    m_vertical = view->addAction(tr("Stack &Vertically"));
    m_vertical->setCheckable(true);
    m_vertical->setShortcut(QKeySequence(Qt::Key_V));
    connect(m_vertical, &QAction::toggled, ws, [ws](bool on) { ws->sideBySide()->setVertical(on); });
    bar->addSeparator();
    bar->addAction(m_vertical);
    view->addSeparator();
    QAction *in = view->addAction(tr("Zoom &In"), ws, &CompareWorkspace::zoomIn);
    in->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    view->addAction(tr("Zoom &Out"), ws, &CompareWorkspace::zoomOut)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));
    QAction *fit = view->addAction(tr("&Fit to Window"), ws, &CompareWorkspace::zoomFit);
    fit->setShortcut(QKeySequence(Qt::Key_F));
    QAction *actual = view->addAction(tr("Actual &Size (100 %)"), ws, &CompareWorkspace::zoomActual);
    actual->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    bar->addAction(fit);
    bar->addAction(actual);
    view->addSeparator();
    QAction *boxes = view->addAction(tr("Show &Region Boxes"));
    boxes->setCheckable(true);
    boxes->setChecked(true);
    boxes->setShortcut(QKeySequence(Qt::Key_R));
    connect(boxes, &QAction::toggled, ws, &CompareWorkspace::setShowRegions);
    view->addSeparator();
    for (QDockWidget *dock : w->findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
}

void MainActions::buildCompareMenu()
{
    MainWindow *w = m_window;
    CompareWorkspace *ws = w->workspace();
    QMenu *cmp = w->menuBar()->addMenu(tr("&Compare"));
    m_next = cmp->addAction(tr("&Next Region"), ws, &CompareWorkspace::nextRegion);
    m_next->setShortcut(QKeySequence(Qt::Key_N));
    m_previous = cmp->addAction(tr("&Previous Region"), ws, &CompareWorkspace::previousRegion);
    m_previous->setShortcut(QKeySequence(Qt::Key_P));
    cmp->addSeparator();
    cmp->addAction(w->compareToolBar()->drawIgnoreAction());
    cmp->addAction(w->compareToolBar()->clearIgnoreAction());
    cmp->addSeparator();
    // The toolbar's FLIP, shift and alignment controls drive the session (and the menu).
    CompareToolBar *bar = w->compareToolBar();
    ComparisonSession *session = w->session();
    cmp->addAction(bar->flipAction());
    cmp->addAction(bar->alignAction());
    connect(bar, &CompareToolBar::flipChanged, session, &ComparisonSession::setComputeFlip);
    connect(bar, &CompareToolBar::shiftChanged, session, &ComparisonSession::setShift);
    connect(bar, &CompareToolBar::alignChanged, session, &ComparisonSession::setAlign);
    bar->setFlip(session->computeFlip());
    bar->setShift(session->shift());
    bar->setAlign(session->align());
    // Remembered across restarts (AppSettings in QSettings; restored by applySettings at start).
    const auto remember = [w, session] {
        AppSettings s = w->settings();
        s.shift = session->shift();
        s.align = session->align();
        s.computeFlip = session->computeFlip();
        if (s == w->settings())
            return;
        w->applySettings(s);
        QSettings stored;
        s.save(stored);
    };
    connect(bar, &CompareToolBar::flipChanged, w, remember);
    connect(bar, &CompareToolBar::shiftChanged, w, remember);
    connect(bar, &CompareToolBar::alignChanged, w, remember);
    cmp->addSeparator();
    cmp->addAction(tr("&Cancel Comparison"), w->session(), &ComparisonSession::cancel)
        ->setShortcut(QKeySequence(Qt::Key_Escape));
    QMenu *help = w->menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About DiffLens"), w, [w] {
        QMessageBox::about(w, tr("About DiffLens"),
                           tr("<b>DiffLens %1</b><br>Visual image comparison.").arg(QApplication::applicationVersion()));
    });
}

} // namespace difflens::ui
