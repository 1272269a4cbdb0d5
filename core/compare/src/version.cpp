#include "difflens/compare/version.h"

namespace difflens {
const char *versionString() { return DIFFLENS_VERSION; }
}
