#pragma once
// Row-at-a-time image access for the streaming pipeline: a RowSource delivers an image
// top to bottom as interleaved RGBA rows (8 or 16 bits per sample), a RowSink takes rows
// of an output image and commits it once the last row is in. Decoders and encoders
// (core/imaging) implement them; the engine's band runner (stream.h) only reads and writes
// rows, so its memory depends on the width and the band height, never on the height.
#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens {

class RowSource {
public:
    virtual ~RowSource() = default;
    virtual int width() const = 0;
    virtual int height() const = 0;
    virtual int depth() const = 0; // bits per sample of the rows delivered: 8 or 16 (always RGBA)

    // Reads the next `count` rows (top to bottom) into dst, rows `stride` bytes apart
    // (stride >= width * 4 * depth / 8). Returns false with a one-line reason (without the
    // path) when the data ends or is corrupt; the reason names the row, for example
    // "truncated or corrupt PNG data at row 1234". After a failure no more rows are read.
    virtual bool readRows(uint8_t *dst, size_t stride, int count, std::string &error) = 0;

    // Rows delivered so far.
    virtual int rowsRead() const = 0;

    // Bytes the source holds while streaming besides the rows it hands out (decoder state,
    // coefficient buffers, a whole decoded frame for formats read whole): the planner
    // counts them against the budget.
    virtual int64_t workingBytes() const = 0;
};

class RowSink {
public:
    virtual ~RowSink() = default;
    // Appends `count` rows, `stride` bytes apart, in the sink's own pixel layout.
    virtual bool writeRows(const uint8_t *rows, size_t stride, int count, std::string &error) = 0;
    // Commits the output after the last row (atomic: until then nothing is visible at the
    // destination). A sink destroyed without a successful finish() leaves no file behind.
    virtual bool finish(std::string &error) = 0;
    // Bytes the sink holds while streaming (compressor state, buffers).
    virtual int64_t workingBytes() const = 0;
};

} // namespace difflens
