// DiffLens desktop application.
//   difflens                 empty window (drop or open images)
//   difflens A B             compare two images
//   difflens DIR_A DIR_B     review two folders
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>

static void initResources() { Q_INIT_RESOURCE(difflens); }

int main(int argc, char **argv)
{
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
    parser.addPositionalArgument(QStringLiteral("A"), QStringLiteral("First image (or folder)"), QStringLiteral("[A"));
    parser.addPositionalArgument(QStringLiteral("B"), QStringLiteral("Second image (or folder)"), QStringLiteral("B]"));
    parser.process(app);
    const QStringList args = parser.positionalArguments();

    difflens::ui::MainWindow window;
    window.show();
    if (args.size() == 2) {
        if (QFileInfo(args[0]).isDir() && QFileInfo(args[1]).isDir())
            window.openFolderPair(args[0], args[1]);
        else
            window.openPair(args[0], args[1]);
    } else if (args.size() == 1) {
        window.openSide(difflens::ui::Side::A, args[0]);
    }
    return app.exec();
}
