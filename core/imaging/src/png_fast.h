#pragma once
// Internal: the fast PNG decode path. Our own chunk parser (every CRC checked), the whole
// IDAT stream inflated in one pass with zlib's rules (png_inflate_check.h), rows unfiltered
// as the inflation passes them and expanded straight into RGBA rows, byte-identical to
// png_reader.cpp's libpng transforms. It takes only files it is sure libpng decodes the
// same way (non-interlaced, well-formed chunks, a complete zlib stream of exactly the
// image's size); for anything else, or any damage, it declines and the caller uses libpng,
// which decides (and words) the failure.
#include "difflens/engine/image.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace difflens::pngfast {

struct Info {
    uint32_t width = 0, height = 0;
    int bitDepth = 0, colorType = 0;
    int samples = 0;         // samples per pixel in the file (1, 2, 3 or 4)
    size_t rowBytes = 0;     // of a filtered row, without its filter byte
    int filterBpp = 1;       // bytes per complete pixel, at least 1 (the filters' distance)
    bool hasTrns = false;    // a tRNS chunk that libpng applies
    uint16_t trnsKey[3] = {}; // grey (index 0) or RGB key colour of a grey/RGB image
    uint32_t palette[256] = {}; // RGBA of each index (0xAABBGGRR in memory order), tRNS applied
    int outDepth() const { return bitDepth == 16 ? 16 : 8; }
    size_t inflatedBytes() const { return size_t(height) * (rowBytes + 1); }
};

// An allocator whose resize leaves new bytes uninitialised: a fresh buffer for inflated
// data is not zero-filled (and faulted in) by the thread that opens the file, only written
// once by the one that inflates it.
template <class T>
struct NoInitAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = NoInitAllocator<U>;
    };
    NoInitAllocator() noexcept = default;
    template <class U>
    NoInitAllocator(const NoInitAllocator<U> &) noexcept
    {
    }
    template <class U, class... Args>
    void construct(U *p, Args &&...args)
    {
        if constexpr (sizeof...(Args) == 0)
            ::new (static_cast<void *>(p)) U;
        else
            ::new (static_cast<void *>(p)) U(std::forward<Args>(args)...);
    }
};
using Buffer = std::vector<uint8_t, NoInitAllocator<uint8_t>>;

// Where one IDAT chunk's data lies in the file.
struct IdatSpan {
    size_t offset, length;
};

// A parsed file and its image data: inflate() fills the data, then rows are unfiltered
// (in place) and expanded one after the other, from the top. Unfiltering and expansion can
// run on different threads: unfilter(y) on one, expand(y) of a row already unfiltered on
// another (the caller orders them).
class Rows {
public:
    const Info &info() const { return m_info; }
    // Bytes held: the inflated data and a zero row.
    size_t heldBytes() const { return m_info.inflatedBytes() + m_info.rowBytes; }
    // Inflates the image data from the file parse() read (the same bytes); false when the
    // stream is damaged (or zlib would refuse it): leave the file to libpng.
    bool inflate(const uint8_t *data, size_t size);
    // Unfilters and expands the next row to RGBA (8 or 16 bits) in dst; false past the end.
    bool next(uint8_t *dst);
    // Undoes row y's filter in place; rows 0..y-1 must be unfiltered already. inflate()
    // unfilters rows as it goes (all of them when it succeeds): those are left as they are.
    void unfilter(uint32_t y);
    // Writes unfiltered row y as RGBA to dst.
    void expand(uint32_t y, uint8_t *dst) const;

private:
    friend bool parse(const uint8_t *, size_t, size_t, std::unique_ptr<Rows> &, Buffer *);
    friend class UnfilterAsInflated;
    // Unfilters the rows not yet done that lie wholly in the first finalBytes of the data;
    // false at a filter type over 4.
    bool unfilterFinal(size_t finalBytes);
    Info m_info;
    std::vector<IdatSpan> m_idat;        // the IDAT chunks' data in the file
    std::unique_ptr<uint8_t[]> m_owned;  // the data, unless it lives in the caller's scratch
    uint8_t *m_data = nullptr;           // height x (filter byte + rowBytes), 16 bytes of padding
    std::unique_ptr<uint8_t[]> m_zeroRow; // the row above the first
    int m_next = 0;
    uint32_t m_unfiltered = 0;           // rows unfiltered, from the top
};

// The inflated size a file would need, from its IHDR alone; 0 when the fast path would
// not take it (not a PNG, interlaced, or an IHDR it does not accept).
size_t inflatedSizeOf(const uint8_t *data, size_t size);

// Parses `data` (chunks, CRCs, header) and sets up the buffer for its inflated image data,
// not yet inflated. False (out empty) when the fast path declines the file, including when
// the inflated data would exceed maxInflated bytes (0: no limit) or cannot be allocated.
// With `scratch` the data goes there (grown as needed, kept by the caller, valid as long as
// out is used), else into memory of its own.
bool parse(const uint8_t *data, size_t size, size_t maxInflated, std::unique_ptr<Rows> &out,
           Buffer *scratch = nullptr);

// parse() and Rows::inflate() in one: false (out empty) when either declines.
bool prepare(const uint8_t *data, size_t size, size_t maxInflated, std::unique_ptr<Rows> &out,
             Buffer *scratch = nullptr);

// Buffers for inflated data, reused from one file to the next (a fresh 2.7 MB buffer for a
// 1280x720 RGB file costs about 700 page faults, and serve opens two files a request).
// takeBuffer gives a kept buffer of at least `bytes`, or an empty one; giveBuffer keeps a
// buffer for later while at most 8 buffers and 32 MiB are kept.
Buffer takeBuffer(size_t bytes);
void giveBuffer(Buffer &&buffer);

// Test seam: with `on`, the row kernels use SSE2 (or plain C) only, as on a CPU without
// SSSE3/SSE4.1; off, the best the CPU has.
void setBaselineKernelsForTesting(bool on);
// The same for a scope: baseline kernels (with `on`) while it lives, the best ones after.
struct BaselineKernelsForTesting {
    explicit BaselineKernelsForTesting(bool on) { setBaselineKernelsForTesting(on); }
    ~BaselineKernelsForTesting() { setBaselineKernelsForTesting(false); }
    BaselineKernelsForTesting(const BaselineKernelsForTesting &) = delete;
    BaselineKernelsForTesting &operator=(const BaselineKernelsForTesting &) = delete;
};
// Test seam: undoes one row's filter (type 0-4) in place with the kernels in use: n bytes
// of whole pixels of bpp bytes, prior the row above (unfiltered). The bytes after the row
// and the prior row (16 of them) must be readable; nothing outside the row is written.
void unfilterRowForTesting(int filter, uint8_t *row, const uint8_t *prior, size_t n, int bpp);

// Whole-image decode into RGBA (as decodePngLibpng gives). False, with `out` untouched,
// when the fast path declines the file: decode it with libpng.
bool decode(const uint8_t *data, size_t size, Image &out);

} // namespace difflens::pngfast
