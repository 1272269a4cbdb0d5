// Loads libdifflens_codecs.so on first use (codecs.h), found by findModule
// (module_path.h; the variable DIFFLENS_CODECS names another). Sanitizer and fuzz builds
// link the codecs in instead (DIFFLENS_CODECS_LINKED, core/imaging/CMakeLists.txt).
#include "codecs.h"

#ifdef DIFFLENS_CODECS_LINKED
extern "C" const difflens::codecs::Table *difflens_codecs_table(); // codecs_entry.cpp
#else
#include "difflens/engine/module_path.h"

#include <dlfcn.h>

#include <mutex>
#endif

namespace difflens::codecs {

namespace {

struct Loaded {
    const Table *table = nullptr;
    std::string error;
};

#ifdef DIFFLENS_CODECS_LINKED
const Loaded &loaded()
{
    static const Loaded l{difflens_codecs_table(), {}};
    return l;
}
#else
std::string modulePath()
{
#ifdef DIFFLENS_CODECS_BUILD_PATH
    return findModule("DIFFLENS_CODECS", kModuleName, DIFFLENS_CODECS_BUILD_PATH);
#else
    return findModule("DIFFLENS_CODECS", kModuleName, nullptr);
#endif
}

const Loaded &loaded()
{
    static Loaded l;
    static std::once_flag once;
    std::call_once(once, [] {
        const std::string path = modulePath();
        const std::string what = "cannot load the TIFF, JPEG and WebP codecs (" + path + "): ";
        void *handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char *e = ::dlerror();
            l.error = what + (e ? e : "dlopen failed");
            return;
        }
        using Entry = const Table *(*)();
        auto entry = reinterpret_cast<Entry>(::dlsym(handle, kEntryName));
        const Table *t = entry ? entry() : nullptr;
        if (!t || t->abi != kCodecAbi) {
            l.error = what + (t ? "built for another version" : "no codec table");
            return; // the module stays loaded, unused
        }
        l.table = t;
    });
    return l;
}
#endif

// The table, or null with the reason in error.
const Table *table(std::string &error)
{
    const Loaded &l = loaded();
    if (!l.table)
        error = l.error;
    return l.table;
}

} // namespace

bool decodeJpeg(const uint8_t *data, size_t size, Image &out, std::string &error)
{
    const Table *t = table(error);
    return t && t->decodeJpeg(data, size, out, error);
}

bool decodeTiff(const uint8_t *data, size_t size, int expectedWidth, int expectedHeight, Image &out,
                std::string &error)
{
    const Table *t = table(error);
    return t && t->decodeTiff(data, size, expectedWidth, expectedHeight, out, error);
}

bool decodeWebp(const uint8_t *data, size_t size, int expectedWidth, int expectedHeight, Image &out,
                std::string &error)
{
    const Table *t = table(error);
    return t && t->decodeWebp(data, size, expectedWidth, expectedHeight, out, error);
}

bool encodeJpeg(const ImageView &img, int quality, std::vector<uint8_t> &out, std::string &error)
{
    const Table *t = table(error);
    return t && t->encodeJpeg(img, quality, out, error);
}

bool openJpegRows(const std::string &path, OpenedImage &out, std::string &error)
{
    const Table *t = table(error);
    return t && t->openJpegRows(path, out, error);
}

bool openTiffRows(const std::string &path, OpenedImage &out, std::string &error)
{
    const Table *t = table(error);
    return t && t->openTiffRows(path, out, error);
}

} // namespace difflens::codecs
