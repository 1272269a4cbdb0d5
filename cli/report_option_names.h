#pragma once
// The names of the report options of `compare` (report_options.h: --pdf, --html and the
// options they share), Qt-free: the fast path hands any command line naming one of them to
// the full command set.
#include <string>

namespace difflens::cli {

enum class ReportOptionKind { None, Flag, Value };

inline ReportOptionKind reportOptionKind(const std::string &name)
{
    if (name == "--report-failures-only")
        return ReportOptionKind::Flag;
    if (name == "--pdf" || name == "--html" || name == "--page-size" || name == "--jpeg-quality" || name == "--report-dpi" ||
        name == "--max-regions" || name == "--report-title")
        return ReportOptionKind::Value;
    return ReportOptionKind::None;
}

// Splits "--name=value" (inline values only on long options); returns the name.
inline std::string reportOptionName(const std::string &arg, std::string &inlineValue, bool &hasInline)
{
    const size_t eq = arg.find('=');
    hasInline = arg.rfind("--", 0) == 0 && eq != std::string::npos;
    if (!hasInline)
        return arg;
    inlineValue = arg.substr(eq + 1);
    return arg.substr(0, eq);
}

} // namespace difflens::cli
