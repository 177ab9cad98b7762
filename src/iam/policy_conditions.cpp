// Condition operators (AWS's "IAM JSON policy elements: Condition operators"): each operator is a
// positive comparison of one request value with one condition value, possibly negated, combined
// across values and keys as the policy evaluation logic documents.
#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "iam/policy_internal.h"

namespace tripline::iam::detail {

namespace {

enum class Family {
    kString,
    kStringIgnoreCase,
    kStringLike,
    kNumeric,
    kDate,
    kBool,
    kBinary,
    kIp,
    kArn,
    kNull
};
enum class Compare { kEq, kLt, kLe, kGt, kGe };

struct Operator {
    std::string_view name;
    Family family;
    Compare compare;
    bool negated;
};

constexpr std::array<Operator, 27> kOperators{{
    {"StringEquals", Family::kString, Compare::kEq, false},
    {"StringNotEquals", Family::kString, Compare::kEq, true},
    {"StringEqualsIgnoreCase", Family::kStringIgnoreCase, Compare::kEq, false},
    {"StringNotEqualsIgnoreCase", Family::kStringIgnoreCase, Compare::kEq, true},
    {"StringLike", Family::kStringLike, Compare::kEq, false},
    {"StringNotLike", Family::kStringLike, Compare::kEq, true},
    {"NumericEquals", Family::kNumeric, Compare::kEq, false},
    {"NumericNotEquals", Family::kNumeric, Compare::kEq, true},
    {"NumericLessThan", Family::kNumeric, Compare::kLt, false},
    {"NumericLessThanEquals", Family::kNumeric, Compare::kLe, false},
    {"NumericGreaterThan", Family::kNumeric, Compare::kGt, false},
    {"NumericGreaterThanEquals", Family::kNumeric, Compare::kGe, false},
    {"DateEquals", Family::kDate, Compare::kEq, false},
    {"DateNotEquals", Family::kDate, Compare::kEq, true},
    {"DateLessThan", Family::kDate, Compare::kLt, false},
    {"DateLessThanEquals", Family::kDate, Compare::kLe, false},
    {"DateGreaterThan", Family::kDate, Compare::kGt, false},
    {"DateGreaterThanEquals", Family::kDate, Compare::kGe, false},
    {"Bool", Family::kBool, Compare::kEq, false},
    {"BinaryEquals", Family::kBinary, Compare::kEq, false},
    {"IpAddress", Family::kIp, Compare::kEq, false},
    {"NotIpAddress", Family::kIp, Compare::kEq, true},
    {"ArnEquals", Family::kArn, Compare::kEq, false},
    {"ArnLike", Family::kArn, Compare::kEq, false},
    {"ArnNotEquals", Family::kArn, Compare::kEq, true},
    {"ArnNotLike", Family::kArn, Compare::kEq, true},
    {"Null", Family::kNull, Compare::kEq, false},
}};

const Operator* find_operator(std::string_view name) {
    for (const auto& op : kOperators) {
        if (op.name == name) {
            return &op;
        }
    }
    return nullptr;
}

bool compare(double a, double b, Compare how) {
    switch (how) {
        case Compare::kEq:
            return a == b;
        case Compare::kLt:
            return a < b;
        case Compare::kLe:
            return a <= b;
        case Compare::kGt:
            return a > b;
        case Compare::kGe:
            return a >= b;
    }
    return false;
}

std::optional<double> parse_number(std::string_view s) {
    double value = 0;
    if (!s.empty() && s.front() == '+') {
        s.remove_prefix(1);
    }
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
        return std::nullopt;
    }
    return value;
}

// Epoch seconds of an ISO 8601 timestamp ("2026-11-28T10:00:00Z", "...+02:00", "2026-11-28") or
// of an epoch number, the two forms AWS accepts for Date* operators.
std::optional<double> parse_date(std::string_view s) {
    if (auto epoch = parse_number(s)) {
        return epoch;
    }
    std::string text(s);
    if (text.size() == 10) {
        text += "T00:00:00Z";
    }
    double offset = 0;
    if (text.size() > 19 && (text[text.size() - 6] == '+' || text[text.size() - 6] == '-') &&
        text[text.size() - 3] == ':') {
        auto hours = parse_number(std::string_view(text).substr(text.size() - 5, 2));
        auto minutes = parse_number(std::string_view(text).substr(text.size() - 2, 2));
        if (!hours || !minutes) {
            return std::nullopt;
        }
        offset = (*hours * 3600 + *minutes * 60) * (text[text.size() - 6] == '+' ? 1 : -1);
        text.resize(text.size() - 6);
        text += 'Z';
    }
    TimePoint when;
    if (!parse_iso8601(text, when)) {
        return std::nullopt;
    }
    auto since = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch());
    return static_cast<double>(since.count()) / 1000.0 - offset;
}

struct IpNet {
    int family = 0;
    std::array<unsigned char, 16> bytes{};
    int prefix = 0;
};

// "203.0.113.0/24", "2001:db8::/32" or a plain address (a full-length prefix).
std::optional<IpNet> parse_ip(std::string_view s) {
    IpNet net;
    std::string_view address = s;
    std::optional<int> prefix;
    if (auto slash = s.find('/'); slash != std::string_view::npos) {
        address = s.substr(0, slash);
        std::string_view digits = s.substr(slash + 1);
        int value = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
            return std::nullopt;
        }
        prefix = value;
    }
    if (address.empty() || address.size() > 45) {
        return std::nullopt;
    }
    std::string text(address);
    net.family = text.find(':') == std::string::npos ? AF_INET : AF_INET6;
    if (inet_pton(net.family, text.c_str(), net.bytes.data()) != 1) {
        return std::nullopt;
    }
    int bits = net.family == AF_INET ? 32 : 128;
    net.prefix = prefix.value_or(bits);
    if (net.prefix < 0 || net.prefix > bits) {
        return std::nullopt;
    }
    return net;
}

bool ip_in(const IpNet& address, const IpNet& network) {
    if (address.family != network.family) {
        return false;
    }
    int full = network.prefix / 8;
    if (std::memcmp(address.bytes.data(), network.bytes.data(), static_cast<std::size_t>(full)) !=
        0) {
        return false;
    }
    int rest = network.prefix % 8;
    if (rest == 0) {
        return true;
    }
    auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
    return (address.bytes[full] & mask) == (network.bytes[full] & mask);
}

// The six colon-separated parts of an ARN (the resource part keeps its own colons).
std::vector<MatchPattern> split_arn(const MatchPattern& arn) {
    std::vector<MatchPattern> parts(1);
    for (std::size_t i = 0; i < arn.text.size(); ++i) {
        if (arn.text[i] == ':' && parts.size() < 6) {
            parts.emplace_back();
            continue;
        }
        parts.back().append(std::string_view(&arn.text[i], 1), arn.literal[i]);
    }
    return parts;
}

// ArnEquals and ArnLike alike compare each ARN part with wildcards, case-sensitively.
bool arn_match(const MatchPattern& pattern, std::string_view value) {
    auto wanted = split_arn(pattern);
    if (wanted.size() < 6) {
        return pattern_match(pattern, value, false);
    }
    MatchPattern plain;
    plain.append(value, true);
    auto actual = split_arn(plain);
    if (actual.size() < 6) {
        return false;
    }
    for (std::size_t i = 0; i < 6; ++i) {
        if (!pattern_match(wanted[i], actual[i].text, false)) {
            return false;
        }
    }
    return true;
}

// The operator's positive comparison of one request value with one (expanded) condition value.
bool positive_match(const Operator& op, std::string_view request, const MatchPattern& condition) {
    const std::string& want = condition.text;
    switch (op.family) {
        case Family::kString:
        case Family::kBinary:
            return request == want;
        case Family::kStringIgnoreCase:
            return iequals(request, want);
        case Family::kStringLike:
            return pattern_match(condition, request, false);
        case Family::kNumeric: {
            auto a = parse_number(request);
            auto b = parse_number(want);
            return a && b && compare(*a, *b, op.compare);
        }
        case Family::kDate: {
            auto a = parse_date(request);
            auto b = parse_date(want);
            return a && b && compare(*a, *b, op.compare);
        }
        case Family::kBool:
            return (iequals(want, "true") || iequals(want, "false")) && iequals(request, want);
        case Family::kIp: {
            auto address = parse_ip(request);
            auto network = parse_ip(want);
            return address && network && ip_in(*address, *network);
        }
        case Family::kArn:
            return arn_match(condition, request);
        case Family::kNull:
            return false;  // handled before any value comparison
    }
    return false;
}

}  // namespace

bool is_condition_operator(std::string_view op) { return find_operator(op) != nullptr; }

bool decompose_condition_operator(std::string_view full, PolicyCondition& out) {
    std::string_view rest = full;
    out.set.clear();
    for (std::string_view prefix : {"ForAnyValue:", "ForAllValues:"}) {
        if (rest.substr(0, prefix.size()) == prefix) {
            out.set = std::string(prefix.substr(0, prefix.size() - 1));
            rest.remove_prefix(prefix.size());
            break;
        }
    }
    constexpr std::string_view kIfExists = "IfExists";
    out.if_exists =
        rest.size() > kIfExists.size() && rest.substr(rest.size() - kIfExists.size()) == kIfExists;
    if (out.if_exists) {
        rest.remove_suffix(kIfExists.size());
    }
    const Operator* op = find_operator(rest);
    if (op == nullptr || (op->family == Family::kNull && (out.if_exists || !out.set.empty()))) {
        return false;  // "NullIfExists" means nothing: Null already tests presence
    }
    out.op = std::string(rest);
    return true;
}

bool condition_matches(const PolicyCondition& condition,
                       const RequestContext& request,
                       bool variables) {
    const Operator* op = find_operator(condition.op);
    if (op == nullptr) {
        return false;
    }
    const auto* values = find_context_key(request, condition.key);
    if (op->family == Family::kNull) {
        for (const auto& v : condition.values) {
            if ((iequals(v, "true") && values == nullptr) ||
                (iequals(v, "false") && values != nullptr)) {
                return true;
            }
        }
        return false;
    }
    if (values == nullptr) {
        // AWS: IfExists and ForAllValues hold vacuously; a negated operator holds because the
        // absent value equals nothing; every other operator needs the key.
        if (condition.set == "ForAnyValue") {
            return false;
        }
        return condition.if_exists || condition.set == "ForAllValues" || op->negated;
    }
    std::vector<MatchPattern> wanted;
    wanted.reserve(condition.values.size());
    for (const auto& v : condition.values) {
        if (auto expanded = expand_variables(v, request, variables)) {
            wanted.push_back(std::move(*expanded));  // an unresolved variable matches nothing
        }
    }
    // One request value against the condition's values: OR across values, then negation.
    auto value_matches = [&](const std::string& actual) {
        bool any = false;
        for (const auto& w : wanted) {
            if (positive_match(*op, actual, w)) {
                any = true;
                break;
            }
        }
        return op->negated ? !any : any;
    };
    bool any_value = false;
    bool all_values = true;
    for (const auto& actual : *values) {
        bool m = value_matches(actual);
        any_value = any_value || m;
        all_values = all_values && m;
    }
    if (condition.set == "ForAllValues") {
        return all_values;
    }
    if (condition.set == "ForAnyValue") {
        return any_value;
    }
    // A plain operator on a multi-valued key: positive when some value matches, negated when no
    // value matches any condition value.
    return op->negated ? all_values : any_value;
}

}  // namespace tripline::iam::detail
