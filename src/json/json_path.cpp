#include "json/json_path.h"

#include <utility>

namespace tripline::json {

namespace {

bool is_name_char(unsigned char c) {
    if (c < 0x21 || c == 0x7F) {
        return false;
    }
    switch (c) {
        case '.':
        case '[':
        case ']':
        case '*':
        case '\'':
        case '"':
        case '\\':
            return false;
        default:
            return true;
    }
}

Error path_error(Errc code, std::string message, std::size_t offset) {
    TextSpan where;
    where.begin.offset = offset;
    where.begin.line = 1;
    where.begin.column = offset + 1;
    return make_error(code, std::move(message), std::move(where));
}

std::string describe_char(std::string_view text, std::size_t i) {
    if (i >= text.size()) {
        return "end of path";
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x21 && c < 0x7F) {
        return std::string("'") + static_cast<char>(c) + "'";
    }
    static constexpr char kHex[] = "0123456789ABCDEF";
    return std::string("byte 0x") + kHex[c >> 4] + kHex[c & 0xF];
}

class PathParser {
public:
    explicit PathParser(std::string_view text) : text_(text) {}

    Result<JsonPath> parse() {
        if (text_.size() > kMaxJsonPathBytes) {
            return path_error(
                Errc::kLimitExceeded,
                "JSON path longer than " + std::to_string(kMaxJsonPathBytes) + " bytes",
                kMaxJsonPathBytes);
        }
        if (text_.empty() || text_[0] != '$') {
            return path_error(Errc::kInvalidArgument, "JSON path must start with '$'", 0);
        }
        pos_ = 1;
        std::vector<JsonPathStep> steps;
        while (pos_ < text_.size()) {
            const std::size_t step_begin = pos_;
            if (steps.size() >= kMaxJsonPathSteps) {
                return path_error(
                    Errc::kLimitExceeded,
                    "JSON path has more than " + std::to_string(kMaxJsonPathSteps) + " steps",
                    step_begin);
            }
            JsonPathStep step;
            const char c = text_[pos_];
            if (c == '.') {
                ++pos_;
                if (pos_ < text_.size() && text_[pos_] == '[') {
                    TRIPLINE_TRY(parse_bracket(step));
                } else if (pos_ < text_.size() && text_[pos_] == '*') {
                    step.kind = JsonPathStep::Kind::kWildcard;
                    ++pos_;
                } else {
                    TRIPLINE_TRY(parse_name(step));
                }
            } else if (c == '[') {
                TRIPLINE_TRY(parse_bracket(step));
            } else {
                return path_error(Errc::kInvalidArgument,
                                  "expected '.' or '[' but found " + describe_char(text_, pos_),
                                  pos_);
            }
            steps.push_back(std::move(step));
        }
        return JsonPath(std::move(steps));
    }

private:
    Status parse_name(JsonPathStep& step) {
        const std::size_t begin = pos_;
        while (pos_ < text_.size() && is_name_char(static_cast<unsigned char>(text_[pos_]))) {
            ++pos_;
        }
        if (pos_ == begin) {
            return path_error(Errc::kInvalidArgument,
                              "expected a name after '.' but found " + describe_char(text_, pos_),
                              pos_);
        }
        step.kind = JsonPathStep::Kind::kName;
        step.name = std::string(text_.substr(begin, pos_ - begin));
        return ok_status();
    }

    // At '['.
    Status parse_bracket(JsonPathStep& step) {
        const std::size_t open = pos_;
        ++pos_;
        if (pos_ >= text_.size()) {
            return path_error(Errc::kInvalidArgument, "unterminated '['", open);
        }
        const char c = text_[pos_];
        if (c == '*') {
            step.kind = JsonPathStep::Kind::kWildcard;
            ++pos_;
        } else if (c == '\'' || c == '"') {
            TRIPLINE_TRY(parse_quoted(step));
        } else if (c >= '0' && c <= '9') {
            TRIPLINE_TRY(parse_index(step));
        } else if (c == '-') {
            return path_error(Errc::kInvalidArgument, "negative array index", pos_);
        } else {
            return path_error(Errc::kInvalidArgument,
                              "expected an index, '*' or a quoted name after '[' but found " +
                                  describe_char(text_, pos_),
                              pos_);
        }
        if (pos_ >= text_.size() || text_[pos_] != ']') {
            return path_error(Errc::kInvalidArgument,
                              "expected ']' but found " + describe_char(text_, pos_),
                              pos_);
        }
        ++pos_;
        return ok_status();
    }

    Status parse_index(JsonPathStep& step) {
        const std::size_t begin = pos_;
        std::uint32_t value = 0;
        while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
            if (pos_ - begin >= 9) {
                return path_error(Errc::kInvalidArgument, "array index too large", begin);
            }
            value = value * 10 + static_cast<std::uint32_t>(text_[pos_] - '0');
            ++pos_;
        }
        if (text_[begin] == '0' && pos_ - begin > 1) {
            return path_error(Errc::kInvalidArgument, "array index with a leading zero", begin);
        }
        step.kind = JsonPathStep::Kind::kIndex;
        step.index = value;
        return ok_status();
    }

    Status parse_quoted(JsonPathStep& step) {
        const std::size_t open = pos_;
        const char quote = text_[pos_];
        ++pos_;
        std::string name;
        while (true) {
            if (pos_ >= text_.size()) {
                return path_error(Errc::kInvalidArgument, "unterminated quoted name", open);
            }
            const char c = text_[pos_];
            if (c == quote) {
                ++pos_;
                break;
            }
            if (c == '\\') {
                if (pos_ + 1 >= text_.size()) {
                    return path_error(Errc::kInvalidArgument, "unterminated quoted name", open);
                }
                const char e = text_[pos_ + 1];
                if (e != '\'' && e != '"' && e != '\\') {
                    return path_error(Errc::kInvalidArgument,
                                      "invalid escape in quoted name: only \\' \\\" and \\\\ are "
                                      "allowed",
                                      pos_);
                }
                name += e;
                pos_ += 2;
                continue;
            }
            name += c;
            ++pos_;
        }
        step.kind = JsonPathStep::Kind::kName;
        step.name = std::move(name);
        return ok_status();
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

void evaluate_from(const std::vector<JsonPathStep>& steps,
                   std::size_t i,
                   simdjson::dom::element value,
                   std::vector<simdjson::dom::element>* all,
                   std::optional<simdjson::dom::element>& first) {
    for (; i < steps.size(); ++i) {
        const JsonPathStep& step = steps[i];
        switch (step.kind) {
            case JsonPathStep::Kind::kName: {
                simdjson::dom::object object;
                if (value.get_object().get(object) != simdjson::SUCCESS) {
                    return;
                }
                // Linear scan for the first member of that name (at_key has the same semantics
                // but we keep the rule explicit: duplicates resolve to the first).
                bool found = false;
                for (auto field : object) {
                    if (field.key == step.name) {
                        value = field.value;
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return;
                }
                break;
            }
            case JsonPathStep::Kind::kIndex: {
                simdjson::dom::array array;
                if (value.get_array().get(array) != simdjson::SUCCESS) {
                    return;
                }
                simdjson::dom::element item;
                if (array.at(step.index).get(item) != simdjson::SUCCESS) {
                    return;
                }
                value = item;
                break;
            }
            case JsonPathStep::Kind::kWildcard: {
                simdjson::dom::object object;
                simdjson::dom::array array;
                if (value.get_object().get(object) == simdjson::SUCCESS) {
                    for (auto field : object) {
                        evaluate_from(steps, i + 1, field.value, all, first);
                        if (all == nullptr && first) {
                            return;
                        }
                    }
                } else if (value.get_array().get(array) == simdjson::SUCCESS) {
                    for (auto item : array) {
                        evaluate_from(steps, i + 1, item, all, first);
                        if (all == nullptr && first) {
                            return;
                        }
                    }
                }
                return;
            }
        }
    }
    if (all != nullptr) {
        all->push_back(value);
    } else if (!first) {
        first = value;
    }
}

}  // namespace

bool is_plain_path_name(std::string_view name) {
    if (name.empty()) {
        return false;
    }
    for (char c : name) {
        if (!is_name_char(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return true;
}

JsonPath::JsonPath(std::vector<JsonPathStep> steps) : steps_(std::move(steps)) {
    for (const auto& step : steps_) {
        if (step.kind == JsonPathStep::Kind::kWildcard) {
            has_wildcard_ = true;
        }
    }
}

std::string JsonPath::to_string() const {
    std::string out = "$";
    for (const auto& step : steps_) {
        switch (step.kind) {
            case JsonPathStep::Kind::kName:
                if (is_plain_path_name(step.name)) {
                    out += '.';
                    out += step.name;
                } else {
                    out += "['";
                    for (char c : step.name) {
                        if (c == '\'' || c == '\\') {
                            out += '\\';
                        }
                        out += c;
                    }
                    out += "']";
                }
                break;
            case JsonPathStep::Kind::kIndex:
                out += '[';
                out += std::to_string(step.index);
                out += ']';
                break;
            case JsonPathStep::Kind::kWildcard:
                out += ".*";
                break;
        }
    }
    return out;
}

std::optional<simdjson::dom::element> JsonPath::evaluate(simdjson::dom::element root) const {
    std::optional<simdjson::dom::element> first;
    evaluate_from(steps_, 0, root, nullptr, first);
    return first;
}

void JsonPath::evaluate_all(simdjson::dom::element root,
                            std::vector<simdjson::dom::element>& out) const {
    std::optional<simdjson::dom::element> unused;
    evaluate_from(steps_, 0, root, &out, unused);
}

Result<JsonPath> parse_json_path(std::string_view text) { return PathParser(text).parse(); }

}  // namespace tripline::json
