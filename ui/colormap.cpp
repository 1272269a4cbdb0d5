// The colour tables of the indexed layers (colormap.h).
#include "colormap.h"

#include "difflens/compare/heatmap.h"
#include "difflens/engine/pixelmatch.h"

#include <algorithm>
#include <vector>

namespace difflens::ui {

namespace {
struct Anchor {
    double t;
    int r, g, b;
};

std::vector<Anchor> anchorsFor(const QString &name)
{
    if (name == QLatin1String("inferno"))
        return {{0, 0, 0, 4}, {0.25, 87, 16, 110}, {0.5, 188, 55, 84}, {0.75, 249, 142, 9}, {1, 252, 255, 164}};
    if (name == QLatin1String("turbo"))
        return {{0, 48, 18, 59}, {0.2, 70, 134, 251}, {0.4, 27, 229, 181}, {0.6, 164, 252, 60},
                {0.8, 251, 128, 34}, {1, 122, 4, 3}};
    if (name == QLatin1String("grayscale"))
        return {{0, 0, 0, 0}, {1, 255, 255, 255}};
    return {{0, 68, 1, 84}, {0.25, 59, 82, 139}, {0.5, 33, 145, 140}, {0.75, 94, 201, 98}, {1, 253, 231, 37}};
}
} // namespace

QStringList colormapNames()
{
    return {QStringLiteral("viridis"), QStringLiteral("inferno"), QStringLiteral("turbo"), QStringLiteral("grayscale")};
}

QVector<QRgb> colormapTable(const QString &name)
{
    const std::vector<Anchor> a = anchorsFor(name);
    QVector<QRgb> table(256);
    for (int i = 0; i < 256; ++i) {
        const double t = i / 255.0;
        size_t k = 1;
        while (k + 1 < a.size() && a[k].t < t)
            ++k;
        const Anchor &lo = a[k - 1], &hi = a[k];
        const double f = std::clamp((t - lo.t) / std::max(1e-9, hi.t - lo.t), 0.0, 1.0);
        table[i] = qRgb(int(lo.r + (hi.r - lo.r) * f + 0.5), int(lo.g + (hi.g - lo.g) * f + 0.5),
                        int(lo.b + (hi.b - lo.b) * f + 0.5));
    }
    return table;
}

QVector<QRgb> maskTable(const QColor &diff, const QColor &aa)
{
    QVector<QRgb> table(256, qRgba(0, 0, 0, 0));
    table[1] = qRgba(128, 128, 128, 160);
    table[2] = aa.rgba();
    table[3] = diff.rgba();
    return table;
}

QVector<QRgb> engineMaskTable(const QColor &diff, const QColor &aa)
{
    const QVector<QRgb> display = maskTable(diff, aa);
    QVector<QRgb> table(256, qRgba(0, 0, 0, 0));
    table[MaskIgnored] = display[1];
    table[MaskAA] = display[2];
    table[MaskDiff] = display[3];
    table[MaskShift] = qRgba(0, 128, 255, 255);
    return table;
}

QVector<QRgb> heatColorTable()
{
    const auto &ramp = heatRampTable();
    return QVector<QRgb>(ramp.begin(), ramp.end());
}

QVector<QRgb> magmaColorTable()
{
    const auto &ramp = magmaRampTable();
    return QVector<QRgb>(ramp.begin(), ramp.end());
}

} // namespace difflens::ui
