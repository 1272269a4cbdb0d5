#pragma once
// Most recently opened pairs, newest first, kept in QSettings ("recent/pairs").
#include <QList>
#include <QPair>
#include <QString>

namespace difflens::ui {

class RecentPairs {
public:
    using Pair = QPair<QString, QString>;
    static constexpr int kMax = 10;
    static QList<Pair> load();
    static void add(const QString &a, const QString &b);
    static void clear();
};

} // namespace difflens::ui
