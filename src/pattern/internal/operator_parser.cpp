// Operator objects, checked in the order and with the wording of event-ruler's JsonRuleCompiler
// (a streaming parser: the first key is validated fully before extra keys are noticed).
#include <string>

#include "pattern/internal/parse_context.h"

namespace tripline::pattern::internal {
namespace {

using Type = JsonNode::Type;

constexpr const char* kOnlyOneKey = "Only one key allowed in match expression";
constexpr const char* kTooManyElements = "Too many elements in numeric expression";

void only_one_key(const JsonNode& object, const char* message = kOnlyOneKey) {
    if (object.members.size() > 1) {
        fail(message, object.members[1].key_offset);
    }
}

JsonNumber comparable_number(const JsonNode& node) {
    JsonNumber n = make_number(node.text);
    if (!n.comparable) {
        fail("Cannot compare number : " + node.text, node.offset);
    }
    return n;
}

// {"prefix":{"equals-ignore-case":"x"}} and the suffix form.
std::string parse_ignore_case_affix(const JsonNode& inner,
                                    const char* name_missing,
                                    const char* unsupported) {
    if (inner.members.empty()) {
        fail(name_missing, inner.offset);
    }
    const JsonMember& m = inner.members[0];
    if (m.key != "equals-ignore-case") {
        fail(std::string(unsupported) + m.key, m.key_offset);
    }
    if (m.value.type != Type::kString) {
        fail("equals-ignore-case match pattern must be a string", m.value.offset);
    }
    only_one_key(inner);
    return m.value.text;
}

void parse_numeric(const JsonNode& array, MatchExpr& expr) {
    const auto& e = array.elements;
    if (e.empty()) {
        fail("Invalid member in numeric match: ]", array.offset);
    }
    if (e[0].type != Type::kString) {
        fail("Invalid member in numeric match: " + e[0].token_text(), e[0].offset);
    }
    const std::string& op = e[0].text;
    auto operand = [&](std::size_t i, const std::string& name) -> const JsonNode& {
        if (i >= e.size() || e[i].type != Type::kNumber) {
            fail("Value of " + name + " must be numeric",
                 i < e.size() ? e[i].offset : array.offset);
        }
        return e[i];
    };
    NumericRange& r = expr.range;
    if (op == "=" || op == "<" || op == "<=") {
        const JsonNode& v = operand(1, op == "=" ? "equals" : op);
        if (e.size() > 2) {
            fail(kTooManyElements, e[2].offset);
        }
        double value = comparable_number(v).value;
        r.has_upper = true;
        r.upper = value;
        r.upper_inclusive = op != "<";
        if (op == "=") {
            r.has_lower = true;
            r.lower = value;
            r.lower_inclusive = true;
        }
        return;
    }
    if (op != ">" && op != ">=") {
        fail("Unrecognized numeric range operator: " + op, e[0].offset);
    }
    const JsonNode& low = operand(1, op);
    r.has_lower = true;
    r.lower_inclusive = op == ">=";
    if (e.size() == 2) {
        r.lower = comparable_number(low).value;
        return;
    }
    if (e[2].type != Type::kString) {
        fail("Bad value in numeric range: " + e[2].token_text(), e[2].offset);
    }
    const std::string& op2 = e[2].text;
    if (op2 != "<" && op2 != "<=") {
        fail("Bad numeric range operator: " + op2, e[2].offset);
    }
    const JsonNode& high = operand(3, op2);
    if (e.size() > 4) {
        fail("Too many terms in numeric range expression", e[4].offset);
    }
    r.lower = comparable_number(low).value;
    r.has_upper = true;
    r.upper_inclusive = op2 == "<=";
    r.upper = comparable_number(high).value;
    if (!(r.lower < r.upper)) {
        fail("Bottom must be less than top", e[3].offset);
    }
}

void parse_anything_but_list(const JsonNode& array, MatchExpr& expr) {
    bool has_string = false;
    bool has_number = false;
    for (const JsonNode& v : array.elements) {
        if (v.type == Type::kString) {
            has_string = true;
            expr.strings.push_back(v.text);
        } else if (v.type == Type::kNumber) {
            has_number = true;
            expr.numbers.push_back(comparable_number(v));
        } else {
            fail("Inside anything but list, start|null|boolean is not supported.", v.offset);
        }
    }
    if (has_string == has_number) {
        fail(
            "Inside anything but list, either all values are number or string, mixed type is not "
            "supported",
            array.offset);
    }
    expr.kind = has_number ? MatchKind::kAnythingButNumber : MatchKind::kAnythingButString;
}

// The value of {"anything-but":{"prefix"|"suffix"|"equals-ignore-case"|"wildcard": value}}.
void parse_anything_but_set_value(const JsonNode& v, MatchExpr& expr) {
    if (v.type == Type::kString) {
        bool affix = expr.kind == MatchKind::kAnythingButPrefix ||
                     expr.kind == MatchKind::kAnythingButSuffix;
        if (affix && v.text.empty()) {
            fail("Null prefix/suffix not allowed", v.offset);
        }
        if (expr.kind == MatchKind::kAnythingButWildcard) {
            std::string error;
            auto w = parse_wildcard(v.text, error);
            if (!w) {
                fail(error, v.offset);
            }
            expr.wildcards.push_back(std::move(*w));
        } else {
            expr.strings.push_back(v.text);
        }
        return;
    }
    switch (expr.kind) {
        case MatchKind::kAnythingButIgnoreCase:
            fail(
                "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not "
                "supported.",
                v.offset);
        case MatchKind::kAnythingButWildcard:
            fail("wildcard match pattern must be a string", v.offset);
        default:
            fail("prefix/suffix match pattern must be a string", v.offset);
    }
}

void parse_anything_but(const JsonNode& value, MatchExpr& expr) {
    const JsonNode* target = &value;
    const JsonNode* set_object = nullptr;
    if (value.type == Type::kObject) {
        if (value.members.empty()) {
            fail("Anything-But expression name not found", value.offset);
        }
        const JsonMember& m = value.members[0];
        if (m.key == "equals-ignore-case") {
            expr.kind = MatchKind::kAnythingButIgnoreCase;
        } else if (m.key == "prefix") {
            expr.kind = MatchKind::kAnythingButPrefix;
        } else if (m.key == "suffix") {
            expr.kind = MatchKind::kAnythingButSuffix;
        } else if (m.key == "wildcard") {
            expr.kind = MatchKind::kAnythingButWildcard;
        } else {
            fail("Unsupported anything-but pattern: " + m.key, m.key_offset);
        }
        target = &m.value;
        set_object = &value;
    }
    if (target->type != Type::kArray && target->type != Type::kString &&
        target->type != Type::kNumber) {
        fail("Value of anything-but must be an array or single string/number value.",
             target->offset);
    }
    if (set_object == nullptr) {
        if (target->type == Type::kArray) {
            parse_anything_but_list(*target, expr);
        } else if (target->type == Type::kString) {
            expr.kind = MatchKind::kAnythingButString;
            expr.strings.push_back(target->text);
        } else {
            expr.kind = MatchKind::kAnythingButNumber;
            expr.numbers.push_back(comparable_number(*target));
        }
        return;
    }
    if (target->type == Type::kArray) {
        for (const JsonNode& v : target->elements) {
            parse_anything_but_set_value(v, expr);
        }
        if (target->elements.empty()) {
            fail("Empty arrays are not allowed",
                 target->offset);  // engine: internal error (§6 #10)
        }
    } else {
        parse_anything_but_set_value(*target, expr);
    }
    only_one_key(*set_object, kTooManyElements);
}

}  // namespace

MatchExpr parse_operator(const JsonNode& object) {
    MatchExpr expr;
    expr.offset = object.offset;
    if (object.members.empty()) {
        fail("Match expression name not found", object.offset);
    }
    const std::string& name = object.members[0].key;
    const JsonNode& v = object.members[0].value;
    auto require_string = [&](const char* message) {
        if (v.type != Type::kString) {
            fail(message, v.offset);
        }
    };
    if (name == "exactly") {
        require_string("exact match pattern must be a string");
        expr.kind = MatchKind::kExactString;
        expr.strings.push_back(v.text);
    } else if (name == "prefix" || name == "suffix") {
        bool prefix = name == "prefix";
        if (v.type == Type::kObject) {
            expr.kind = prefix ? MatchKind::kPrefixIgnoreCase : MatchKind::kSuffixIgnoreCase;
            expr.strings.push_back(parse_ignore_case_affix(
                v,
                prefix ? "Prefix expression name not found" : "Suffix expression name not found",
                prefix ? "Unsupported prefix pattern: " : "Unsupported suffix pattern: "));
        } else {
            require_string(prefix ? "prefix match pattern must be a string"
                                  : "suffix match pattern must be a string");
            expr.kind = prefix ? MatchKind::kPrefix : MatchKind::kSuffix;
            expr.strings.push_back(v.text);
        }
    } else if (name == "numeric") {
        if (v.type != Type::kArray) {
            fail("Value of numeric must be an array.", v.offset);
        }
        expr.kind = MatchKind::kNumeric;
        parse_numeric(v, expr);
        only_one_key(object, kTooManyElements);
        return expr;
    } else if (name == "anything-but") {
        parse_anything_but(v, expr);
        only_one_key(object, kTooManyElements);
        return expr;
    } else if (name == "exists") {
        if (v.type != Type::kTrue && v.type != Type::kFalse) {
            fail("exists match pattern must be either true or false.", v.offset);
        }
        expr.kind = MatchKind::kExists;
        expr.exists = v.type == Type::kTrue;
    } else if (name == "cidr") {
        require_string("prefix match pattern must be a string");
        std::string error;
        auto block = parse_cidr(v.text, error);
        if (!block) {
            fail(error, v.offset);
        }
        expr.kind = MatchKind::kCidr;
        expr.cidr = std::move(*block);
    } else if (name == "equals-ignore-case") {
        require_string("equals-ignore-case match pattern must be a string");
        expr.kind = MatchKind::kEqualsIgnoreCase;
        expr.strings.push_back(v.text);
    } else if (name == "wildcard") {
        require_string("wildcard match pattern must be a string");
        std::string error;
        auto w = parse_wildcard(v.text, error);
        if (!w) {
            fail(error, v.offset);
        }
        expr.kind = MatchKind::kWildcard;
        expr.wildcards.push_back(std::move(*w));
    } else {
        fail("Unrecognized match type " + name, object.members[0].key_offset);
    }
    only_one_key(object);
    return expr;
}

}  // namespace tripline::pattern::internal
