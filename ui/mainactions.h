#pragma once
// Menus, the view toolbar and every keyboard shortcut of the main window.
#include <QObject>

class QAction;
class QActionGroup;
class QMenu;

namespace difflens::ui {

class MainWindow;

class MainActions : public QObject {
    Q_OBJECT
public:
    explicit MainActions(MainWindow *window);
    QAction *viewAction(int mode) const;
    QAction *verticalAction() const { return m_vertical; }
    QAction *nextRegionAction() const { return m_next; }
    QAction *previousRegionAction() const { return m_previous; }

private:
    void buildFileMenu();
    void buildViewMenu();
    void buildCompareMenu();
    void rebuildRecentMenu();

    MainWindow *m_window;
    QActionGroup *m_views;
    QMenu *m_recent = nullptr;
    QAction *m_vertical = nullptr, *m_next = nullptr, *m_previous = nullptr;
};

} // namespace difflens::ui
