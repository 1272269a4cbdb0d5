// GitHub Actions annotations of a folder compare (annotations.h).
#include "annotations.h"

#include <cstdio>
#include <cstdlib>

namespace difflens::cli {

using review::PairStatus;
using review::PairSummary;

namespace {

std::string joinPath(const std::string &dir, const std::string &rel)
{
    if (dir.empty())
        return rel;
    return dir.back() == '/' ? dir + rel : dir + "/" + rel;
}

std::string percentText(double percent)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", percent);
    return buf;
}

std::string sizeText(int w, int h)
{
    return std::to_string(w) + "x" + std::to_string(h);
}

} // namespace

bool validAnnotationsValue(const std::string &value)
{
    return value == "github" || value == "none";
}

bool annotationsEnabled(const std::string &value, const std::map<std::string, std::string> &env)
{
    if (!value.empty())
        return value == "github";
    const auto it = env.find("GITHUB_ACTIONS");
    return it != env.end() && it->second == "true";
}

bool annotationsEnabled(const std::string &value)
{
    std::map<std::string, std::string> env;
    if (const char *v = std::getenv("GITHUB_ACTIONS"))
        env["GITHUB_ACTIONS"] = v;
    return annotationsEnabled(value, env);
}

std::string escapeAnnotationData(const std::string &text)
{
    std::string out;
    for (char c : text) {
        if (c == '%')
            out += "%25";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else
            out += c;
    }
    return out;
}

std::string escapeAnnotationProperty(const std::string &text)
{
    std::string out;
    for (char c : escapeAnnotationData(text)) {
        if (c == ':')
            out += "%3A";
        else if (c == ',')
            out += "%2C";
        else
            out += c;
    }
    return out;
}

std::string githubAnnotations(const std::vector<PairSummary> &pairs, const std::string &baselineDir,
                              const std::string &currentDir)
{
    std::string out;
    for (const PairSummary &s : pairs) {
        if (!review::isFailure(s.status))
            continue;
        std::string file = joinPath(currentDir, s.relPath), title = s.relPath + " changed", message;
        switch (s.status) {
        case PairStatus::Different:
            message = std::to_string(s.mismatched) + " pixels differ (" + percentText(s.mismatchPercent()) + "%)";
            break;
        case PairStatus::LayoutChanged:
            message = "size changed from " + sizeText(s.widthA, s.heightA) + " to " + sizeText(s.widthB, s.heightB);
            break;
        case PairStatus::Added:
            title = s.relPath + " is new";
            message = "new image, not in the baseline";
            break;
        case PairStatus::Removed:
            file = joinPath(baselineDir, s.relPath);
            title = s.relPath + " was removed";
            message = "image removed, only in the baseline";
            break;
        default:
            title = s.relPath + " could not be compared";
            message = s.error.empty() ? "error" : s.error;
            break;
        }
        out += "::error file=" + escapeAnnotationProperty(file) + ",title=" + escapeAnnotationProperty(title) +
               "::" + escapeAnnotationData(message) + "\n";
    }
    return out;
}

} // namespace difflens::cli
