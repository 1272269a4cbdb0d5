#pragma once
// A small argument scanner shared by the subcommands: "--name value", "--name=value",
// flags, and positional arguments ("--" ends the options).
#include <string>
#include <vector>

namespace difflens::cli {

class ArgScanner {
public:
    explicit ArgScanner(std::vector<std::string> args) : m_args(std::move(args)) {}

    bool atEnd() const { return m_pos >= m_args.size(); }
    // Advances to the next argument. Returns false at the end.
    // isOption() tells whether it is an option; name() is "--name" and inlineValue() the part
    // after '=' (if any).
    bool next();
    bool isOption() const { return m_isOption; }
    const std::string &name() const { return m_name; }
    const std::string &current() const { return m_current; }
    bool hasInlineValue() const { return m_hasInline; }

    // Takes the option's value (inline or the next argument). False with an error when missing.
    bool value(std::string &out, std::string &error);
    // Error when a flag was given "=value".
    bool noValue(std::string &error) const;

private:
    std::vector<std::string> m_args;
    size_t m_pos = 0;
    bool m_optionsEnded = false;
    bool m_isOption = false;
    bool m_hasInline = false;
    std::string m_current, m_name, m_inline;
};

} // namespace difflens::cli
