// Documentation helper (not a test): opens the main window with the folder review on two
// folders, selects the first failing pair and stays open, so a screenshot of the real
// window can be taken (see docs/review.md, "Screenshot").
//   review_demo BASELINE_DIR CURRENT_DIR [NOTE]
#include "mainwindow.h"
#include "review/reviewcontroller.h"
#include "review/reviewinstall.h"
#include "review/reviewpanel.h"
#include "review/reviewtableview.h"

#include <QApplication>
#include <QDockWidget>
#include <QPlainTextEdit>

static void initResources() { Q_INIT_RESOURCE(difflens); }

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    initResources();
    if (argc < 3)
        return 2;
    difflens::ui::MainWindow window;
    const auto review = difflens::ui::installFolderReview(&window);
    window.resize(1600, 1000);
    window.move(0, 0);
    window.show();
    const QString note = argc > 3 ? QString::fromLocal8Bit(argv[3]) : QString();
    QObject::connect(review.controller, &difflens::ui::ReviewController::runFinished, &window, [review, note] {
        review.controller->selectNextFailure(+1);
        auto *panel = qobject_cast<difflens::ui::ReviewPanel *>(review.dock->widget());
        if (panel && !note.isEmpty())
            panel->noteEdit()->setPlainText(note);
        if (panel)
            panel->table()->setFocus();
    });
    window.openFolderPair(QString::fromLocal8Bit(argv[1]), QString::fromLocal8Bit(argv[2]));
    return app.exec();
}
