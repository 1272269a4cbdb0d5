#pragma once
// SidecarDocument: the ignore-region sidecar of one pair as the app edits it (sidecar.h holds
// the file format): found beside B or A, loaded, added to or cleared and saved back where it
// came from. A sidecar that could not be read is never overwritten: the document keeps its
// path and the reason, loads a replacement started beside it earlier (replacementSidecarPath)
// and saves there only once startReplacement() says so. Rewrites keep the notes and the fields
// this version does not know (Sidecar::extra). Paths are as given; no Qt type in the interface.
#include "difflens/compare/sidecar.h"

#include <string>
#include <vector>

namespace difflens {

class SidecarDocument {
public:
    enum class Saved { Nowhere, Refused, Yes, Failed };

    // Forgets the current document and opens the one that applies to the pair (findSidecar),
    // or an empty one that saves to "<B>.difflens.json" ("<A>..." without B). False when a
    // sidecar was found and could not be read (brokenPath(), error() say which and why).
    bool open(const std::string &pathA, const std::string &pathB);

    // Where the regions are saved: the file loaded (or saved) last, else the broken file
    // (refused by save() until startReplacement()), else sidecarPathFor(B or A); "" without paths.
    std::string path() const;
    // The file the document came from or was saved to ("" before the first save of a new one).
    const std::string &file() const { return m_file; }
    const std::string &brokenPath() const { return m_broken; }
    const std::string &error() const { return m_error; }
    // False while path() is the broken file: nothing may be added or saved.
    bool writable() const { return m_broken.empty() || path() != m_broken; }
    // Saves from now on to the replacement beside the broken file; returns path().
    std::string startReplacement();

    const Sidecar &sidecar() const { return m_sidecar; }
    std::vector<Rect> ignoreRects() const { return m_sidecar.ignoreRects(); }
    // Appends a region (no note); false, unchanged, when not writable() or `rect` is empty.
    bool addIgnore(const Rect &rect);
    // Removes every region; the top-level fields stay. False when there was none.
    bool clearIgnore();
    // Writes the document to path() atomically: Nowhere without a path, Refused for the
    // broken file, Failed with `error`. After Yes, file() is path().
    Saved save(std::string &error);

private:
    std::string m_a, m_b;
    Sidecar m_sidecar;
    std::string m_file;
    std::string m_broken, m_error;
};

} // namespace difflens
