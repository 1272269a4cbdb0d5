#pragma once
// Where a module loaded on demand (libdifflens_codecs.so, libdifflens_cli_full.so) is
// found: the path in an environment variable, beside the executable, in ../lib/difflens/
// from it (the installed layout), or in the build tree; the first that exists.
#include <string>

namespace difflens {

// envVar: its value, when set and non-empty, is tried first. buildPath may be null.
// When none exists: the installed location (or the bare name), for dlopen's error.
std::string findModule(const char *envVar, const char *name, const char *buildPath);

} // namespace difflens
