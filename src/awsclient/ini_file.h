// IniFile: the INI dialect of the aws CLI's shared files (~/.aws/credentials, ~/.aws/config), read
// the way botocore's ConfigParser reads them: `[section]` headers, `key = value` or `key: value`
// (keys lower-cased, values trimmed, no inline comments), whole-line comments starting with '#' or
// ';', indented continuation lines, and nested blocks (`s3 =` followed by indented `key = value`
// lines, stored as "s3.key").
//
// Errors: parse_ini fails (kInvalidArgument) on a key outside any section, a line that is neither a
// header, a comment nor `key = value`, an unterminated header, and duplicate sections or keys (as
// the CLI refuses them), naming file and line - never the line's text, which may hold a secret.
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace tripline::awsclient {

struct IniSection {
    std::string name;  // as written between the brackets, trimmed ("profile dev")
    std::size_t line = 0;
    std::vector<std::pair<std::string, std::string>> values;  // keys lower-cased, in file order

    const std::string* find(std::string_view key) const;
};

struct IniFile {
    std::string path;  // for messages
    std::vector<IniSection> sections;

    const IniSection* find(std::string_view section_name) const;
};

Result<IniFile> parse_ini(std::string_view text, std::string path);

// Reads and parses `path`; a file that does not exist is nullopt (the CLI treats it as empty).
Result<std::optional<IniFile>> load_ini_file(const std::string& path);

}  // namespace tripline::awsclient
