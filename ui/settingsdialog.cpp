// The settings dialog.
#include "settingsdialog.h"

#include "colormap.h"
#include "status/memorytext.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace difflens::ui {

namespace {
QDoubleSpinBox *percentBox()
{
    auto *b = new QDoubleSpinBox;
    b->setRange(5, 100);
    b->setDecimals(0);
    b->setSuffix(QStringLiteral(" %"));
    return b;
}

void paintButton(QPushButton *b, const QColor &c)
{
    b->setText(c.name());
    b->setStyleSheet(QStringLiteral("QPushButton { background: %1; color: %2; }")
                         .arg(c.name(), c.lightness() > 128 ? QStringLiteral("black") : QStringLiteral("white")));
}
} // namespace

SettingsDialog::SettingsDialog(const AppSettings &s, QWidget *parent)
    : QDialog(parent), m_warning(percentBox()), m_critical(percentBox()), m_threshold(new QDoubleSpinBox),
      m_tier(new QComboBox), m_device(new QComboBox), m_colormap(new QComboBox), m_pageSize(new QComboBox),
      m_budget(new QSpinBox), m_blink(new QSpinBox), m_aa(new QCheckBox(tr("Count anti-aliased pixels"))),
      m_budgetInfo(new QLabel), m_cpu(MemoryMonitor(makeCpuMemorySource()).sample())
{
    setWindowTitle(tr("DiffLens Settings"));
    m_diffButton = colorButton(&m_diffColor);
    m_aaButton = colorButton(&m_aaColor);
    m_regionButton = colorButton(&m_regionColor);
    // Analysis tiers only: results are always exact (no reduced-resolution Low tier).
    m_tier->addItems({tr("Automatic"), tr("High"), tr("Medium")});
    m_device->addItems({tr("Automatic"), tr("CPU"), tr("CUDA")});
    m_colormap->addItems(colormapNames());
    m_pageSize->addItems({tr("A4"), tr("US Letter")});
    m_budget->setRange(0, 1024 * 1024);
    m_budget->setSuffix(tr(" MiB"));
    m_budget->setSpecialValueText(tr("Automatic"));
    m_threshold->setRange(0, 1);
    m_threshold->setSingleStep(0.01);
    m_blink->setRange(50, 5000);
    m_blink->setSingleStep(50);
    m_blink->setSuffix(tr(" ms"));

    auto *memory = new QGroupBox(tr("Memory"));
    auto *mf = new QFormLayout(memory);
    mf->addRow(tr("Warning threshold"), m_warning);
    mf->addRow(tr("Critical threshold"), m_critical);
    mf->addRow(tr("Memory budget"), m_budget);
    m_budgetInfo->setWordWrap(true);
    m_budgetInfo->setObjectName(QStringLiteral("budgetInfo"));
    mf->addRow(QString(), m_budgetInfo);
    m_budget->setToolTip(tr("What DiffLens may hold in memory, for images of any size. Automatic: the free "
                            "memory, counting what DiffLens holds, less a margin for the rest of the system."));
    connect(m_budget, qOverload<int>(&QSpinBox::valueChanged), this, [this] { refreshBudget(); });
    auto *engine = new QGroupBox(tr("Engine"));
    auto *ef = new QFormLayout(engine);
    ef->addRow(tr("Device"), m_device);
    ef->addRow(tr("Tier"), m_tier);
    auto *compare = new QGroupBox(tr("Comparison defaults"));
    auto *cf = new QFormLayout(compare);
    cf->addRow(tr("Threshold"), m_threshold);
    cf->addRow(QString(), m_aa);
    auto *look = new QGroupBox(tr("Appearance"));
    auto *lf = new QFormLayout(look);
    lf->addRow(tr("Difference colour"), m_diffButton);
    lf->addRow(tr("Anti-aliasing colour"), m_aaButton);
    lf->addRow(tr("Region box colour"), m_regionButton);
    lf->addRow(tr("Colormap"), m_colormap);
    lf->addRow(tr("Blink interval"), m_blink);
    lf->addRow(tr("Report page size"), m_pageSize);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { setSettings(AppSettings{}); });
    connect(m_warning, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
            [this](double v) { m_critical->setMinimum(v); });
    auto *l = new QVBoxLayout(this);
    l->addWidget(memory);
    l->addWidget(engine);
    l->addWidget(compare);
    l->addWidget(look);
    l->addWidget(buttons);
    setSettings(s);
    refreshBudget();
}

void SettingsDialog::setMemorySample(const MemorySample &cpu)
{
    m_cpu = cpu;
    refreshBudget();
}

void SettingsDialog::refreshBudget()
{
    m_budgetInfo->setText(tr("Budget: %1").arg(describeMemoryBudget(appMemoryBudget(qint64(m_budget->value()) << 20, m_cpu))));
}

QString SettingsDialog::budgetText() const { return m_budgetInfo->text(); }

QPushButton *SettingsDialog::colorButton(QColor *target)
{
    auto *b = new QPushButton;
    connect(b, &QPushButton::clicked, this, [this, b, target] {
        const QColor c = QColorDialog::getColor(*target, this);
        if (c.isValid()) {
            *target = c;
            paintButton(b, c);
        }
    });
    return b;
}

void SettingsDialog::setSettings(const AppSettings &s)
{
    m_warning->setValue(s.warningRatio * 100);
    m_critical->setMinimum(m_warning->value());
    m_critical->setValue(s.criticalRatio * 100);
    m_tier->setCurrentIndex(int(s.tier));
    m_device->setCurrentIndex(int(s.device));
    m_budget->setValue(s.memoryBudgetMiB);
    m_threshold->setValue(s.defaultThreshold);
    m_aa->setChecked(s.defaultIncludeAA);
    m_colormap->setCurrentText(s.colormap);
    m_blink->setValue(s.blinkIntervalMs);
    m_pageSize->setCurrentIndex(s.reportLetter ? 1 : 0);
    m_diffColor = s.diffColor;
    m_aaColor = s.aaColor;
    m_regionColor = s.regionColor;
    paintButton(m_diffButton, m_diffColor);
    paintButton(m_aaButton, m_aaColor);
    paintButton(m_regionButton, m_regionColor);
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s;
    s.warningRatio = m_warning->value() / 100;
    s.criticalRatio = m_critical->value() / 100;
    s.tier = Tier(std::max(0, m_tier->currentIndex()));
    s.device = Device(m_device->currentIndex());
    s.memoryBudgetMiB = m_budget->value();
    s.defaultThreshold = m_threshold->value();
    s.defaultIncludeAA = m_aa->isChecked();
    s.colormap = m_colormap->currentText();
    s.blinkIntervalMs = m_blink->value();
    s.reportLetter = m_pageSize->currentIndex() == 1;
    s.diffColor = m_diffColor;
    s.aaColor = m_aaColor;
    s.regionColor = m_regionColor;
    return s;
}

} // namespace difflens::ui
