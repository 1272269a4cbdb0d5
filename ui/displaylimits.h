#pragma once
// What the views may show under memory pressure, one set for every canvas: the display
// quality tier (status/displayquality.h) turned into drawing limits. The main window sets it
// when the tier changes; canvases repaint. Counts and numbers are never affected.
#include <QObject>
#include <QString>

namespace difflens::ui {

class DisplayLimits : public QObject {
    Q_OBJECT
public:
    static DisplayLimits *instance();

    double maxZoom() const { return m_maxZoom; }          // 0 = no cap, 1 = 1:1
    int maxPreviewEdge() const { return m_maxEdge; }      // 0 = full resolution
    QString notice() const { return m_notice; }           // e.g. "Low quality — memory critical"
    void set(double maxZoom, int maxPreviewEdge, const QString &notice);
    // The scale at which a w x h image may be drawn at most (device pixels per image
    // pixel): the zoom itself, or less under a preview cap.
    double detailZoom(double zoom, int width, int height) const;

Q_SIGNALS:
    void changed();

private:
    DisplayLimits() = default;
    double m_maxZoom = 0;
    int m_maxEdge = 0;
    QString m_notice;
};

} // namespace difflens::ui
