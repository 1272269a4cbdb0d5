#pragma once
// JSON form of a pair summary (sessions, batch output, merge).
#include "difflens/compare/review/types.h"

#include <QJsonObject>

namespace difflens::review {

QJsonObject summaryToJson(const PairSummary &s);
// Reads the fields summaryToJson writes; unknown fields are ignored. False without "name".
bool summaryFromJson(const QJsonObject &o, PairSummary &s);
QJsonObject countsToJson(const StatusCounts &c);
QString hashToString(uint64_t h);          // 16 lower-case hex digits
uint64_t hashFromString(const QString &s); // 0 when malformed

} // namespace difflens::review
