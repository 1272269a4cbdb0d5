#pragma once
// In-memory RowSource / RowSink for the streaming tests: rows of an ImageView (optionally
// failing at a row) and a sink that collects rows (optionally failing after some).
#include "difflens/engine/image.h"
#include "difflens/engine/rows.h"

#include <cstring>
#include <string>
#include <vector>

namespace difflens::test {

// Rows of an in-memory image; fails at row `failAt` when >= 0.
class ViewSource : public RowSource {
public:
    explicit ViewSource(ImageView v, int failAt = -1) : m_v(v), m_failAt(failAt) {}
    int width() const override { return m_v.width; }
    int height() const override { return m_v.height; }
    int depth() const override { return m_v.depth; }
    bool readRows(uint8_t *dst, size_t stride, int count, std::string &error) override
    {
        for (int i = 0; i < count; ++i) {
            if (m_row >= m_v.height || m_row == m_failAt) {
                error = "source ended at row " + std::to_string(m_row);
                return false;
            }
            std::memcpy(dst + size_t(i) * stride, m_v.row(m_row), size_t(m_v.width) * m_v.bytesPerPixel());
            ++m_row;
        }
        return true;
    }
    int rowsRead() const override { return m_row; }
    int64_t workingBytes() const override { return 0; }

private:
    ImageView m_v;
    int m_failAt;
    int m_row = 0;
};

class VectorSink : public RowSink {
public:
    explicit VectorSink(size_t rowBytes, int failAfterRows = -1) : m_rowBytes(rowBytes), m_failAfter(failAfterRows) {}
    bool writeRows(const uint8_t *rows, size_t stride, int count, std::string &error) override
    {
        for (int i = 0; i < count; ++i) {
            if (m_failAfter >= 0 && m_rows >= m_failAfter) {
                error = "disk is full";
                return false;
            }
            data.insert(data.end(), rows + size_t(i) * stride, rows + size_t(i) * stride + m_rowBytes);
            ++m_rows;
        }
        return true;
    }
    bool finish(std::string &) override
    {
        finished = true;
        return true;
    }
    int64_t workingBytes() const override { return 0; }
    std::vector<uint8_t> data;
    bool finished = false;

private:
    size_t m_rowBytes;
    int m_failAfter;
    int m_rows = 0;
};

} // namespace difflens::test
