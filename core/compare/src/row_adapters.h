#pragma once
// Internal: RowSource / RowSink adapters of the streamed comparison: a source that
// remembers that it failed (so the error names its file), one that rounds 16-bit rows to
// 8 bits like convert16To8, a sink that drops the alpha of RGBA8 rows, one that
// turns them into palette indices, a source cropped to a rectangle (--align's overlap), and
// a sink that colours FLIP error rows.
#include "difflens/engine/image.h"
#include "difflens/engine/rows.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace difflens::detail {

class TrackedSource : public RowSource {
public:
    explicit TrackedSource(RowSource &inner) : m_inner(inner) {}
    int width() const override { return m_inner.width(); }
    int height() const override { return m_inner.height(); }
    int depth() const override { return m_inner.depth(); }
    bool readRows(uint8_t *dst, size_t stride, int count, std::string &error) override;
    int rowsRead() const override { return m_inner.rowsRead(); }
    int64_t workingBytes() const override { return m_inner.workingBytes(); }
    bool failed() const { return m_failed; }

private:
    RowSource &m_inner;
    bool m_failed = false;
};

class TrackedSink : public RowSink {
public:
    explicit TrackedSink(RowSink &inner) : m_inner(inner) {}
    bool writeRows(const uint8_t *rows, size_t stride, int count, std::string &error) override;
    bool finish(std::string &error) override;
    int64_t workingBytes() const override { return m_inner.workingBytes(); }
    bool failed() const { return m_failed; }

private:
    RowSink &m_inner;
    bool m_failed = false;
};

// 16-bit RGBA rows delivered as 8-bit (v8 = round(v16 / 257)).
class To8BitSource : public RowSource {
public:
    explicit To8BitSource(RowSource &inner) : m_inner(inner) {}
    int width() const override { return m_inner.width(); }
    int height() const override { return m_inner.height(); }
    int depth() const override { return 8; }
    bool readRows(uint8_t *dst, size_t stride, int count, std::string &error) override;
    int rowsRead() const override { return m_inner.rowsRead(); }
    int64_t workingBytes() const override;

private:
    RowSource &m_inner;
    std::vector<uint8_t> m_wide; // a few 16-bit rows at a time
};

// A sink that converts rows of `width` pixels, a few at a time, into another layout and
// hands them to an inner sink (which it owns and finishes).
class ConvertingSink : public RowSink {
public:
    ConvertingSink(std::unique_ptr<RowSink> inner, int width) : m_inner(std::move(inner)), m_width(width) {}
    bool finish(std::string &error) override { return m_inner->finish(error); }
    // The inner sink's bytes and `bytesPerPixel` bytes a pixel for a few rows.
    int64_t workingBytesWith(int bytesPerPixel) const;

protected:
    std::unique_ptr<RowSink> m_inner;
    int m_width;
    std::vector<uint8_t> m_converted; // a few rows at a time
};

// RGBA8 rows written to an RGB8 sink (the diff image is opaque unless drawn as a mask).
class DropAlphaSink : public ConvertingSink {
public:
    DropAlphaSink(std::unique_ptr<RowSink> inner, int width) : ConvertingSink(std::move(inner), width) {}
    bool writeRows(const uint8_t *rows, size_t stride, int count, std::string &error) override;
    int64_t workingBytes() const override { return workingBytesWith(3); }
};

// RGBA8 rows written to an indexed (palette) sink: each pixel becomes its palette index.
// A colour outside the palette fails the write (it would be a bug in the palette).
class IndexingSink : public ConvertingSink {
public:
    IndexingSink(std::unique_ptr<RowSink> inner, int width, const std::vector<std::array<uint8_t, 4>> &palette);
    bool writeRows(const uint8_t *rows, size_t stride, int count, std::string &error) override;
    int64_t workingBytes() const override { return workingBytesWith(1); }

private:
    int indexOf(const uint8_t *rgba) const;

    std::vector<std::array<uint8_t, 4>> m_palette;
    int m_greyIndex[256]; // opaque grey g -> index, or -1
};

// The rows and columns `area` of the inner source (area inside it). Rows above the area are
// skipped on the first read; after the area's last row the inner source is read to its
// end, so a file truncated below the area is still an error.
class CropSource : public RowSource {
public:
    CropSource(RowSource &inner, const Rect &area) : m_inner(inner), m_area(area) {}
    int width() const override { return m_area.width; }
    int height() const override { return m_area.height; }
    int depth() const override { return m_inner.depth(); }
    bool readRows(uint8_t *dst, size_t stride, int count, std::string &error) override;
    int rowsRead() const override { return m_rows; }
    int64_t workingBytes() const override;

private:
    RowSource &m_inner;
    Rect m_area;
    int m_rows = 0;
    std::vector<uint8_t> m_scratch; // a few full-width rows at a time
};

// FLIP error rows (one float per pixel, as runStreamJob hands them out) written to an 8-bit,
// one-byte-per-pixel sink as levels round(error * 255) (heatmap.h's flipErrorLevel): grey,
// or the indices of a sink whose palette is the magma ramp.
class FlipMapSink : public ConvertingSink {
public:
    FlipMapSink(std::unique_ptr<RowSink> inner, int width) : ConvertingSink(std::move(inner), width) {}
    bool writeRows(const uint8_t *rows, size_t stride, int count, std::string &error) override;
    int64_t workingBytes() const override { return workingBytesWith(1 + 4); } // levels and a float row
};

} // namespace difflens::detail
