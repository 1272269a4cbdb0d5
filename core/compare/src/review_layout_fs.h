#pragma once
// File-system helpers of the test-runner layouts (review_layout*.cpp): bounded folder walks
// that skip node_modules, dot folders and DiffLens backups.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace difflens::review::layoutfs {

// Folders a layout walk never enters.
bool skippedFolder(const std::string &name);
// "shot-actual.png" with suffix "-actual" -> stem "shot", ext ".png"; false when it does not end so.
bool splitSuffix(const std::string &fileName, const std::string &suffix, std::string &stem, std::string &ext);
// Calls onFile(full path, path relative to root) for every regular file below root, sorted,
// at most maxDepth folders down (-1: no limit); skipped folders and `exclude` are not entered.
void walkFiles(const std::string &root, int maxDepth, const std::string &exclude,
               const std::function<void(const std::string &path, const std::string &rel)> &onFile);
// True when some folder within maxDepth holds X-expected.EXT beside X-actual.EXT.
bool hasPlaywrightPairs(const std::string &dir, int maxDepth);
// Folders named __image_snapshots__ at or below root (sorted).
std::vector<std::string> imageSnapshotDirs(const std::string &root);
// The newest run folder of BackstopJS's bitmaps_test (greatest name: runs are named by time).
std::string newestRun(const std::string &bitmapsTest);
// True when both files hold the same bytes.
bool sameBytes(const std::string &a, const std::string &b);
uint64_t fileSize(const std::string &path);
// 64-bit hash of a file's bytes (review/hash.h's Hasher64); false when it cannot be read.
bool fileHash(const std::string &path, uint64_t &hash);

} // namespace difflens::review::layoutfs
