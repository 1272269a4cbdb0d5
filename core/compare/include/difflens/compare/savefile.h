#pragma once
// The one way DiffLens writes a result file (JSON, JUnit, session, config, sidecar):
// atomically, through a temporary file in the destination folder renamed on success.
#include <QByteArray>

#include <string>

namespace difflens {

// Writes bytes to path atomically. The file is opened unbuffered so that a short write (full
// disk, file-size limit) fails before the rename: Qt 6.4's QSaveFile::commit() renames even
// after a failed buffered flush, which would replace the old file with a truncated one.
// On failure the old file is untouched and error holds the reason (without the path).
bool writeFileAtomically(const std::string &path, const QByteArray &bytes, std::string &error);

} // namespace difflens
