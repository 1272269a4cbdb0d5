#pragma once
// The sidecar reader of `difflens-cli compare A B` (Qt; full command set only).
#include "compare_command.h"

namespace difflens::cli {

// hooks with loadSidecar set to read the sidecar file (difflens/compare/sidecar.h).
CompareHooks withSidecarReader(CompareHooks hooks = {});

} // namespace difflens::cli
