#include "reviewinstall.h"

#include "reviewcontroller.h"
#include "reviewpanel.h"

#include "comparisonsession.h"
#include "mainwindow.h"
#include "status/statuspanel.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenu>
#include <QMenuBar>

namespace difflens::ui {

namespace {
const char *kSessionFilter = "DiffLens review (*.json)";

void chooseFolders(MainWindow *w, ReviewController *c, QDockWidget *dock)
{
    const QString a = QFileDialog::getExistingDirectory(w, QObject::tr("Baseline Folder"));
    if (a.isEmpty())
        return;
    const QString b = QFileDialog::getExistingDirectory(w, QObject::tr("Current Folder"));
    if (b.isEmpty())
        return;
    dock->show();
    c->openFolders(a, b);
}
} // namespace

ReviewInstallation installFolderReview(MainWindow *w)
{
    auto *dock = new QDockWidget(QObject::tr("Review"), w);
    dock->setObjectName(QStringLiteral("reviewDock"));
    auto *panel = new ReviewPanel(dock);
    dock->setWidget(panel);
    w->addDockWidget(Qt::BottomDockWidgetArea, dock);
    dock->hide();
    auto *c = new ReviewController(panel, w);

    c->setPairOpener([w](const QString &a, const QString &b) {
        if (!a.isEmpty() && !b.isEmpty()) {
            w->openPair(a, b);
            return;
        }
        w->showPage(QStringLiteral("compare"));
        w->session()->setSidePath(Side::A, a);
        w->session()->setSidePath(Side::B, b);
    });
    QObject::connect(c, &ReviewController::message, w, [w](const QString &t) { w->statusPanel()->showMessage(t); });
    w->setFolderReviewHandler([c, dock](const QString &a, const QString &b) {
        dock->show();
        dock->raise();
        return c->openFolders(a, b);
    });

    const auto openSession = [w, c, dock] {
        const QString path = QFileDialog::getOpenFileName(w, QObject::tr("Open Review Session"), QString(),
                                                          QObject::tr(kSessionFilter));
        if (!path.isEmpty()) {
            dock->show();
            c->openSession(path);
        }
    };
    const auto saveSession = [w, c] {
        const QString path = QFileDialog::getSaveFileName(w, QObject::tr("Save Review Session"),
                                                          QStringLiteral("review.difflens-review.json"),
                                                          QObject::tr(kSessionFilter));
        if (!path.isEmpty())
            c->saveSession(path);
    };
    QObject::connect(panel->openFoldersAction(), &QAction::triggered, w, [w, c, dock] { chooseFolders(w, c, dock); });
    QObject::connect(panel->openSessionAction(), &QAction::triggered, w, openSession);
    QObject::connect(panel->saveSessionAction(), &QAction::triggered, w, saveSession);

    QMenu *menu = w->menuBar()->addMenu(QObject::tr("&Review"));
    menu->addAction(QObject::tr("Open &Folders…"), w, [w, c, dock] { chooseFolders(w, c, dock); });
    menu->addAction(QObject::tr("&Open Session…"), w, openSession);
    menu->addAction(QObject::tr("&Save Session…"), w, saveSession);
    menu->addSeparator();
    menu->addAction(dock->toggleViewAction());
    return {dock, c};
}

} // namespace difflens::ui
