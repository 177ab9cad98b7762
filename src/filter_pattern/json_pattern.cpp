#include "filter_pattern/json_pattern.h"

#include <array>
#include <charconv>

namespace tripline::filter_pattern::detail {

namespace {

namespace dom = simdjson::dom;

struct Parser {
    Cursor c;
    int regexes = 0;
    int wildcards = 0;

    // A run of letters at the cursor (a keyword: IS, NULL, NOT, EXISTS, ...).
    std::string_view word() {
        const std::size_t begin = c.pos;
        while (is_alnum(c.peek())) {
            ++c.pos;
        }
        return c.text.substr(begin, c.pos - begin);
    }

    Result<JsonNode> condition() {
        JsonNode node;
        JsonCondition& cond = node.condition;
        TRIPLINE_ASSIGN_OR_RETURN(cond.selector, parse_selector(c));
        if (cond.selector.has_wildcard && ++wildcards > kMaxWildcardSelectors) {
            return c.error_at(c.pos - cond.selector.text.size(),
                              "At most 3 wildcard selectors are allowed in a filter pattern");
        }
        c.skip_spaces();
        const std::size_t at = c.pos;
        if (is_alnum(c.peek())) {
            std::string_view keyword = word();
            if (keyword == "IS") {
                c.skip_spaces();
                const std::size_t what_at = c.pos;
                std::string_view what = word();
                if (what == "NULL") {
                    cond.test = JsonCondition::Test::kIsNull;
                } else if (what == "TRUE") {
                    cond.test = JsonCondition::Test::kIsTrue;
                } else if (what == "FALSE") {
                    cond.test = JsonCondition::Test::kIsFalse;
                } else {
                    return c.error_at(what_at, "Expected NULL, TRUE or FALSE after IS");
                }
                return node;
            }
            if (keyword == "NOT") {
                c.skip_spaces();
                const std::size_t what_at = c.pos;
                if (word() != "EXISTS") {
                    return c.error_at(what_at, "Expected EXISTS after NOT");
                }
                cond.test = JsonCondition::Test::kNotExists;
                return node;
            }
            return c.error_at(at,
                              "Unexpected '" + std::string(keyword) +
                                  "' after selector: expected an operator, IS or NOT EXISTS");
        }
        cond.test = JsonCondition::Test::kCompare;
        TRIPLINE_ASSIGN_OR_RETURN(cond.comparison, parse_comparison(c, regexes));
        return node;
    }

    Result<JsonNode> unary(int depth) {
        c.skip_spaces();
        if (c.peek() == '(') {
            const std::size_t open = c.pos;
            if (depth >= kMaxNestingDepth) {
                return c.error("Parentheses nested deeper than 32 levels");
            }
            ++c.pos;
            TRIPLINE_ASSIGN_OR_RETURN(JsonNode inner, disjunction(depth + 1));
            c.skip_spaces();
            if (c.peek() != ')') {
                return c.error_at(open, "Unbalanced parentheses: missing ')'");
            }
            ++c.pos;
            return inner;
        }
        if (c.peek() == '$') {
            return condition();
        }
        if (c.at_end()) {
            return c.error("Expected a condition");
        }
        if (c.peek() == ')') {
            return c.error("Unbalanced parentheses: unexpected ')'");
        }
        return c.error("Expected a selector starting with '$' or '('");
    }

    Result<JsonNode> sequence(int depth, JsonNode::Kind kind) {
        JsonNode node;
        node.kind = kind;
        const std::string_view op = kind == JsonNode::Kind::kOr ? "||" : "&&";
        while (true) {
            auto child =
                kind == JsonNode::Kind::kOr ? sequence(depth, JsonNode::Kind::kAnd) : unary(depth);
            if (!child) {
                return child;
            }
            node.children.push_back(std::move(*child));
            c.skip_spaces();
            if (!c.consume(op)) {
                break;
            }
        }
        if (node.children.size() == 1) {
            JsonNode only = std::move(node.children.front());
            return only;
        }
        return node;
    }

    Result<JsonNode> disjunction(int depth) { return sequence(depth, JsonNode::Kind::kOr); }
};

Scalar to_scalar(dom::element e, std::array<char, 32>& buffer) {
    Scalar s;
    auto number_text = [&](auto value) {
        auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
        (void)ec;
        s.text = std::string_view(buffer.data(), static_cast<std::size_t>(ptr - buffer.data()));
    };
    switch (e.type()) {
        case dom::element_type::STRING:
            s.type = Scalar::Type::kString;
            s.text = e.get_string().value_unsafe();
            break;
        case dom::element_type::INT64: {
            std::int64_t v = e.get_int64().value_unsafe();
            s.type = Scalar::Type::kNumber;
            s.number = static_cast<double>(v);
            number_text(v);
            break;
        }
        case dom::element_type::UINT64: {
            std::uint64_t v = e.get_uint64().value_unsafe();
            s.type = Scalar::Type::kNumber;
            s.number = static_cast<double>(v);
            number_text(v);
            break;
        }
        case dom::element_type::DOUBLE: {
            double v = e.get_double().value_unsafe();
            s.type = Scalar::Type::kNumber;
            s.number = v;
            number_text(v);
            break;
        }
        default:
            s.type = Scalar::Type::kOther;
    }
    return s;
}

bool condition_matches(const JsonCondition& cond, dom::element root) {
    using Test = JsonCondition::Test;
    const auto& steps = cond.selector.steps;
    switch (cond.test) {
        case Test::kNotExists: {
            auto any = [](dom::element) { return true; };
            return !resolve(steps, 0, root, any);
        }
        case Test::kIsNull: {
            auto is_null = [](dom::element e) { return e.is_null(); };
            return resolve(steps, 0, root, is_null);
        }
        case Test::kIsTrue:
        case Test::kIsFalse: {
            const bool want = cond.test == Test::kIsTrue;
            auto is_bool = [want](dom::element e) {
                bool b = false;
                return e.get_bool().get(b) == simdjson::SUCCESS && b == want;
            };
            return resolve(steps, 0, root, is_bool);
        }
        case Test::kCompare: {
            auto compare = [&cond](dom::element e) {
                std::array<char, 32> buffer{};
                Scalar s = to_scalar(e, buffer);
                if (s.type == Scalar::Type::kOther && (e.is_object() || e.is_array())) {
                    return false;
                }
                return evaluate(cond.comparison, s);
            };
            return resolve(steps, 0, root, compare);
        }
    }
    return false;
}

bool any_of_matches(const JsonNode& node, dom::element root) {
    auto equal_any = [&node](dom::element e) {
        std::array<char, 32> buffer;
        Scalar s = to_scalar(e, buffer);
        if (s.type == Scalar::Type::kOther) {
            return false;
        }
        for (const std::string& value : node.any_of) {
            if (s.text == value) {
                return true;
            }
        }
        return false;
    };
    return resolve(node.condition.selector.steps, 0, root, equal_any);
}

bool node_matches(const JsonNode& node, dom::element root) {
    switch (node.kind) {
        case JsonNode::Kind::kAnyOf:
            return any_of_matches(node, root);
        case JsonNode::Kind::kAnd:
            for (const JsonNode& child : node.children) {
                if (!node_matches(child, root)) {
                    return false;
                }
            }
            return true;
        case JsonNode::Kind::kOr:
            for (const JsonNode& child : node.children) {
                if (node_matches(child, root)) {
                    return true;
                }
            }
            return false;
        case JsonNode::Kind::kCondition:
            return condition_matches(node.condition, root);
    }
    return false;
}

// The number a wildcard-free selector reaches, as written in the message ("1.50", "1e3"), which
// the DOM does not keep: walk the text again with simdjson's On-Demand API. Only extract() uses
// this (once per matching event and selector), so the second parse is off the matching path.
std::optional<std::string> raw_number(const Selector& selector, std::string_view text) {
    namespace od = simdjson::ondemand;
    od::parser parser;
    simdjson::padded_string padded(text);
    od::document doc;
    od::value v;
    if (parser.iterate(padded).get(doc) != simdjson::SUCCESS ||
        doc.get_value().get(v) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    for (const SelectorStep& step : selector.steps) {
        if (step.kind == SelectorStep::Kind::kKey) {
            if (v.find_field_unordered(step.key).get(v) != simdjson::SUCCESS) {
                return std::nullopt;
            }
            continue;
        }
        od::array array;
        if (step.kind != SelectorStep::Kind::kIndex ||
            v.get_array().get(array) != simdjson::SUCCESS) {
            return std::nullopt;
        }
        std::size_t i = 0;
        bool found = false;
        for (auto element : array) {
            if (i++ == step.index) {
                found = element.get(v) == simdjson::SUCCESS;
                break;
            }
        }
        if (!found) {
            return std::nullopt;
        }
    }
    std::string_view raw = v.raw_json_token();
    while (!raw.empty() && is_space(raw.back())) {
        raw.remove_suffix(1);
    }
    return std::string(raw);
}

// `sel = "exact"` (no edge stars, not a number, regex or `*`): what kAnyOf can merge.
const JsonCondition* exact_string(const JsonNode& node) {
    if (node.kind != JsonNode::Kind::kCondition) {
        return nullptr;
    }
    const JsonCondition& c = node.condition;
    const Value& v = c.comparison.value;
    const bool exact = c.test == JsonCondition::Test::kCompare && c.comparison.op == Op::kEq &&
                       v.kind == Value::Kind::kString && !v.leading_star && !v.trailing_star;
    return exact ? &c : nullptr;
}

// Merges the exact-string conditions of an OR on the same selector into one kAnyOf child
// (an OR is order-independent, so merged children may move). Same verdicts, fewer lookups.
void merge_any_of(JsonNode& node) {
    for (JsonNode& child : node.children) {
        merge_any_of(child);
    }
    if (node.kind != JsonNode::Kind::kOr) {
        return;
    }
    std::vector<JsonNode> kept;
    for (JsonNode& child : node.children) {
        const JsonCondition* c = exact_string(child);
        JsonNode* group = nullptr;
        if (c != nullptr) {
            for (JsonNode& k : kept) {
                if (k.kind == JsonNode::Kind::kAnyOf &&
                    k.condition.selector.text == c->selector.text) {
                    group = &k;
                    break;
                }
            }
        }
        if (group != nullptr) {
            group->any_of.push_back(c->comparison.value.text);
        } else if (c != nullptr) {
            JsonNode merged;
            merged.kind = JsonNode::Kind::kAnyOf;
            merged.condition.selector = c->selector;
            merged.any_of.push_back(c->comparison.value.text);
            kept.push_back(std::move(merged));
        } else {
            kept.push_back(std::move(child));
        }
    }
    if (kept.size() == 1) {
        JsonNode only = std::move(kept.front());
        node = std::move(only);
    } else {
        node.children = std::move(kept);
    }
}

}  // namespace

Result<JsonPattern> parse_json_pattern(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    const std::size_t last = text.find_last_not_of(" \t\r\n");
    if (first == std::string_view::npos || text[first] != '{') {
        return syntax_error(text, 0, "A JSON filter pattern must start with '{'");
    }
    if (last == first || text[last] != '}') {
        return syntax_error(text, last, "If a filter pattern starts with '{' it must end with '}'");
    }
    Parser p{Cursor{text, first + 1, last}};
    p.c.skip_spaces();
    if (p.c.at_end()) {
        return syntax_error(text, first, "Empty JSON filter pattern: '{ }' has no condition");
    }
    JsonPattern out;
    TRIPLINE_ASSIGN_OR_RETURN(out.root, p.disjunction(0));
    p.c.skip_spaces();
    if (!p.c.at_end()) {
        if (p.c.peek() == ')') {
            return p.c.error("Unbalanced parentheses: unexpected ')'");
        }
        return p.c.error("Expected && or || between conditions");
    }
    out.regexes = p.regexes;
    merge_any_of(out.root);
    return out;
}

bool json_matches(const JsonPattern& pattern, const LogMessage& message) {
    const dom::element* root = message.json_object();
    return root != nullptr && node_matches(pattern.root, *root);
}

std::optional<std::string> json_extract(const Selector& selector, const LogMessage& message) {
    const dom::element* root = message.json_object();
    if (root == nullptr) {
        return std::nullopt;
    }
    std::optional<std::string> out;
    auto first = [&out](dom::element e) {
        std::array<char, 32> buffer{};
        Scalar s = to_scalar(e, buffer);
        if (s.type == Scalar::Type::kOther) {
            return false;  // null, booleans, objects, arrays: keep looking (wildcards)
        }
        out = std::string(s.text);
        return true;
    };
    bool number = false;
    auto first_number = [&](dom::element e) {
        number = e.is_number();
        return first(e);
    };
    resolve(selector.steps, 0, *root, first_number);
    if (out && number && !selector.has_wildcard) {
        if (auto raw = raw_number(selector, message.text())) {
            out = std::move(raw);
        }
    }
    return out;
}

}  // namespace tripline::filter_pattern::detail
