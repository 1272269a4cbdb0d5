// DiffLens desktop application.
//   difflens                 empty window (drop or open images)
//   difflens A B             compare two images
//   difflens DIR_A DIR_B     review two folders
//   difflens DIR             review a test runner's output (Playwright, jest, BackstopJS)
#include "compareworkspace.h"
#include "drophandler.h"
#include "mainwindow.h"
#include "status/statuspanel.h"
#include "views/differenceview.h"
#include "review/reviewinstall.h"

#include "difflens/engine/address_space.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>

#include <cstdio>

static void initResources() { Q_INIT_RESOURCE(difflens); }

int main(int argc, char **argv)
{
    // Under an address-space limit (ulimit -v) that leaves less than the window needs, say so
    // and stop: Qt's start-up, fontconfig and the X libraries do not all survive a failed
    // allocation, so trying would end in a crash.
    const int64_t room = difflens::addressSpaceHeadroom();
    if (room >= 0 && room < difflens::kAddressSpaceReserve) {
        std::fprintf(stderr,
                     "difflens: not enough memory to start: the address-space limit (ulimit -v) leaves %lld MiB, "
                     "and the window needs about %lld MiB. Raise the limit.\n",
                     static_cast<long long>(room >> 20), static_cast<long long>(difflens::kAddressSpaceReserve >> 20));
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("DiffLens"));
    QApplication::setApplicationName(QStringLiteral("difflens"));
    QApplication::setApplicationDisplayName(QStringLiteral("DiffLens"));
    QApplication::setApplicationVersion(QStringLiteral(DIFFLENS_VERSION));
    initResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/difflens.png")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Visual image comparison"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption viewOption(QStringLiteral("view"),
                                  QStringLiteral("Start in a view: side, swipe, onion, blink, difference or heatmap."),
                                  QStringLiteral("name"), QStringLiteral("side"));
    parser.addOption(viewOption);
    parser.addPositionalArgument(QStringLiteral("A"), QStringLiteral("First image (or folder)"), QStringLiteral("[A"));
    parser.addPositionalArgument(QStringLiteral("B"), QStringLiteral("Second image (or folder)"), QStringLiteral("B]"));
    parser.process(app);
    const QStringList args = parser.positionalArguments();

    difflens::ui::MainWindow window;
    difflens::ui::installFolderReview(&window);
    using Mode = difflens::ui::CompareWorkspace::Mode;
    const QString view = parser.value(viewOption);
    const QStringList names{QStringLiteral("side"), QStringLiteral("swipe"), QStringLiteral("onion"), QStringLiteral("blink"),
                            QStringLiteral("difference")};
    if (view == QLatin1String("heatmap")) {
        window.workspace()->difference()->setMode(difflens::ui::DifferenceView::Mode::Heatmap);
        window.workspace()->setMode(Mode::Difference);
    } else if (names.contains(view)) {
        window.workspace()->setMode(Mode(names.indexOf(view)));
    }
    window.show();
    if (args.size() == 2) {
        if (QFileInfo(args[0]).isDir() && QFileInfo(args[1]).isDir())
            window.openFolderPair(args[0], args[1]);
        else
            window.openPair(args[0], args[1]);
    } else if (args.size() == 1 && QFileInfo(args[0]).isDir()) {
        // One test runner's folder (Playwright, jest-image-snapshot, BackstopJS): review it.
        QString baseline, current, error;
        if (difflens::ui::runnerFolderRoots(args[0], &baseline, &current, &error))
            window.openFolderPair(baseline, current);
        else
            window.statusPanel()->showMessage(error, 15000);
    } else if (args.size() == 1) {
        window.openSide(difflens::ui::Side::A, args[0]);
    }
    return app.exec();
}
