#pragma once
// A small Qt-free JSON value tree and its writer. The text is byte for byte what Qt's
// QJsonDocument::toJson() writes for the same document (keys sorted, 4-space indentation,
// shortest round-trip numbers, null for non-finite numbers), so the CLI's fast path and
// the Qt code produce the same files.
#include <cstdint>
#include <string>
#include <vector>

namespace difflens {

struct JsonMember;

class JsonValue {
public:
    enum class Type { Null, Bool, Integer, Double, String, Array, Object };

    JsonValue() = default; // null
    JsonValue(bool v) : m_type(Type::Bool), m_bool(v) {}
    JsonValue(int v) : m_type(Type::Integer), m_int(v) {}
    JsonValue(int64_t v) : m_type(Type::Integer), m_int(v) {}
    JsonValue(double v) : m_type(Type::Double), m_double(v) {}
    JsonValue(const char *v) : m_type(Type::String), m_string(v) {}
    JsonValue(std::string v) : m_type(Type::String), m_string(std::move(v)) {}

    static JsonValue array() { return JsonValue(Type::Array); }
    static JsonValue object() { return JsonValue(Type::Object); }

    Type type() const { return m_type; }
    bool toBool() const { return m_bool; }
    int64_t toInteger() const { return m_int; }
    double toDouble() const { return m_double; }
    const std::string &toString() const { return m_string; }
    const std::vector<JsonValue> &items() const { return m_items; }
    const std::vector<JsonMember> &members() const { return m_members; }

    // Arrays: appends. Objects: sets the key (replacing an earlier value of the same key).
    JsonValue &append(JsonValue v);
    JsonValue &insert(const std::string &key, JsonValue v);

private:
    explicit JsonValue(Type t) : m_type(t) {}
    Type m_type = Type::Null;
    bool m_bool = false;
    int64_t m_int = 0;
    double m_double = 0;
    std::string m_string;
    std::vector<JsonValue> m_items;
    std::vector<JsonMember> m_members; // kept sorted by key, as QJsonObject keeps them
};

struct JsonMember {
    std::string key;
    JsonValue value;
};

// The document's text: indented (ends with a newline) or compact.
std::string toJsonText(const JsonValue &value, bool indented = true);
// One number as Qt writes it (QByteArray::number(v, 'g', QLocale::FloatingPointShortest)).
std::string jsonNumberText(double v);

} // namespace difflens
