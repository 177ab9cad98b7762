#include "pattern/pattern_parser.h"

#include <array>
#include <string>

#include "base/text_position.h"
#include "pattern/internal/parse_context.h"
#include "pattern/internal/pattern_json.h"

namespace tripline::pattern {
namespace {

using internal::fail;
using internal::JsonNode;
using internal::PatternFailure;
using Type = JsonNode::Type;

// Field names that make event-ruler's $or compiler give up (spec §2.9).
constexpr std::array<std::string_view, 24> kReservedInOr = {"exactly",
                                                            "equals-ignore-case",
                                                            "prefix",
                                                            "suffix",
                                                            "anything-but",
                                                            "exists",
                                                            "wildcard",
                                                            "numeric",
                                                            "cidr",
                                                            "=",
                                                            "<",
                                                            "<=",
                                                            ">",
                                                            ">=",
                                                            "regex",
                                                            "not-wildcard",
                                                            "not-equals-ignore-case",
                                                            "date-after",
                                                            "date-on-or-after",
                                                            "date-before",
                                                            "date-on-or-before",
                                                            "in-date-range",
                                                            "ip-address-in-range",
                                                            "ip-address-not-in-range"};

std::size_t utf16_length(std::string_view text) {
    std::size_t n = 0;
    for (char c : text) {
        auto b = static_cast<unsigned char>(c);
        if ((b & 0xC0) != 0x80) {
            n += b >= 0xF0 ? 2 : 1;
        }
    }
    return n;
}

// Builds the AST from the JSON tree. `or_mode` = event-ruler's JsonRuleCompiler ($or understood);
// without it, the older RuleCompiler that AWS falls back to when the first one rejects the rule.
class AstBuilder {
public:
    explicit AstBuilder(bool or_mode) : or_mode_(or_mode) {}

    bool saw_or() const { return saw_or_; }

    ObjectNode object(const JsonNode& node, bool inside_or) {
        ObjectNode out;
        out.offset = node.offset;
        if (node.members.empty()) {
            fail("Empty objects are not allowed", node.offset);
        }
        for (const internal::JsonMember& m : node.members) {
            FieldNode field;
            field.key = m.key;
            field.offset = m.key_offset;
            if (m.key == "$or" && or_mode_) {
                saw_or_ = true;
                field.kind = FieldNode::Kind::kOr;
                field.alternatives = or_alternatives(m.value);
                out.fields.push_back(std::move(field));
                continue;
            }
            if (m.key == "$or") {
                saw_or_ = true;
            }
            if (inside_or && internal::is_reserved_in_or(m.key)) {
                fail(m.key + " is Ruler reserved fieldName which cannot be used inside $or.",
                     m.key_offset);
            }
            if (m.value.type == Type::kObject) {
                field.kind = FieldNode::Kind::kObject;
                field.object = object(m.value, inside_or);
            } else if (m.value.type == Type::kArray) {
                field.kind = FieldNode::Kind::kLeaf;
                field.leaf = leaf(m.value);
            } else {
                fail("\"" + m.key + "\" must be an object or an array", m.value.offset);
            }
            out.fields.push_back(std::move(field));
        }
        return out;
    }

private:
    std::vector<ObjectNode> or_alternatives(const JsonNode& value) {
        if (value.type != Type::kArray) {
            fail("It must be an Array followed with $or.", value.offset);
        }
        std::vector<ObjectNode> alternatives;
        for (const JsonNode& e : value.elements) {
            if (e.type != Type::kObject) {
                fail("Only JSON object is allowed in array of $or relationship.", e.offset);
            }
            alternatives.push_back(object(e, true));
        }
        if (alternatives.size() < 2) {
            fail("There must have at least 2 Objects in $or relationship.", value.offset);
        }
        return alternatives;
    }

    static Leaf leaf(const JsonNode& array) {
        Leaf out;
        out.offset = array.offset;
        for (const JsonNode& e : array.elements) {
            MatchExpr expr;
            expr.offset = e.offset;
            switch (e.type) {
                case Type::kObject:
                    out.exprs.push_back(internal::parse_operator(e));
                    continue;
                case Type::kString:
                    expr.kind = MatchKind::kExactString;
                    expr.strings.push_back(e.text);
                    break;
                case Type::kNumber:
                    expr.kind = MatchKind::kExactNumber;
                    expr.numbers.push_back(make_number(e.text));
                    break;
                case Type::kTrue:
                    expr.kind = MatchKind::kExactTrue;
                    break;
                case Type::kFalse:
                    expr.kind = MatchKind::kExactFalse;
                    break;
                case Type::kNull:
                    expr.kind = MatchKind::kExactNull;
                    break;
                case Type::kArray:
                    fail("Match value must be String, number, true, false, or null", e.offset);
            }
            out.exprs.push_back(std::move(expr));
        }
        if (out.exprs.empty()) {
            fail("Empty arrays are not allowed", array.offset);
        }
        return out;
    }

    bool or_mode_;
    bool saw_or_ = false;
};

Error make_pattern_error(std::string_view text, std::string message, std::size_t offset) {
    TextSpan span;
    span.begin = position_at(text, offset);
    return make_error(Errc::kInvalidArgument, std::move(message), span);
}

}  // namespace

bool is_unlocated_reason(std::string_view reason) {
    for (std::string_view p : {"Malformed CIDR",
                               "IPv4 mask bits",
                               "IPv6 mask bits",
                               "Nonstandard IP address",
                               "Invalid IP address",
                               "Rule is too complex"}) {
        if (reason.substr(0, p.size()) == p) {
            return true;
        }
    }
    return false;
}

Result<PatternAst> parse_pattern(std::string_view text) {
    std::size_t length = utf16_length(text);
    if (length > kMaxPatternLength) {
        return make_error(Errc::kLimitExceeded,
                          "Event pattern is too long: " + std::to_string(length) +
                              " characters (the limit is " + std::to_string(kMaxPatternLength) +
                              ")");
    }
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || text[first] != '{') {
        // event-ruler looks at the first token only.
        return make_pattern_error(
            text, "Filter is not an object", first == std::string_view::npos ? text.size() : first);
    }
    JsonNode root;
    internal::JsonSyntaxError syntax;
    if (!internal::parse_json(text, root, syntax)) {
        return make_pattern_error(text, syntax.message, syntax.offset);
    }
    PatternAst ast;
    ast.text = std::string(text);
    AstBuilder with_or(true);
    try {
        ast.root = with_or.object(root, false);
        return ast;
    } catch (const PatternFailure& f) {
        // AWS retries a rejected rule with the compiler that has no $or, and reports that one's
        // verdict; errors thrown outside the JSON parser (CIDR) are not retried.
        if (!with_or.saw_or() || is_unlocated_reason(f.message)) {
            return make_pattern_error(text, f.message, f.offset);
        }
    }
    try {
        AstBuilder without_or(false);
        ast.root = without_or.object(root, false);
        return ast;
    } catch (const PatternFailure& f) {
        return make_pattern_error(text, f.message, f.offset);
    }
}

std::string format_invalid_pattern_message(const Error& error, std::string_view pattern_text) {
    std::string out = "Event pattern is not valid. Reason: " + error.message;
    if (!is_unlocated_reason(error.message) && error.where) {
        out += "\n at [Source: (String)\"" + std::string(pattern_text) +
               "\"; line: " + std::to_string(error.where->begin.line) +
               ", column: " + std::to_string(error.where->begin.column) + "]";
    }
    return out;
}

namespace internal {

bool is_reserved_in_or(std::string_view key) {
    for (std::string_view r : kReservedInOr) {
        if (r == key) {
            return true;
        }
    }
    return false;
}

}  // namespace internal

}  // namespace tripline::pattern
