// The review table: a view over the controller's ReviewSession (see reviewtablemodel.h).
#include "reviewtablemodel.h"

#include <QPainter>
#include <QPixmap>

#include <array>
#include <unordered_set>

namespace difflens::ui {

using namespace review;

ReviewTableModel::ReviewTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int ReviewTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReviewTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QColor ReviewTableModel::statusColor(PairStatus s)
{
    switch (s) {
    case PairStatus::Identical: return QColor(46, 160, 67);
    case PairStatus::WithinTolerance: return QColor(120, 190, 90);
    case PairStatus::Different: return QColor(215, 58, 73);
    case PairStatus::LayoutChanged: return QColor(227, 140, 30);
    case PairStatus::Removed: return QColor(130, 130, 140);
    case PairStatus::Added: return QColor(45, 120, 220);
    case PairStatus::Error: return QColor(140, 50, 160);
    }
    return Qt::gray;
}

QIcon ReviewTableModel::statusIcon(PairStatus s)
{
    static std::array<QIcon, kPairStatusCount> cache;
    QIcon &icon = cache[size_t(s)];
    if (icon.isNull()) {
        QPixmap pm(32, 32);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(statusColor(s));
        if (isFailure(s))
            p.drawRoundedRect(QRectF(4, 4, 24, 24), 5, 5);
        else
            p.drawEllipse(QRectF(4, 4, 24, 24));
        icon = QIcon(pm);
    }
    return icon;
}

QVariant ReviewTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const ReviewEntry &e = *m_rows[size_t(index.row())];
    const PairSummary &s = e.summary;
    const bool compared = s.totalPixels > 0;
    switch (role) {
    case StatusRole: return int(s.status);
    case FailureRole: return isFailure(s.status);
    case RelPathRole: return QString::fromStdString(s.relPath);
    case NoteRole: return QString::fromStdString(e.note);
    case DecisionRole: return int(e.decision);
    case Qt::DecorationRole:
        return index.column() == StatusColumn ? QVariant(statusIcon(s.status)) : QVariant();
    case Qt::ToolTipRole:
        if (!s.error.empty())
            return QString::fromStdString(s.error);
        return e.note.empty() ? QVariant() : QVariant(QString::fromStdString(e.note));
    case Qt::TextAlignmentRole:
        if (index.column() >= MismatchColumn && index.column() <= RegionsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case StatusColumn: return QString::fromLatin1(toString(s.status));
        case NameColumn: return QString::fromStdString(s.relPath);
        case MismatchColumn: return compared ? QString::number(s.mismatchPercent(), 'f', 3) + " %" : QString();
        case SsimColumn: return s.ssim >= 0 ? QString::number(s.ssim, 'f', 4) : QString();
        case FlipColumn: return s.flipMean >= 0 ? QString::number(s.flipMean, 'f', 4) : QStringLiteral("—");
        case ShiftColumn: return s.shiftTolerated > 0 ? QString::number(s.shiftTolerated) : QStringLiteral("—");
        case SizeColumn: {
            const int w = s.widthB ? s.widthB : s.widthA, h = s.heightB ? s.heightB : s.heightA;
            if (s.status == PairStatus::LayoutChanged)
                return QStringLiteral("%1×%2 → %3×%4").arg(s.widthA).arg(s.heightA).arg(s.widthB).arg(s.heightB);
            return w > 0 ? QStringLiteral("%1×%2").arg(w).arg(h) : QString();
        }
        case RegionsColumn: return compared ? QVariant(s.regionCount) : QVariant();
        case DecisionColumn:
            switch (e.decision) {
            case Decision::Approved: return tr("✔ approved");
            case Decision::Flagged: return tr("⚑ flagged");
            case Decision::None: return e.note.empty() ? QString() : tr("✎ note");
            }
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case StatusColumn: return int(s.status);
        case NameColumn: return QString::fromStdString(s.relPath);
        case MismatchColumn: return s.mismatchPercent();
        case SsimColumn: return s.ssim;
        case FlipColumn: return s.flipMean;
        case ShiftColumn: return qlonglong(s.shiftTolerated);
        case SizeColumn: return qlonglong(std::max(s.widthA * qlonglong(s.heightA), s.widthB * qlonglong(s.heightB)));
        case RegionsColumn: return s.regionCount;
        case DecisionColumn: return int(e.decision);
        }
        return {};
    }
    return {};
}

QVariant ReviewTableModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o == Qt::Horizontal && role == Qt::ToolTipRole) {
        if (section == FlipColumn)
            return tr("FLIP mean error (0 = identical, 1 = most different); — when FLIP was not computed");
        if (section == ShiftColumn)
            return tr("Mismatched pixels tolerated because their content moved by at most the shift tolerance");
        return {};
    }
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case StatusColumn: return tr("Status");
    case NameColumn: return tr("Name");
    case MismatchColumn: return tr("Mismatch");
    case SsimColumn: return tr("SSIM");
    case FlipColumn: return tr("FLIP");
    case ShiftColumn: return tr("Shifted");
    case SizeColumn: return tr("Size");
    case RegionsColumn: return tr("Regions");
    case DecisionColumn: return tr("Decision");
    }
    return {};
}

void ReviewTableModel::setSession(const ReviewSession *session)
{
    beginResetModel();
    m_session = session;
    m_rows.clear();
    m_index.clear();
    if (m_session) {
        m_rows.reserve(m_session->entries.size());
        for (const auto &kv : m_session->entries) {
            m_index.emplace(kv.first, int(m_rows.size()));
            m_rows.push_back(&kv.second);
        }
    }
    endResetModel();
}

void ReviewTableModel::entriesChanged(const std::vector<std::string> &relPaths)
{
    if (!m_session)
        return;
    std::vector<const ReviewEntry *> fresh;
    std::unordered_set<const ReviewEntry *> seen;
    for (const std::string &rel : relPaths) {
        const auto it = m_index.find(rel);
        if (it != m_index.end()) {
            Q_EMIT dataChanged(index(it->second, 0), index(it->second, ColumnCount - 1));
            continue;
        }
        const ReviewEntry *e = m_session->find(rel);
        if (e && seen.insert(e).second)
            fresh.push_back(e);
    }
    if (fresh.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const ReviewEntry *e : fresh) {
        m_index.emplace(e->summary.relPath, int(m_rows.size()));
        m_rows.push_back(e);
    }
    endInsertRows();
}

int ReviewTableModel::rowOf(const std::string &relPath) const
{
    const auto it = m_index.find(relPath);
    return it == m_index.end() ? -1 : it->second;
}

StatusCounts ReviewTableModel::counts() const
{
    return m_session ? m_session->counts() : StatusCounts();
}

int64_t ReviewTableModel::decisionCount(Decision d) const
{
    int64_t n = 0;
    for (const ReviewEntry *e : m_rows)
        n += e->decision == d ? 1 : 0;
    return n;
}

} // namespace difflens::ui
