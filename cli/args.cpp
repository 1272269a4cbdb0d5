#include "args.h"

namespace difflens::cli {

bool ArgScanner::next()
{
    while (m_pos < m_args.size()) {
        m_current = m_args[m_pos++];
        m_isOption = false;
        m_hasInline = false;
        m_name.clear();
        m_inline.clear();
        if (!m_optionsEnded && m_current == "--") {
            m_optionsEnded = true;
            continue;
        }
        if (!m_optionsEnded && m_current.size() > 1 && m_current[0] == '-') {
            m_isOption = true;
            const size_t eq = m_current.find('=');
            if (m_current.rfind("--", 0) == 0 && eq != std::string::npos) {
                m_name = m_current.substr(0, eq);
                m_inline = m_current.substr(eq + 1);
                m_hasInline = true;
            } else {
                m_name = m_current;
            }
        }
        return true;
    }
    return false;
}

bool ArgScanner::value(std::string &out, std::string &error)
{
    if (m_hasInline) {
        out = m_inline;
        return true;
    }
    if (m_pos >= m_args.size()) {
        error = m_name + ": missing value";
        return false;
    }
    out = m_args[m_pos++];
    return true;
}

bool ArgScanner::noValue(std::string &error) const
{
    if (m_hasInline) {
        error = m_name + ": takes no value";
        return false;
    }
    return true;
}

} // namespace difflens::cli
