// The Qt-free JSON value tree and a writer whose text matches QJsonDocument::toJson() (json_value.h).
#include "difflens/compare/json_value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace difflens {

namespace {

const char kReplacement[] = "\xEF\xBF\xBD"; // U+FFFD, as QString::fromStdString() decodes invalid UTF-8

// Length of the valid UTF-8 sequence starting at s[i] (0 when invalid).
size_t utf8Length(const std::string &s, size_t i)
{
    const auto byte = [&s](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    size_t n = 0;
    uint32_t cp = 0, min = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

void appendEscaped(std::string &out, const std::string &s)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const size_t n = utf8Length(s, i);
            if (n == 0) {
                out += kReplacement;
                ++i;
            } else {
                out.append(s, i, n);
                i += n;
            }
            continue;
        }
        ++i;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += char(c);
            }
        }
    }
    out += '"';
}

void write(std::string &out, const JsonValue &v, int indent, bool compact)
{
    const auto pad = [&out](int level) { out.append(size_t(4 * level), ' '); };
    switch (v.type()) {
    case JsonValue::Type::Null: out += "null"; break;
    case JsonValue::Type::Bool: out += v.toBool() ? "true" : "false"; break;
    case JsonValue::Type::Integer: out += std::to_string(v.toInteger()); break;
    case JsonValue::Type::Double: out += std::isfinite(v.toDouble()) ? jsonNumberText(v.toDouble()) : "null"; break;
    case JsonValue::Type::String: appendEscaped(out, v.toString()); break;
    case JsonValue::Type::Array: {
        out += compact ? "[" : "[\n";
        const auto &items = v.items();
        for (size_t i = 0; i < items.size(); ++i) {
            if (!compact)
                pad(indent + 1);
            write(out, items[i], indent + 1, compact);
            out += i + 1 == items.size() ? (compact ? "" : "\n") : (compact ? "," : ",\n");
        }
        if (!compact)
            pad(indent);
        out += ']';
        break;
    }
    case JsonValue::Type::Object: {
        out += compact ? "{" : "{\n";
        const auto &members = v.members();
        for (size_t i = 0; i < members.size(); ++i) {
            if (!compact)
                pad(indent + 1);
            appendEscaped(out, members[i].key);
            out += compact ? ":" : ": ";
            write(out, members[i].value, indent + 1, compact);
            out += i + 1 == members.size() ? (compact ? "" : "\n") : (compact ? "," : ",\n");
        }
        if (!compact)
            pad(indent);
        out += '}';
        break;
    }
    }
}

} // namespace

JsonValue &JsonValue::append(JsonValue v)
{
    m_items.push_back(std::move(v));
    return *this;
}

JsonValue &JsonValue::insert(const std::string &key, JsonValue v)
{
    auto it = std::lower_bound(m_members.begin(), m_members.end(), key,
                               [](const JsonMember &m, const std::string &k) { return m.key < k; });
    if (it != m_members.end() && it->key == key)
        it->value = std::move(v);
    else
        m_members.insert(it, JsonMember{key, std::move(v)});
    return *this;
}

std::string jsonNumberText(double v)
{
    if (v == 0)
        return "0"; // Qt writes -0 as 0 too
    // Shortest round-trip digits and the decimal exponent, e.g. "-1.2345e-05".
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    const std::string sci(buf, res.ptr);
    const size_t e = sci.find('e');
    const bool negative = sci[0] == '-';
    std::string digits;
    for (size_t i = negative ? 1 : 0; i < e; ++i)
        if (sci[i] != '.')
            digits += sci[i];
    const int exp10 = std::atoi(sci.c_str() + e + 1); // value = d.ddd * 10^exp10
    const int n = int(digits.size());

    // Scientific as Qt writes it: at least two exponent digits, explicit sign.
    std::string expText = std::to_string(exp10 < 0 ? -exp10 : exp10);
    if (expText.size() < 2)
        expText.insert(0, 1, '0');
    std::string scientific = digits.substr(0, 1);
    if (n > 1)
        scientific += "." + digits.substr(1);
    scientific += (exp10 < 0 ? "e-" : "e+") + expText;

    // Decimal: digits with the point placed (padded with zeros as needed).
    std::string decimal;
    const int decpt = exp10 + 1; // digits before the point
    if (decpt <= 0)
        decimal = "0." + std::string(size_t(-decpt), '0') + digits;
    else if (decpt >= n)
        decimal = digits + std::string(size_t(decpt - n), '0');
    else
        decimal = digits.substr(0, size_t(decpt)) + "." + digits.substr(size_t(decpt));

    const std::string &shortest = decimal.size() <= scientific.size() ? decimal : scientific;
    return negative ? "-" + shortest : shortest;
}

std::string toJsonText(const JsonValue &value, bool indented)
{
    std::string out;
    write(out, value, 0, !indented);
    if (indented)
        out += '\n';
    return out;
}

} // namespace difflens
