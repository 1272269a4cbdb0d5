#pragma once
// Runs the built difflens-cli (DIFFLENS_CLI_PATH) from the CLI tests: exit code, stdout and
// stderr of one process, which must end within two minutes.
#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace clitest {

struct Run {
    int exitCode = -1; // -1: did not start, crashed or timed out
    QByteArray out, err;
};

inline Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(DIFFLENS_CLI_PATH), args);
    Run r;
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace clitest
