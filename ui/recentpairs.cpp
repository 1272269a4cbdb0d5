#include "recentpairs.h"

#include <QSettings>

namespace difflens::ui {

QList<RecentPairs::Pair> RecentPairs::load()
{
    QSettings s;
    QList<Pair> out;
    const QStringList flat = s.value(QStringLiteral("recent/pairs")).toStringList();
    for (int i = 0; i + 1 < flat.size(); i += 2)
        out.append({flat[i], flat[i + 1]});
    return out;
}

void RecentPairs::add(const QString &a, const QString &b)
{
    if (a.isEmpty() || b.isEmpty())
        return;
    QList<Pair> pairs = load();
    pairs.removeAll(Pair{a, b});
    pairs.prepend({a, b});
    while (pairs.size() > kMax)
        pairs.removeLast();
    QStringList flat;
    for (const Pair &p : pairs)
        flat << p.first << p.second;
    QSettings s;
    s.setValue(QStringLiteral("recent/pairs"), flat);
}

void RecentPairs::clear()
{
    QSettings s;
    s.remove(QStringLiteral("recent/pairs"));
}

} // namespace difflens::ui
