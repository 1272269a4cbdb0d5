#pragma once
// `difflens-cli git-diff [compare options] PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX
// NEW-MODE [NEW-PATH INFO]`: git's external diff interface (GIT_EXTERNAL_DIFF, or
// `diff.<driver>.command` with `*.png diff=<driver>` in .gitattributes). Prints a git-style
// header and the one-pair summary of `compare` (added, deleted and byte-equal files without
// decoding both sides). Runs in the Qt-free fast path. See docs/git.md.
#include <string>
#include <vector>

namespace difflens::cli {

// git's arguments, taken from the end of the command line (options come first).
struct GitDiffArgs {
    std::string path, oldFile, oldHex, oldMode, newFile, newHex, newMode;
    std::string newPath;              // a rename or copy: the new name (else empty)
    std::string info;                 // a rename or copy: git's "similarity index ..." lines
    std::vector<std::string> options; // everything before git's arguments
    bool unmerged = false;            // git's one-argument call for a path with a merge conflict
};

// Splits the command line (after "git-diff"); false with a reason when the end does not
// hold git's seven (or nine) arguments, or git's single PATH of an unmerged file (after
// options written as --name=value or flags only).
bool parseGitDiffArgs(const std::vector<std::string> &args, GitDiffArgs &out, std::string &error);

// Exit 0 whenever the pair could be described (git stops at an external diff's non-zero
// exit), 2 for bad arguments.
int runGitDiffCommand(const std::vector<std::string> &args);

} // namespace difflens::cli
