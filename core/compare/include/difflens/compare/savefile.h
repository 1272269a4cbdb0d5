#pragma once
// The one way DiffLens writes a result file (JSON, JUnit, session, config, sidecar):
// atomically, through a temporary file in the destination folder renamed on success.
#include <QByteArray>

#include <string>

namespace difflens {

// Writes bytes to path atomically through core/imaging's writeFileAtomic (fileio.h): a
// temporary file in the destination folder, fully written, then renamed over the path.
// On failure the old file is untouched and error holds the reason (without the path).
bool writeFileAtomically(const std::string &path, const QByteArray &bytes, std::string &error);

} // namespace difflens
