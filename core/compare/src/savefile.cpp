#include "difflens/compare/savefile.h"

#include <QSaveFile>
#include <QString>

namespace difflens {

bool writeFileAtomically(const std::string &path, const QByteArray &bytes, std::string &error)
{
    QSaveFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        error = file.errorString().toStdString();
        return false;
    }
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        error = file.error() == QFileDevice::NoError ? std::string("short write: disk full or file too large")
                                                     : file.errorString().toStdString();
        return false;
    }
    return true;
}

} // namespace difflens
