#pragma once
// Where a module loaded on demand (libdifflens_torch.so, libdifflens_codecs.so,
// libdifflens_cli_full.so) is looked for: the path in an environment variable, beside the
// executable, in ../lib/difflens/ from it (the installed layout), then in the build tree.
#include <string>
#include <vector>

namespace difflens {

// The places to try, in order. envVar: its value, when set and non-empty, comes first;
// buildPath may be null.
std::vector<std::string> moduleCandidates(const char *envVar, const char *name, const char *buildPath);
// The first candidate that exists; when none does, the installed location (or the bare
// name), for dlopen's error.
std::string findModule(const char *envVar, const char *name, const char *buildPath);

} // namespace difflens
