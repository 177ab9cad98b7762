#include "awsclient/ini_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace tripline::awsclient {
namespace {

constexpr std::size_t kMaxIniBytes = 4 * 1024 * 1024;  // shared files are tiny; refuse a huge one

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

Error ini_error(const std::string& path, std::size_t line, const std::string& what) {
    TextSpan where;
    where.file = path;
    where.begin.line = line;
    where.begin.column = 1;
    return make_error(Errc::kInvalidArgument, what, where);
}

// Splits "key = value" / "key: value" at the first delimiter; false when there is none.
bool split_key_value(std::string_view line, std::string& key, std::string& value) {
    std::size_t at = line.find_first_of("=:");
    if (at == std::string_view::npos) {
        return false;
    }
    key = lower(trim(line.substr(0, at)));
    value = std::string(trim(line.substr(at + 1)));
    return !key.empty();
}

}  // namespace

const std::string* IniSection::find(std::string_view key) const {
    for (const auto& [k, v] : values) {
        if (k == key) {
            return &v;
        }
    }
    return nullptr;
}

const IniSection* IniFile::find(std::string_view section_name) const {
    for (const IniSection& s : sections) {
        if (s.name == section_name) {
            return &s;
        }
    }
    return nullptr;
}

Result<IniFile> parse_ini(std::string_view text, std::string path) {
    IniFile file;
    file.path = std::move(path);
    IniSection* section = nullptr;
    // The key whose value indented lines continue; nested when its first line was empty.
    std::string open_key;
    bool open_nested = false;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view raw = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#' || line.front() == ';') {
            continue;
        }
        bool indented = raw.front() == ' ' || raw.front() == '\t';
        if (indented && section != nullptr && !open_key.empty()) {
            if (open_nested) {
                std::string key;
                std::string value;
                if (!split_key_value(line, key, value)) {
                    return ini_error(file.path, line_no, "nested setting is not 'key = value'");
                }
                section->values.emplace_back(open_key + "." + key, std::move(value));
            } else {
                std::string* value = nullptr;
                for (auto& [k, v] : section->values) {
                    if (k == open_key) {
                        value = &v;
                    }
                }
                value->append("\n").append(line);
            }
            continue;
        }
        open_key.clear();
        if (line.front() == '[') {
            if (line.back() != ']' || line.size() < 3) {
                return ini_error(file.path, line_no, "section header is not '[name]'");
            }
            std::string name(trim(line.substr(1, line.size() - 2)));
            if (name.empty()) {
                return ini_error(file.path, line_no, "section header has no name");
            }
            if (const IniSection* existing = file.find(name)) {
                return ini_error(file.path,
                                 line_no,
                                 "section [" + name + "] already appears on line " +
                                     std::to_string(existing->line));
            }
            file.sections.push_back(IniSection{name, line_no, {}});
            section = &file.sections.back();
            continue;
        }
        std::string key;
        std::string value;
        if (!split_key_value(line, key, value)) {
            return ini_error(file.path, line_no, "line is not '[section]' or 'key = value'");
        }
        if (section == nullptr) {
            return ini_error(file.path, line_no, "setting '" + key + "' before any [section]");
        }
        if (section->find(key) != nullptr) {
            return ini_error(file.path,
                             line_no,
                             "setting '" + key + "' repeated in section [" + section->name + "]");
        }
        open_key = key;
        open_nested = value.empty();
        section->values.emplace_back(std::move(key), std::move(value));
    }
    return file;
}

Result<std::optional<IniFile>> load_ini_file(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return std::optional<IniFile>{};  // the CLI treats a missing file as an empty one
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(Errc::kIo, "cannot read " + path + ": " + std::strerror(errno));
    }
    std::string text;
    char chunk[8192];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (text.size() > kMaxIniBytes) {
            return make_error(Errc::kLimitExceeded, path + " is larger than 4 MiB");
        }
    }
    TRIPLINE_ASSIGN_OR_RETURN(IniFile file, parse_ini(text, path));
    return std::optional<IniFile>{std::move(file)};
}

}  // namespace tripline::awsclient
