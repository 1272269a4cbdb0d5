#pragma once
// Horizontal colour bar with end labels for the heatmap / SSIM map.
#include <QVector>
#include <QWidget>

namespace difflens::ui {

class ColorLegend : public QWidget {
    Q_OBJECT
public:
    explicit ColorLegend(QWidget *parent = nullptr);
    void setScale(const QVector<QRgb> &table, const QString &low, const QString &high, bool reversed);
    QSize sizeHint() const override { return {260, 22}; }

protected:
    void paintEvent(QPaintEvent *) override;

private:
    QVector<QRgb> m_table;
    QString m_low, m_high;
    bool m_reversed = false;
};

} // namespace difflens::ui
