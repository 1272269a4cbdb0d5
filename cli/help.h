#pragma once
#include <string>

namespace difflens::cli {

std::string mainUsage();
std::string compareUsage();
std::string versionText();

} // namespace difflens::cli
