#include "filter_pattern/space_delimited.h"

namespace tripline::filter_pattern::detail {

namespace {

bool is_field_name_char(char c) { return is_word_char(c) || c == '-'; }
bool starts_operator(char c) { return c == '=' || c == '!' || c == '<' || c == '>'; }

std::string_view read_name(Cursor& c) {
    const std::size_t begin = c.pos;
    while (is_field_name_char(c.peek())) {
        ++c.pos;
    }
    return c.text.substr(begin, c.pos - begin);
}

Status parse_conditions(Cursor& c, std::string_view name, SpaceField& field, int& regexes) {
    field.any_of.emplace_back();
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(Comparison cmp, parse_comparison(c, regexes));
        field.any_of.back().push_back(std::move(cmp));
        c.skip_spaces();
        if (c.consume("||")) {
            field.any_of.emplace_back();
        } else if (!c.consume("&&")) {
            return ok_status();
        }
        c.skip_spaces();
        const std::size_t at = c.pos;
        std::string_view next = read_name(c);
        if (next != name) {
            return c.error_at(at,
                              "Conditions on a field of a space-delimited pattern can only refer "
                              "to that field ('" +
                                  std::string(name) + "')");
        }
    }
}

bool field_matches(const SpaceField& field, std::string_view value) {
    if (field.any_of.empty()) {
        return true;
    }
    Scalar scalar;
    scalar.text = value;
    scalar.type =
        parse_number_text(value, scalar.number) ? Scalar::Type::kNumber : Scalar::Type::kString;
    for (const auto& all_of : field.any_of) {
        bool ok = true;
        for (const Comparison& cmp : all_of) {
            if (!evaluate(cmp, scalar)) {
                ok = false;
                break;
            }
        }
        if (ok) {
            return true;
        }
    }
    return false;
}

std::string_view rest_of_line(std::string_view text, std::size_t from) {
    std::string_view rest = text.substr(from);
    while (!rest.empty() && rest.back() == ' ') {
        rest.remove_suffix(1);
    }
    return rest;
}

}  // namespace

Result<SpaceDelimitedPattern> parse_space_delimited(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    const std::size_t last = text.find_last_not_of(" \t\r\n");
    if (first == std::string_view::npos || text[first] != '[') {
        return syntax_error(text, 0, "A space-delimited filter pattern must start with '['");
    }
    if (last == first || text[last] != ']') {
        return syntax_error(text, last, "If a filter pattern starts with '[' it must end with ']'");
    }
    Cursor c{text, first + 1, last};
    SpaceDelimitedPattern out;
    std::size_t position = 0;
    while (true) {
        c.skip_spaces();
        SpaceField field;
        if (c.consume("...")) {
            field.ellipsis = true;
            out.has_ellipsis = true;
        } else {
            ++position;
            const std::size_t at = c.pos;
            std::string_view name = read_name(c);
            if (name.empty() && !starts_operator(c.peek())) {
                return c.error_at(at, "Expected a field name, '...' or a condition");
            }
            field.key = name.empty() ? "$" + std::to_string(position) : "$" + std::string(name);
            c.skip_spaces();
            if (starts_operator(c.peek())) {
                TRIPLINE_TRY(parse_conditions(c, name, field, out.regexes));
            }
        }
        out.fields.push_back(std::move(field));
        c.skip_spaces();
        if (c.at_end()) {
            break;
        }
        if (!c.consume(",")) {
            return c.error("Expected ',' or ']' after a field");
        }
    }
    return out;
}

void split_fields(std::string_view text, std::vector<MessageField>& out) {
    out.clear();
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') {
            ++i;
        }
        if (i >= text.size()) {
            break;
        }
        if (out.size() + 1 == kMaxMessageFields) {
            out.push_back({rest_of_line(text, i), i});
            break;
        }
        const char open = text[i];
        const char close = open == '"' ? '"' : (open == '[' ? ']' : '\0');
        if (close != '\0') {
            std::size_t end = text.find(close, i + 1);
            if (end != std::string_view::npos) {
                out.push_back({text.substr(i + 1, end - i - 1), i});
                i = end + 1;
                continue;
            }
        }
        std::size_t end = text.find(' ', i);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        out.push_back({text.substr(i, end - i), i});
        i = end;
    }
}

bool space_delimited_match(const SpaceDelimitedPattern& pattern,
                           const LogMessage& message,
                           ExtractedValues* values) {
    const std::vector<MessageField>& fields = message.fields();
    const std::vector<SpaceField>& want = pattern.fields;
    // The message field (or rest of line) each pattern field matched.
    std::vector<std::string_view> matched(want.size());
    if (!pattern.has_ellipsis) {
        if (fields.size() < want.size()) {
            return false;
        }
        for (std::size_t i = 0; i < want.size(); ++i) {
            const bool rest = i + 1 == want.size() && fields.size() > want.size();
            matched[i] = rest ? rest_of_line(message.text(), fields[i].raw_begin) : fields[i].value;
            if (!field_matches(want[i], matched[i])) {
                return false;
            }
        }
    } else {
        // Glob matching with `...` as the star: on a mismatch, the last ellipsis absorbs one more
        // field and everything after it is matched again (O(pattern × message) worst case).
        std::size_t i = 0;
        std::size_t j = 0;
        std::size_t star = want.size();
        std::size_t star_j = 0;
        while (j < fields.size()) {
            if (i < want.size() && want[i].ellipsis) {
                star = i++;
                star_j = j;
            } else if (i < want.size() && field_matches(want[i], fields[j].value)) {
                matched[i++] = fields[j++].value;
            } else if (star < want.size()) {
                i = star + 1;
                j = ++star_j;
            } else {
                return false;
            }
        }
        while (i < want.size() && want[i].ellipsis) {
            ++i;
        }
        if (i != want.size()) {
            return false;
        }
    }
    if (values != nullptr) {
        values->clear();
        for (std::size_t i = 0; i < want.size(); ++i) {
            if (!want[i].ellipsis) {
                values->emplace_back(want[i].key, std::string(matched[i]));
            }
        }
    }
    return true;
}

}  // namespace tripline::filter_pattern::detail
