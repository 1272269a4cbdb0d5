// `difflens-cli git-diff` (git_diff_command.h): git's external diff arguments in, a git-style
// header and the one-pair summary out, without Qt.
#include "git_diff_command.h"

#include "compare_options.h"
#include "errors.h"
#include "summary.h"

#include "difflens/compare/comparison.h"
#include "difflens/compare/load.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace difflens::cli {

namespace {

const char *const kNoFile = "/dev/null";

bool isHexId(const std::string &s)
{
    if (s == ".")
        return true; // git's placeholder for a missing side
    if (s.size() != 40 && s.size() != 64)
        return false;
    return s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

bool isMode(const std::string &s)
{
    return s == "." || (s.size() == 6 && s.find_first_not_of("01234567") == std::string::npos);
}

// Whether args[at..at+6] look like git's path, old file, hex, mode, new file, hex, mode.
bool gitShapeAt(const std::vector<std::string> &args, size_t at)
{
    return isHexId(args[at + 2]) && isMode(args[at + 3]) && isHexId(args[at + 5]) && isMode(args[at + 6]);
}

std::string shortId(const std::string &hex)
{
    if (hex.size() < 7 || hex.find_first_not_of('0') == std::string::npos)
        return "0000000";
    return hex.substr(0, 7);
}

// A known object id on both sides, the same: the bytes are equal without reading them.
bool sameObject(const GitDiffArgs &g)
{
    return g.oldHex == g.newHex && g.oldHex != "." && g.oldHex.find_first_not_of('0') != std::string::npos;
}

// Equal bytes, read from the files (the work tree's side has no object id yet): sizes first,
// then 64 KiB at a time, stopping at the first difference.
bool sameBytes(const std::string &a, const std::string &b)
{
    struct stat sa {
    }, sb{};
    if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0 || sa.st_size != sb.st_size)
        return false;
    std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
    std::vector<char> ba(size_t(1) << 16), bb(ba.size());
    while (fa && fb) {
        fa.read(ba.data(), std::streamsize(ba.size()));
        fb.read(bb.data(), std::streamsize(bb.size()));
        if (fa.gcount() != fb.gcount() || std::memcmp(ba.data(), bb.data(), size_t(fa.gcount())) != 0)
            return false;
    }
    return fa.eof() && fb.eof();
}

// The summary without its Plan and Timings lines (how it ran, not what changed).
std::string withoutRunLines(const std::string &summary)
{
    std::istringstream in(summary);
    std::string line, out;
    while (std::getline(in, line))
        if (line.rfind("Plan:", 0) != 0 && line.rfind("Timings:", 0) != 0)
            out += line + "\n";
    return out;
}

std::string header(const GitDiffArgs &g, const std::string &oldName, const std::string &newName)
{
    std::string h = "diff --difflens " + oldName + " " + newName + "\n";
    if (!g.info.empty())
        h += g.info.back() == '\n' ? g.info : g.info + "\n";
    if (g.oldFile == kNoFile)
        return h + "new file mode " + g.newMode + "\n";
    if (g.newFile == kNoFile)
        return h + "deleted file mode " + g.oldMode + "\n";
    if (g.oldMode != g.newMode)
        h += "old mode " + g.oldMode + "\nnew mode " + g.newMode + "\n";
    h += "index " + shortId(g.oldHex) + ".." + shortId(g.newHex);
    return h + (g.oldMode == g.newMode ? " " + g.newMode + "\n" : "\n");
}

// One side alone (added or deleted): its size and format from the header.
std::string describeOneSide(const char *label, const std::string &name, const std::string &file,
                            const char *result)
{
    ImageFileSize size;
    std::string error;
    if (!probeImageFile(file, size, error))
        return std::string("Error:    ") + name + ": " + error + "\n";
    return std::string(label) + name + " (" + std::to_string(size.width) + "x" + std::to_string(size.height) +
           ", " + size.format + ")\nResult:   " + result + "\n";
}

std::string describeModified(const GitDiffArgs &g, CompareCommandOptions &o, const std::string &oldName,
                             const std::string &newName)
{
    if (sameObject(g) || sameBytes(g.oldFile, g.newFile))
        return "Result:   IDENTICAL bytes\n";
    o.compare.job.ignore = o.ignoreArgs; // no sidecar: the old side is a temporary file
    const ComparisonPtr compared = compareDirect(g.oldFile, g.newFile, o.compare);
    const CompareResult &r = resultOrError(compared);
    if (!r.ok) {
        const std::string file = r.errorFile == g.oldFile   ? oldName
                                 : r.errorFile == g.newFile ? newName
                                                            : r.errorFile;
        return "Error:    " + (file.empty() ? r.errorReason : file + ": " + r.errorReason) + "\n";
    }
    CompareResult named = r; // the summary names git's paths, not its temporary files
    named.a.path = oldName;
    named.b.path = newName;
    SummaryContext ctx;
    ctx.diffImagePath = o.compare.diffImagePath;
    ctx.ignoreCount = o.compare.job.ignore.size();
    ctx.failOnLayout = o.compare.failOnLayout;
    ctx.shift = o.compare.job.pixelmatch.shift;
    return withoutRunLines(formatSummary(named, ctx));
}

} // namespace

bool parseGitDiffArgs(const std::vector<std::string> &args, GitDiffArgs &out, std::string &error)
{
    out = GitDiffArgs();
    // A rename or copy adds the new path and git's message: nine arguments.
    size_t at = 0;
    if (args.size() >= 9 && gitShapeAt(args, args.size() - 9)) {
        at = args.size() - 9;
        out.newPath = args[at + 7];
        out.info = args[at + 8];
    } else if (args.size() >= 7 && gitShapeAt(args, args.size() - 7)) {
        at = args.size() - 7;
    } else if (!args.empty() && args.back() != "-" && args.back().rfind("-", 0) != 0 &&
               std::all_of(args.begin(), args.end() - 1,
                           [](const std::string &a) { return a.rfind("-", 0) == 0; })) {
        // An unmerged path: git passes its name alone (it has no single old and new file).
        out.options.assign(args.begin(), args.end() - 1);
        out.path = args.back();
        out.unmerged = true;
        return true;
    } else {
        error = "git-diff expects git's arguments PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE, "
                "or PATH "
                "alone (see difflens-cli git-diff --help)";
        return false;
    }
    out.options.assign(args.begin(), args.begin() + long(at));
    out.path = args[at];
    out.oldFile = args[at + 1];
    out.oldHex = args[at + 2];
    out.oldMode = args[at + 3];
    out.newFile = args[at + 4];
    out.newHex = args[at + 5];
    out.newMode = args[at + 6];
    if (out.oldFile == kNoFile && out.newFile == kNoFile) {
        error = "git-diff: both sides are " + std::string(kNoFile);
        return false;
    }
    return true;
}

std::string gitDiffUsage()
{
    return "Usage: difflens-cli git-diff [compare options] PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX "
           "NEW-MODE\n"
           "\n"
           "git's external diff: set GIT_EXTERNAL_DIFF='difflens-cli git-diff', or\n"
           "  git config diff.png.command 'difflens-cli git-diff'  with  *.png diff=png  in .gitattributes.\n"
           "Prints what changed in each image (the summary of difflens-cli compare). Options go\n"
           "before git's arguments, written --name=value (--threshold=0.05, --ignore=0:0-99:19).\n"
           "Sidecars are not read. Exit code 0 (git stops at any other), 2 for bad arguments.\n"
           "See docs/git.md.\n";
}

int runGitDiffCommand(const std::vector<std::string> &args)
{
    if (args.size() == 1 && (args[0] == "-h" || args[0] == "--help")) {
        std::fputs(gitDiffUsage().c_str(), stdout);
        return kExitSame;
    }
    GitDiffArgs g;
    std::string error;
    if (!parseGitDiffArgs(args, g, error))
        return reportError(error);
    if (g.unmerged) {
        const std::string text =
            "diff --difflens a/" + g.path + " b/" + g.path + "\n* Unmerged path " + g.path + "\n";
        std::fputs(text.c_str(), stdout);
        return kExitSame;
    }
    CompareCommandOptions o;
    std::vector<std::string> compareArgs = g.options;
    compareArgs.insert(compareArgs.end(), {"--", g.oldFile, g.newFile});
    if (!parseCompareOptions(compareArgs, o, error))
        return reportError("git-diff: " + error);
    if (!o.jsonPath.empty() || o.showHelp || o.showVersion)
        return reportError("git-diff: --json, --help and --version are not git-diff options");

    const std::string oldName = "a/" + g.path;
    const std::string newName = "b/" + (g.newPath.empty() ? g.path : g.newPath);
    std::string text = header(g, oldName, newName);
    if (g.oldFile == kNoFile)
        text += describeOneSide("B:        ", newName, g.newFile, "ADDED");
    else if (g.newFile == kNoFile)
        text += describeOneSide("A:        ", oldName, g.oldFile, "DELETED");
    else
        text += describeModified(g, o, oldName, newName);
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    return kExitSame;
}

} // namespace difflens::cli
