#pragma once
// The words and numbers of the memory display: byte sizes ("1.2 GiB"), the status-bar line
// ("1.2 GiB of 6.0 GiB budget", "VRAM 3.1 GiB of 80.0 GiB", "memory unknown"), the app's
// budget in Settings and the last job's plan. Shared by the status bar, its panel and Settings.
#include "appsettings.h"

#include <QString>
#include <QStringList>

namespace difflens::ui {

struct MemorySnapshot;

// "812 MiB", "1.2 GiB", "6.0 GiB" (IEC units; one decimal from GiB up); "unknown" when < 0.
QString formatMemoryBytes(qint64 bytes);

// The status-bar line for a snapshot: on the CPU the process against the app's budget, on
// CUDA the device memory in use against its total. Never a percentage of nothing.
QString memoryUsageText(const MemorySnapshot &s);

// "automatic: 9.3 GiB (free memory less 819 MiB)" or "512 MiB (set in Settings)".
QString describeMemoryBudget(const MemoryBudget &b);

// The last job's plan, one fact a line: streamed or whole frame, bands and band height or
// tiles, estimate against the process's peak, budget, memory when planned, retries.
QStringList describePlanLines(const PlanInfo &plan);

} // namespace difflens::ui
