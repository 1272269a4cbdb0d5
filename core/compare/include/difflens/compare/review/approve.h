#pragma once
// Approving a pair makes the current image the new baseline. Safety rules:
//  - the baseline is never replaced before a backup copy of it exists
//    (<baseline>/.difflens-backup/<timestamp>/<rel/path>);
//  - the new bytes are written to a temporary file in the same folder, flushed, then
//    renamed over the baseline (atomic on POSIX), so an interrupted approval leaves the old
//    baseline intact;
//  - every approval returns a record that undo() uses to restore the previous state.
// For a test-runner layout (layout.h) of the two roots, approve(relPath) writes the pair's
// current image over its approval target (the runner's own snapshot file), same rules.
#include "difflens/compare/review/layout.h"
#include "difflens/compare/review/types.h"

#include <functional>
#include <string>

namespace difflens::review {

struct ApprovalRecord {
    std::string relPath;
    std::string baselinePath;   // the file that was written or removed
    std::string backupPath;     // copy of the previous baseline ("" when there was none)
    bool baselineExisted = false;
    bool removed = false;       // approval of a removal: the baseline was moved into the backup
};

class Approver {
public:
    Approver(std::string baselineRoot, std::string currentRoot);

    // Test hook called at "backup-written", "temp-written" (before the rename) and
    // "renamed"; return true to simulate a failure at that point.
    using FaultHook = std::function<bool(const std::string &stage)>;
    void setFaultHook(FaultHook hook) { m_fault = std::move(hook); }

    // Approves relPath: copies current over baseline, or adds it (only in current), or
    // removes the baseline (only in baseline). In a test-runner layout relPath names a pair
    // as discovery does, and its approval target is replaced (refused when it has none).
    bool approve(const std::string &relPath, ApprovalRecord &record, std::string &error);
    // Copies currentPath over targetPath ("" currentPath: removes targetPath), backup first.
    bool approveFiles(const std::string &relPath, const std::string &currentPath, const std::string &targetPath,
                      ApprovalRecord &record, std::string &error);
    bool undo(const ApprovalRecord &record, std::string &error);

    // <baseline>/.difflens-backup/<timestamp> of this approver (created on first use).
    std::string backupDir() const;
    static const char *backupFolderName() { return ".difflens-backup"; }

private:
    bool failAt(const char *stage, std::string &error) const;
    bool ensureBackupDir(std::string &error);
    bool resolveLayoutOnce(std::string &error);
    bool undoFiles(const ApprovalRecord &record, std::string &error);

    std::string m_baselineRoot, m_currentRoot;
    std::string m_stamp;
    std::string m_backupDir;
    FaultHook m_fault;
    bool m_layoutResolved = false;
    ResolvedLayout m_layout;
};

// Copies src to dst atomically: temp file next to dst, fsync, optional hook, rename.
// On any failure dst is untouched and the temp file removed.
bool atomicCopyFile(const std::string &src, const std::string &dst, std::string &error,
                    const std::function<bool()> &beforeRename = {});

} // namespace difflens::review
