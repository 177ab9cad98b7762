#include "case_file.h"

namespace tripline::testing {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

std::string join_trimmed(const std::vector<std::string>& lines,
                         std::size_t begin,
                         std::size_t end) {
    while (end > begin && trim(lines[end - 1]).empty()) {
        --end;
    }
    std::string out;
    for (std::size_t i = begin; i < end; ++i) {
        if (i > begin) {
            out += '\n';
        }
        out += lines[i];
    }
    return out;
}

constexpr std::string_view kNamePrefix = "# name:";

}  // namespace

bool parse_case_file(const std::string& path,
                     std::string_view text,
                     CaseFile& out,
                     std::string& error) {
    out = CaseFile{};
    out.path = path;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) {
            if (pos < text.size()) {
                out.lines.emplace_back(text.substr(pos));
            }
            break;
        }
        out.lines.emplace_back(text.substr(pos, nl - pos));
        pos = nl + 1;
    }
    const auto& lines = out.lines;
    std::size_t i = 0;
    while (i < lines.size()) {
        if (!lines[i].starts_with(kNamePrefix)) {
            if (!trim(lines[i]).empty() && !lines[i].starts_with("#")) {
                error = path + ":" + std::to_string(i + 1) +
                        ": text outside a case (expected '# name:')";
                return false;
            }
            ++i;
            continue;
        }
        Case c;
        c.line = i + 1;
        c.name = std::string(trim(std::string_view(lines[i]).substr(kNamePrefix.size())));
        ++i;
        while (i < lines.size() &&
               (trim(lines[i]).empty() ||
                (lines[i].starts_with("#") && !lines[i].starts_with(kNamePrefix)))) {
            ++i;
        }
        if (i >= lines.size() || lines[i].starts_with(kNamePrefix)) {
            error =
                path + ":" + std::to_string(c.line) + ": case '" + c.name + "' has no kind line";
            return false;
        }
        std::string_view kind_line = trim(lines[i]);
        std::size_t space = kind_line.find_first_of(" \t");
        c.kind = std::string(kind_line.substr(0, space));
        if (space != std::string_view::npos) {
            c.args = std::string(trim(kind_line.substr(space)));
        }
        ++i;
        std::size_t input_begin = i;
        while (i < lines.size() && trim(lines[i]) != "----" && !lines[i].starts_with(kNamePrefix)) {
            ++i;
        }
        if (i >= lines.size() || trim(lines[i]) != "----") {
            error =
                path + ":" + std::to_string(c.line) + ": case '" + c.name + "' has no '----' line";
            return false;
        }
        c.input = join_trimmed(lines, input_begin, i);
        ++i;
        c.expected_begin_line = i;
        while (i < lines.size() && !lines[i].starts_with(kNamePrefix)) {
            ++i;
        }
        std::size_t end = i;
        while (end > c.expected_begin_line && trim(lines[end - 1]).empty()) {
            --end;
        }
        c.expected_end_line = end;
        c.expected = join_trimmed(lines, c.expected_begin_line, end);
        out.cases.push_back(std::move(c));
    }
    return true;
}

std::string rewrite_case_file(const CaseFile& file, const std::vector<std::string>& actual) {
    std::string out;
    std::size_t line = 0;
    for (std::size_t k = 0; k < file.cases.size(); ++k) {
        const Case& c = file.cases[k];
        for (; line < c.expected_begin_line; ++line) {
            out += file.lines[line];
            out += '\n';
        }
        if (!actual[k].empty()) {
            out += actual[k];
            out += '\n';
        }
        line = c.expected_end_line;
    }
    for (; line < file.lines.size(); ++line) {
        out += file.lines[line];
        out += '\n';
    }
    return out;
}

}  // namespace tripline::testing
