// FilterPolicy: an SNS subscription filter policy (sns.md §8, eventbridge.md §7), the SNS dialect
// of the event-pattern language. It shares the pattern engine's JSON reader, operator parser,
// compiler and matcher, and adds SNS's own rules:
//   * FilterPolicyScope MessageAttributes (default): the policy is flat (no nested objects; `$or`
//     allowed) and is matched against typed message attributes: String (a string), Number (a
//     number, compared by value), String.Array (its JSON array text; the attribute matches when an
//     element matches, except anything-but, which matches only when no element is excluded);
//     Binary attributes are ignored. A message without attributes matches no policy.
//   * FilterPolicyScope MessageBody: the policy may nest and is matched against the JSON body like
//     an event pattern (arrays, dotted keys, array consistency); a body that is not a JSON object
//     matches nothing.
//   * Operators: exact strings/numbers/booleans/null, prefix, suffix, equals-ignore-case,
//     anything-but (string or number values, `prefix`), numeric, exists, cidr, `$or`. Refused:
//     wildcard and exactly ("Unrecognized match type X"), anything-but suffix/equals-ignore-case/
//     wildcard ("Unsupported anything-but pattern: X"), the equals-ignore-case forms of prefix and
//     suffix ("Unsupported prefix pattern: equals-ignore-case").
//   * Limits: ≤ 5 keys (attribute scope: keys per alternative; body scope: top-level keys per
//     alternative), ≤ 150 combinations (the product of the value-array sizes, summed over `$or`
//     alternatives), numbers within ±1e9 with ≤ 5 decimal places, policy ≤ 256 KiB.
//
// Errors: Errc::kInvalidArgument / kLimitExceeded, Error.message in SNS's words: "Invalid
// parameter: FilterPolicy: <reason>" (+ "\n at [Source: ...; line: L, column: C]" for located
// reasons), Error.where the position. Scope names: parse_filter_policy_scope().
// A FilterPolicy is immutable after parsing and safe to share between threads; the match functions
// are pure.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "pattern/event_pattern.h"

namespace tripline::pattern {

inline constexpr std::size_t kMaxFilterPolicyBytes = 256 * 1024;
inline constexpr std::size_t kMaxFilterPolicyKeys = 5;
inline constexpr std::size_t kMaxFilterPolicyCombinations = 150;
inline constexpr double kMaxFilterPolicyNumber = 1e9;

enum class FilterPolicyScope { kMessageAttributes, kMessageBody };

// "MessageAttributes" / "MessageBody"; anything else: "Invalid parameter: FilterPolicyScope:
// Invalid value [X]. Please use either MessageBody or MessageAttributes".
Result<FilterPolicyScope> parse_filter_policy_scope(std::string_view text);

// One SNS message attribute as published: DataType "String", "Number", "String.Array", "Binary"
// (custom suffixes such as "Number.float" count as their base type); value as its StringValue.
struct MessageAttribute {
    std::string name;
    std::string data_type;
    std::string value;
};

class FilterPolicy {
public:
    FilterPolicyScope scope() const { return scope_; }
    const EventPattern& pattern() const { return pattern_; }
    std::string_view text() const { return pattern_.text(); }

private:
    friend Result<FilterPolicy> parse_filter_policy(std::string_view, FilterPolicyScope);

    FilterPolicyScope scope_ = FilterPolicyScope::kMessageAttributes;
    EventPattern pattern_;
};

Result<FilterPolicy> parse_filter_policy(
    std::string_view text, FilterPolicyScope scope = FilterPolicyScope::kMessageAttributes);

// MessageAttributes scope: whether a message with these attributes is delivered. False for a
// policy of the other scope.
bool matches_attributes(const FilterPolicy& policy, std::span<const MessageAttribute> attributes);

// MessageBody scope: whether a message with this body is delivered. False for a policy of the
// other scope and for bodies that are not JSON objects.
bool matches_body(const FilterPolicy& policy, std::string_view body);

}  // namespace tripline::pattern
