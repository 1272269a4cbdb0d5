// writeFileAtomically (savefile.h): the QByteArray form of core/imaging's writeFileAtomic.
#include "difflens/compare/savefile.h"

#include "difflens/imaging/fileio.h"

namespace difflens {

bool writeFileAtomically(const std::string &path, const QByteArray &bytes, std::string &error)
{
    return writeFileAtomic(path, reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()), error);
}

} // namespace difflens
