// SidecarDocument (sidecar_document.h): the pair's sidecar as the app loads, edits and saves it.
#include "difflens/compare/sidecar_document.h"

#include <sys/stat.h>

namespace difflens {

namespace {
bool isFile(const std::string &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}
} // namespace

bool SidecarDocument::open(const std::string &pathA, const std::string &pathB)
{
    *this = SidecarDocument{};
    m_a = pathA;
    m_b = pathB;
    const std::string found = findSidecar(pathA, pathB);
    if (found.empty())
        return true;
    Sidecar sc;
    if (loadSidecar(found, sc, m_error)) {
        m_sidecar = std::move(sc);
        m_file = found; // saved back where it came from
        return true;
    }
    m_broken = found;
    // A new file started beside it earlier (startReplacement) is used instead.
    const std::string replacement = replacementSidecarPath(found);
    std::string ignored;
    if (isFile(replacement) && loadSidecar(replacement, sc, ignored)) {
        m_sidecar = std::move(sc);
        m_file = replacement;
    }
    return false;
}

std::string SidecarDocument::path() const
{
    if (!m_file.empty())
        return m_file;
    if (!m_broken.empty())
        return m_broken;
    const std::string &anchor = !m_b.empty() ? m_b : m_a;
    return anchor.empty() ? std::string() : sidecarPathFor(anchor);
}

std::string SidecarDocument::startReplacement()
{
    if (!m_broken.empty())
        m_file = replacementSidecarPath(m_broken);
    return path();
}

bool SidecarDocument::addIgnore(const Rect &rect)
{
    if (!writable() || rect.empty())
        return false;
    m_sidecar.ignore.push_back({rect, {}, {}});
    return true;
}

bool SidecarDocument::clearIgnore()
{
    if (m_sidecar.ignore.empty())
        return false;
    m_sidecar.ignore.clear(); // the top-level fields stay
    return true;
}

SidecarDocument::Saved SidecarDocument::save(std::string &error)
{
    const std::string target = path();
    if (target.empty())
        return Saved::Nowhere;
    if (!writable()) // never overwrite what could not be read
        return Saved::Refused;
    if (!saveSidecar(target, m_sidecar, error))
        return Saved::Failed;
    m_file = target;
    return Saved::Yes;
}

} // namespace difflens
