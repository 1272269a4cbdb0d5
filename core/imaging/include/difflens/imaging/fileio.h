#pragma once
// Whole-file reading and atomic writing with one clear reason per failure.
// Reasons never contain the path itself (the caller names the file).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace difflens {

// Reads a file into memory (read-only; the file is never modified). Reasons:
// "file not found", "is a directory, not a file", "permission denied", "file is empty",
// "not a regular file", "read error: <system message>".
// maxBytes > 0 reads at most that many bytes from the start (header probing).
bool readFileBytes(const std::string &path, std::vector<uint8_t> &out, std::string &error,
                   size_t maxBytes = 0);

// Writes data to a temporary file in the destination folder and renames it over `path`,
// so readers never see a half-written file. On failure the temporary file is removed and
// the reason says why ("folder is not writable (permission denied)", "disk is full", ...).
bool writeFileAtomic(const std::string &path, const uint8_t *data, size_t size, std::string &error);

} // namespace difflens
