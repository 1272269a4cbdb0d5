#pragma once
// Adds the folder review to a MainWindow: a "Review" dock below the compare views (the
// table, filters, summary and note editor), a Review menu, and the window's folder handler
// (folders given on the command line or dropped open here).
#include <QString>

class QDockWidget;

namespace difflens::ui {

class MainWindow;
class ReviewController;

struct ReviewInstallation {
    QDockWidget *dock = nullptr;
    ReviewController *controller = nullptr;
};

ReviewInstallation installFolderReview(MainWindow *window);

} // namespace difflens::ui
