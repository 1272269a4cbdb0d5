#pragma once
// Edits AppSettings: memory thresholds and the app's memory budget (automatic shown with
// its value now), engine tier/device, comparison defaults, colours, colormap, blink
// interval and the page size of exported reports.
#include "appsettings.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QComboBox;
class QDoubleSpinBox;
class QPushButton;
class QSpinBox;

namespace difflens::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(const AppSettings &settings, QWidget *parent = nullptr);
    void setSettings(const AppSettings &s);
    AppSettings settings() const;
    // The CPU memory the automatic budget is computed from (sampled when the dialog opens).
    void setMemorySample(const MemorySample &cpu);
    QString budgetText() const;   // what the dialog says about the budget

private:
    QPushButton *colorButton(QColor *target);
    QDoubleSpinBox *m_warning, *m_critical, *m_threshold;
    QComboBox *m_tier, *m_device, *m_colormap, *m_pageSize;
    QSpinBox *m_budget, *m_blink;
    QCheckBox *m_aa;
    QLabel *m_budgetInfo;
    MemorySample m_cpu;
    void refreshBudget();
    QColor m_diffColor, m_aaColor, m_regionColor;
    QPushButton *m_diffButton, *m_aaButton, *m_regionButton;
};

} // namespace difflens::ui
