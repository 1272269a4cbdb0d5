// DIFFLENS_TEST_EXIT_AFTER_LOAD: print how the comparison ended, then quit (tests only).
#include "testexithook.h"

#include "comparisonsession.h"

#include <QCoreApplication>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <cstdio>

namespace difflens::ui {

namespace {
// Repaints the window (the pane message or the images are really drawn), prints, quits.
void finish(QWidget *window, const QString &line)
{
    QPointer<QWidget> w(window);
    QTimer::singleShot(0, window, [w, line] {
        if (w)
            w->repaint();
        QString text = line;
        text.replace(QLatin1Char('\n'), QLatin1Char(' '));
        std::fputs(text.toUtf8().constData(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
        QCoreApplication::exit(0);
    });
}

// What the panes say instead of a result (as CompareView shows it).
QString paneMessage(const ViewData &d)
{
    QStringList lines;
    if (!d.error.isEmpty())
        lines << d.error;
    if (!d.errorA.isEmpty())
        lines << QStringLiteral("A: %1").arg(d.errorA);
    if (!d.errorB.isEmpty())
        lines << QStringLiteral("B: %1").arg(d.errorB);
    return lines.join(QLatin1Char(' '));
}
} // namespace

bool testExitAfterLoadRequested()
{
    return qEnvironmentVariableIntValue("DIFFLENS_TEST_EXIT_AFTER_LOAD") == 1;
}

void installTestExitHook(ComparisonSession *session, QWidget *window)
{
    QObject::connect(session, &ComparisonSession::resultChanged, window, [session, window] {
        const ComparisonPtr c = session->comparison();
        const ViewDataPtr data = session->data();
        if (!c || !data || c->compared() || c->preview())
            return; // compared: wait for the follow-up layers (layered: the exact pass)
        const QString message = paneMessage(*data);
        finish(window, message.isEmpty() ? QStringLiteral("difflens: error: no comparison")
                                         : QStringLiteral("difflens: error: %1").arg(message));
    });
    QObject::connect(session, &ComparisonSession::layersChanged, window, [session, window] {
        const ViewDataPtr data = session->data();
        const ComparisonPtr c = session->comparison();
        if (!data || (c && c->preview()) || session->fullResolutionPending())
            return; // layered: rows still streaming, or the full-resolution tiles still coming
        if (!data->layersError.isEmpty())
            finish(window, QStringLiteral("difflens: error: %1").arg(data->layersError));
        else
            finish(window, QStringLiteral("difflens: loaded"));
    });
}

} // namespace difflens::ui
