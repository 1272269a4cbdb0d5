#pragma once

namespace difflens {
// The DiffLens version ("major.minor.patch").
const char *versionString();
}
