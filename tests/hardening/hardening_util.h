#pragma once
// Helpers for the hardening tests: running difflens-cli as a child process (exit code, one
// stderr line, peak resident memory, optional resource limits), file hashes, and folders
// that refuse writes even to root.
#include <QByteArray>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <functional>

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hardening {

// Peak memory bound for one difflens-cli run on the corpus (a run takes about 22 MB; 165 MB
// when LibTorch is loaded). AddressSanitizer's shadow memory and quarantine add to every run.
#if defined(__SANITIZE_ADDRESS__)
constexpr qint64 kSanitizerFactor = 4;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr qint64 kSanitizerFactor = 4;
#else
constexpr qint64 kSanitizerFactor = 1;
#endif
#else
constexpr qint64 kSanitizerFactor = 1;
#endif
constexpr qint64 kMaxRssKb = 300 * 1024 * kSanitizerFactor;

struct CliRun {
    bool started = false;
    bool crashed = false;      // killed by a signal
    int exitCode = -1;
    QByteArray out, err;
    qint64 peakRssKb = -1;     // from /usr/bin/time; -1 when not measured
    QByteArray errLine() const { return err.trimmed(); }
    int errLines() const { return err.count('\n'); }
};

inline QString timeTool()
{
    return QFile::exists(QStringLiteral("/usr/bin/time")) ? QStringLiteral("/usr/bin/time") : QString();
}

// Runs `difflens-cli args...` (through /bin/sh when `shellArgs` is true, so arguments may be
// raw bytes that are not UTF-8). `modifier` runs in the child before exec (resource limits).
inline CliRun runCli(const QStringList &args, const std::function<void()> &modifier = {}, bool shellArgs = false,
                     const QString &workDir = {})
{
    CliRun r;
    QProcess p;
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    if (modifier)
        p.setChildProcessModifier(modifier);
    const QString rssFile = QDir::temp().filePath(QStringLiteral("difflens-rss-%1-%2.txt")
                                                      .arg(QCoreApplication::applicationPid())
                                                      .arg(quintptr(&r)));
    QStringList command;
    const QString time = timeTool();
    if (!time.isEmpty())
        command << time << QStringLiteral("-f") << QStringLiteral("%M") << QStringLiteral("-o") << rssFile;
    if (shellArgs)
        command << QStringLiteral("/bin/sh") << QStringLiteral("-c") << args.join(QLatin1Char(' '))
                << QStringLiteral(DIFFLENS_CLI_PATH);
    else
        command << QStringLiteral(DIFFLENS_CLI_PATH) << args;
    p.start(command.takeFirst(), command);
    r.started = p.waitForStarted(30000);
    if (!r.started)
        return r;
    p.waitForFinished(300000);
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.exitCode = p.exitCode();
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    if (!time.isEmpty()) {
        QFile f(rssFile);
        if (f.open(QIODevice::ReadOnly)) {
            // /usr/bin/time adds "Command exited with non-zero status N" / "Command terminated
            // by signal N" lines before the number.
            const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
            bool ok = false;
            const qint64 kb = lines.isEmpty() ? -1 : lines.last().trimmed().toLongLong(&ok);
            r.peakRssKb = ok ? kb : -1;
            for (const QByteArray &l : lines)
                if (l.startsWith("Command terminated by signal"))
                    r.crashed = true;
        }
        f.remove();
    }
    return r;
}

inline QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArray("<unreadable>");
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

// Relative path -> SHA-256 of every file below `root` (hidden files included).
inline QMap<QString, QByteArray> treeHashes(const QString &root)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        out.insert(QDir(root).relativeFilePath(p), fileHash(p));
    }
    return out;
}

inline bool copyFile(const QString &from, const QString &to)
{
    QDir().mkpath(QFileInfo(to).absolutePath());
    QFile::remove(to);
    return QFile::copy(from, to);
}

// Ignores SIGXFSZ and caps the size of any file the child writes: writes past the cap fail
// with EFBIG, as on a disk that is full.
inline std::function<void()> fileSizeLimit(rlim_t bytes)
{
    return [bytes]() {
        ::signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim {bytes, bytes};
        ::setrlimit(RLIMIT_FSIZE, &lim);
    };
}

inline bool canCreateIn(const QString &dir)
{
    const QString probe = dir + QStringLiteral("/.difflens-write-probe");
    QFile f(probe);
    const bool ok = f.open(QIODevice::WriteOnly);
    f.close();
    QFile::remove(probe);
    return ok;
}

inline bool runTool(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// Makes a folder refuse new files and renames, even for root. Tries in order: permission
// bits (not root), the immutable attribute (chattr +i, root on ext2/3/4, xfs, btrfs), a
// read-only bind mount (root with mount rights). method() is empty when none worked; the
// destructor undoes what was done.
class ReadOnlyFolder {
public:
    explicit ReadOnlyFolder(const QString &dir) : m_dir(dir)
    {
        if (::geteuid() != 0) {
            ::chmod(QFile::encodeName(dir).constData(), 0555);
            if (!canCreateIn(dir))
                m_method = QStringLiteral("chmod 0555");
            return;
        }
        if (runTool(QStringLiteral("chattr"), {QStringLiteral("+i"), dir}) && !canCreateIn(dir)) {
            m_method = QStringLiteral("chattr +i");
            return;
        }
        runTool(QStringLiteral("chattr"), {QStringLiteral("-i"), dir});
        if (runTool(QStringLiteral("mount"), {QStringLiteral("--bind"), dir, dir})) {
            m_mounted = true;
            if (runTool(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("remount,ro,bind"), dir}) &&
                !canCreateIn(dir))
                m_method = QStringLiteral("read-only bind mount");
        }
    }
    ~ReadOnlyFolder()
    {
        if (m_mounted)
            runTool(QStringLiteral("umount"), {m_dir});
        else if (m_method == QLatin1String("chattr +i"))
            runTool(QStringLiteral("chattr"), {QStringLiteral("-i"), m_dir});
        else
            ::chmod(QFile::encodeName(m_dir).constData(), 0755);
    }
    ReadOnlyFolder(const ReadOnlyFolder &) = delete;
    ReadOnlyFolder &operator=(const ReadOnlyFolder &) = delete;
    QString method() const { return m_method; }

private:
    QString m_dir, m_method;
    bool m_mounted = false;
};

} // namespace hardening
