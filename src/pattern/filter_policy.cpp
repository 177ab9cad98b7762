#include "pattern/filter_policy.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <set>
#include <vector>

#include "base/text_position.h"
#include "pattern/internal/parse_context.h"
#include "pattern/internal/pattern_json.h"
#include "pattern/matcher.h"
#include "pattern/pattern_parser.h"

namespace tripline::pattern {
namespace {

using internal::fail;
using internal::JsonNode;
using internal::PatternFailure;
using Type = JsonNode::Type;

constexpr std::string_view kPrefix = "Invalid parameter: FilterPolicy: ";
constexpr std::string_view kNestedInAttributes =
    "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter "
    "policy";

// Thrown for errors whose full message is not "Invalid parameter: FilterPolicy: ...".
struct ScopeFailure {
    std::size_t offset;
};

// SNS accepts a subset of the operators (eventbridge.md §7).
void check_sns_operator(const JsonNode& op) {
    if (op.members.size() != 1) {
        return;  // the shared operator parser reports it with the engine's wording
    }
    const internal::JsonMember& m = op.members[0];
    if (m.key == "wildcard" || m.key == "exactly") {
        fail("Unrecognized match type " + m.key, m.key_offset);
    }
    if ((m.key == "prefix" || m.key == "suffix") && m.value.type == Type::kObject &&
        !m.value.members.empty()) {
        fail("Unsupported " + m.key + " pattern: " + m.value.members[0].key,
             m.value.members[0].key_offset);
    }
    if (m.key == "anything-but" && m.value.type == Type::kObject && !m.value.members.empty()) {
        const std::string& inner = m.value.members[0].key;
        if (inner == "suffix" || inner == "equals-ignore-case" || inner == "wildcard") {
            fail("Unsupported anything-but pattern: " + inner, m.value.members[0].key_offset);
        }
    }
}

bool number_in_limits(double v) {
    if (std::fabs(v) > kMaxFilterPolicyNumber) {
        return false;
    }
    const double scaled = v * 1e5;
    return std::fabs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, std::fabs(scaled));
}

void check_numbers(const MatchExpr& e) {
    constexpr const char* kRange =
        "Numeric values must be between -1.0E9 and 1.0E9 inclusive, with at most 5 digits after "
        "the decimal point";
    for (const JsonNumber& n : e.numbers) {
        if (!n.comparable || !number_in_limits(n.value)) {
            fail(kRange, e.offset);
        }
    }
    if (e.kind == MatchKind::kNumeric) {
        if ((e.range.has_lower && !number_in_limits(e.range.lower)) ||
            (e.range.has_upper && !number_in_limits(e.range.upper))) {
            fail(kRange, e.offset);
        }
    }
}

// The engine's AST builder with SNS's restrictions (pattern_parser.cpp is the EventBridge one).
class PolicyBuilder {
public:
    PolicyBuilder(bool or_mode, FilterPolicyScope scope) : or_mode_(or_mode), scope_(scope) {}

    bool saw_or() const { return saw_or_; }

    ObjectNode object(const JsonNode& node, bool inside_or, int depth) {
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
                field.alternatives = or_alternatives(m.value, depth);
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
                if (scope_ == FilterPolicyScope::kMessageAttributes) {
                    throw ScopeFailure{m.value.offset};
                }
                field.kind = FieldNode::Kind::kObject;
                field.object = object(m.value, inside_or, depth + 1);
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
    std::vector<ObjectNode> or_alternatives(const JsonNode& value, int depth) {
        if (value.type != Type::kArray) {
            fail("It must be an Array followed with $or.", value.offset);
        }
        std::vector<ObjectNode> alternatives;
        for (const JsonNode& e : value.elements) {
            if (e.type != Type::kObject) {
                fail("Only JSON object is allowed in array of $or relationship.", e.offset);
            }
            alternatives.push_back(object(e, true, depth));
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
                    check_sns_operator(e);
                    expr = internal::parse_operator(e);
                    break;
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
            check_numbers(expr);
            out.exprs.push_back(std::move(expr));
        }
        if (out.exprs.empty()) {
            fail("Empty arrays are not allowed", array.offset);
        }
        return out;
    }

    bool or_mode_;
    FilterPolicyScope scope_;
    bool saw_or_ = false;
};

Error policy_error(std::string_view text, const std::string& reason, std::size_t offset) {
    TextSpan span;
    span.begin = position_at(text, offset);
    std::string message = std::string(kPrefix) + reason;
    if (!is_unlocated_reason(reason)) {
        message += "\n at [Source: (String)\"" + std::string(text) +
                   "\"; line: " + std::to_string(span.begin.line) +
                   ", column: " + std::to_string(span.begin.column) + "]";
    }
    return make_error(Errc::kInvalidArgument, std::move(message), span);
}

Result<PatternAst> build_ast(std::string_view text, const JsonNode& root, FilterPolicyScope scope) {
    PatternAst ast;
    ast.text = std::string(text);
    PolicyBuilder with_or(true, scope);
    try {
        ast.root = with_or.object(root, false, 0);
        return ast;
    } catch (const PatternFailure& f) {
        if (!with_or.saw_or() || is_unlocated_reason(f.message)) {
            return policy_error(text, f.message, f.offset);
        }
    } catch (const ScopeFailure& f) {
        TextSpan span;
        span.begin = position_at(text, f.offset);
        return make_error(Errc::kInvalidArgument, std::string(kNestedInAttributes), span);
    }
    try {
        PolicyBuilder without_or(false, scope);
        ast.root = without_or.object(root, false, 0);
        return ast;
    } catch (const PatternFailure& f) {
        return policy_error(text, f.message, f.offset);
    } catch (const ScopeFailure& f) {
        TextSpan span;
        span.begin = position_at(text, f.offset);
        return make_error(Errc::kInvalidArgument, std::string(kNestedInAttributes), span);
    }
}

std::string_view top_level_key(std::string_view path) { return path.substr(0, path.find('.')); }

}  // namespace

Result<FilterPolicyScope> parse_filter_policy_scope(std::string_view text) {
    if (text == "MessageAttributes") {
        return FilterPolicyScope::kMessageAttributes;
    }
    if (text == "MessageBody") {
        return FilterPolicyScope::kMessageBody;
    }
    return make_error(Errc::kInvalidArgument,
                      "Invalid parameter: FilterPolicyScope: Invalid value [" + std::string(text) +
                          "]. Please use either MessageBody or MessageAttributes");
}

Result<FilterPolicy> parse_filter_policy(std::string_view text, FilterPolicyScope scope) {
    if (text.size() > kMaxFilterPolicyBytes) {
        return make_error(Errc::kLimitExceeded,
                          std::string(kPrefix) + "Filter policy is too long: " +
                              std::to_string(text.size()) + " bytes (the limit is 262144)");
    }
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || text[first] != '{') {
        return policy_error(
            text, "Filter is not an object", first == std::string_view::npos ? text.size() : first);
    }
    JsonNode root;
    internal::JsonSyntaxError syntax;
    if (!internal::parse_json(text, root, syntax)) {
        return policy_error(text, syntax.message, syntax.offset);
    }
    TRIPLINE_ASSIGN_OR_RETURN(PatternAst ast, build_ast(text, root, scope));
    auto compiled = compile_pattern(std::move(ast));
    if (!compiled) {
        Error e = std::move(compiled).error();
        e.message = std::string(kPrefix) +
                    (e.message == kRuleTooComplex || e.message == "Rule is too complex"
                         ? std::string("Filter policy is too complex")
                         : e.message);
        return e;
    }
    // SNS limits, counted on the expanded alternatives.
    std::size_t combinations = 0;
    for (const Branch& branch : compiled->branches()) {
        std::set<std::string_view> keys;
        std::size_t product = 1;
        for (const Constraint& c : branch.constraints) {
            std::string_view path = compiled->paths().name(c.slot);
            keys.insert(scope == FilterPolicyScope::kMessageBody ? top_level_key(path) : path);
            product = std::min<std::size_t>(product * c.leaf->exprs.size(), 1u << 20);
        }
        if (keys.size() > kMaxFilterPolicyKeys) {
            return make_error(Errc::kLimitExceeded,
                              std::string(kPrefix) + "Filter policy can not have more than 5 keys");
        }
        combinations = std::min<std::size_t>(combinations + product, 1u << 20);
    }
    if (combinations > kMaxFilterPolicyCombinations) {
        return make_error(Errc::kLimitExceeded,
                          std::string(kPrefix) + "Filter policy is too complex");
    }
    FilterPolicy policy;
    policy.scope_ = scope;
    policy.pattern_ = std::move(*compiled);
    return policy;
}

namespace {

enum class AttributeKind { kString, kNumber, kStringArray, kIgnored };

AttributeKind attribute_kind(std::string_view data_type) {
    if (data_type == "String.Array") {
        return AttributeKind::kStringArray;
    }
    std::string_view base = data_type.substr(0, data_type.find('.'));
    if (base == "String") {
        return AttributeKind::kString;
    }
    if (base == "Number") {
        return AttributeKind::kNumber;
    }
    return AttributeKind::kIgnored;  // Binary
}

struct AttributeValues {
    bool is_array = false;
    std::vector<EventValue> values;
};

EventValue string_value(std::string_view text) {
    EventValue v;
    v.type = ValueType::kString;
    v.text = text;
    return v;
}

EventValue number_value(std::string_view text) {
    EventValue v;
    v.type = ValueType::kNumber;
    v.text = text;
    classify_number(text, v.number, v.comparable);
    return v;
}

bool leaf_satisfied(const Constraint& c, const AttributeValues* attr) {
    if (attr == nullptr || attr->values.empty()) {
        return c.absent_ok;
    }
    for (const MatchExpr& e : c.leaf->exprs) {
        if (e.kind == MatchKind::kExists) {
            if (e.exists) {
                return true;
            }
            continue;
        }
        const bool anything_but =
            e.kind == MatchKind::kAnythingButString || e.kind == MatchKind::kAnythingButNumber ||
            e.kind == MatchKind::kAnythingButPrefix || e.kind == MatchKind::kAnythingButSuffix ||
            e.kind == MatchKind::kAnythingButIgnoreCase ||
            e.kind == MatchKind::kAnythingButWildcard;
        if (anything_but && attr->is_array) {
            // Newest SNS docs: a String.Array passes anything-but only when no element is listed.
            bool all = true;
            for (const EventValue& v : attr->values) {
                all = all && expr_matches(e, v);
            }
            if (all) {
                return true;
            }
            continue;
        }
        for (const EventValue& v : attr->values) {
            if (expr_matches(e, v)) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace

bool matches_attributes(const FilterPolicy& policy, std::span<const MessageAttribute> attributes) {
    if (policy.scope() != FilterPolicyScope::kMessageAttributes || attributes.empty()) {
        return false;
    }
    std::deque<std::string> storage;  // decoded String.Array elements (stable addresses)
    std::map<std::string_view, AttributeValues> by_name;
    for (const MessageAttribute& a : attributes) {
        AttributeValues values;
        switch (attribute_kind(a.data_type)) {
            case AttributeKind::kString:
                values.values.push_back(string_value(a.value));
                break;
            case AttributeKind::kNumber:
                if (is_json_number(a.value)) {
                    values.values.push_back(number_value(a.value));
                }
                break;
            case AttributeKind::kStringArray: {
                JsonNode array;
                internal::JsonSyntaxError error;
                if (!internal::parse_json(a.value, array, error) || array.type != Type::kArray) {
                    values.values.push_back(string_value(a.value));
                    break;
                }
                values.is_array = true;
                for (const JsonNode& e : array.elements) {
                    EventValue v;
                    switch (e.type) {
                        case Type::kString:
                            storage.push_back(e.text);
                            v = string_value(storage.back());
                            break;
                        case Type::kNumber:
                            storage.push_back(e.text);
                            v = number_value(storage.back());
                            break;
                        case Type::kTrue:
                            v.type = ValueType::kTrue;
                            break;
                        case Type::kFalse:
                            v.type = ValueType::kFalse;
                            break;
                        case Type::kNull:
                            v.type = ValueType::kNull;
                            break;
                        default:
                            continue;  // nested objects and arrays never match
                    }
                    values.values.push_back(v);
                }
                break;
            }
            case AttributeKind::kIgnored:
                continue;
        }
        by_name.emplace(a.name, std::move(values));  // a repeated name: the first wins
    }
    const EventPattern& pattern = policy.pattern();
    for (const Branch& branch : pattern.branches()) {
        bool all = true;
        for (const Constraint& c : branch.constraints) {
            auto it = by_name.find(pattern.paths().name(c.slot));
            if (!leaf_satisfied(c, it == by_name.end() ? nullptr : &it->second)) {
                all = false;
                break;
            }
        }
        if (all) {
            return true;
        }
    }
    return false;
}

bool matches_body(const FilterPolicy& policy, std::string_view body) {
    if (policy.scope() != FilterPolicyScope::kMessageBody) {
        return false;
    }
    auto verdict = matches(policy.pattern(), body);
    return verdict && *verdict;
}

}  // namespace tripline::pattern
