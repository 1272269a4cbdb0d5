// ComparisonSession: the pair's ignore regions and their sidecar file (split from
// comparisonsession.cpp): found, loaded, added to and saved, never overwriting a sidecar
// that could not be read.
#include "comparisonsession.h"

#include <QFileInfo>

namespace difflens::ui {

bool ComparisonSession::addIgnoreRect(const QRect &rect)
{
    if (rect.isEmpty())
        return false;
    if (sidecarPath() == m_brokenSidecar && !m_brokenSidecar.isEmpty()) {
        Q_EMIT message(tr("Region not added: %1 could not be loaded (%2) and is not overwritten")
                           .arg(QFileInfo(m_brokenSidecar).fileName(), m_sidecarError));
        return false;
    }
    // Drawn in the views' frame (A's); kept in B's coordinates, as the comparison and the
    // CLI read them (docs/cli.md, Auto-alignment).
    const QRect inB = m_data ? rect.translated(-m_data->alignOffset) : rect;
    m_sidecar.ignore.push_back({Rect{inB.x(), inB.y(), inB.width(), inB.height()}, {}, {}});
    m_ignore.append(inB);
    saveSidecar();
    scheduleCompare();
    return true;
}

void ComparisonSession::clearIgnoreRects()
{
    if (m_ignore.isEmpty())
        return;
    m_sidecar.ignore.clear(); // the top-level fields stay
    m_ignore.clear();
    saveSidecar();
    scheduleCompare();
}

QString ComparisonSession::sidecarPath() const
{
    if (!m_sidecarFile.isEmpty())
        return m_sidecarFile;
    if (!m_brokenSidecar.isEmpty()) // refused by saveSidecar until startNewSidecar
        return m_brokenSidecar;
    const QString anchor = !m_b.path.isEmpty() ? m_b.path : m_a.path;
    return anchor.isEmpty() ? QString() : QString::fromStdString(sidecarPathFor(anchor.toStdString()));
}

QString ComparisonSession::startNewSidecar()
{
    if (m_brokenSidecar.isEmpty())
        return sidecarPath();
    m_sidecarFile = QString::fromStdString(replacementSidecarPath(m_brokenSidecar.toStdString()));
    Q_EMIT sidecarStatusChanged();
    return m_sidecarFile;
}

void ComparisonSession::loadSidecar()
{
    m_ignore.clear();
    m_sidecar = Sidecar{};
    m_sidecarFile.clear();
    m_brokenSidecar.clear();
    m_sidecarError.clear();
    const std::string found = findSidecar(m_a.path.toStdString(), m_b.path.toStdString());
    if (!found.empty()) {
        std::string error;
        Sidecar sc;
        if (difflens::loadSidecar(found, sc, error)) {
            m_sidecar = std::move(sc);
            m_sidecarFile = QString::fromStdString(found); // saved back where it came from
        } else {
            m_brokenSidecar = QString::fromStdString(found);
            m_sidecarError = QString::fromStdString(error);
            Q_EMIT message(tr("Sidecar %1 not loaded: %2").arg(m_brokenSidecar, m_sidecarError));
            // A new file started beside it earlier (startNewSidecar) is used instead.
            const std::string replacement = replacementSidecarPath(found);
            if (QFileInfo(QString::fromStdString(replacement)).isFile() &&
                difflens::loadSidecar(replacement, sc, error)) {
                m_sidecar = std::move(sc);
                m_sidecarFile = QString::fromStdString(replacement);
            }
        }
    }
    for (const Rect &r : m_sidecar.ignoreRects())
        m_ignore.append(QRect(r.x, r.y, r.width, r.height));
    Q_EMIT sidecarStatusChanged();
}

void ComparisonSession::saveSidecar()
{
    const QString path = sidecarPath();
    if (path.isEmpty())
        return;
    if (path == m_brokenSidecar) // never overwrite what could not be read
        return;
    std::string error;
    if (!difflens::saveSidecar(path.toStdString(), m_sidecar, error)) {
        Q_EMIT message(tr("Cannot save %1: %2").arg(path, QString::fromStdString(error)));
        return;
    }
    const bool first = m_sidecarFile.isEmpty();
    m_sidecarFile = path;
    Q_EMIT message(tr("Ignore regions saved to %1").arg(QFileInfo(path).fileName()));
    if (first)
        Q_EMIT sidecarStatusChanged();
}

} // namespace difflens::ui
