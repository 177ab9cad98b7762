// The resources of CloudWatch Logs as Tripline keeps them: log groups (with their streams and
// metric filters, one state-store document per group), names and ARNs as AWS forms them, and the
// validation AWS applies to names, retention and metric transformations.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/coded_result.h"
#include "filter_pattern/filter_pattern.h"

namespace tripline::logs {

struct LogScope {
    std::string account_id;
    std::string region;
};

struct MetricTransformation {
    std::string metric_name;
    std::string metric_namespace;
    std::string metric_value;  // "1", "$.bytes" or "$size"
    std::optional<double> default_value;
    std::vector<std::pair<std::string, std::string>> dimensions;  // name, selector
    std::string unit;                                             // empty: None
};

struct MetricFilter {
    std::string name;
    std::string pattern_text;
    MetricTransformation transformation;
    std::int64_t creation_ms = 0;
    filter_pattern::FilterPattern pattern;
};

struct LogStream {
    std::string name;
    std::int64_t creation_ms = 0;
};

struct LogGroup {
    std::string name;
    std::string account_id;
    std::string region;
    std::int64_t creation_ms = 0;
    std::optional<int> retention_days;
    std::map<std::string, std::string> tags;
    std::map<std::string, LogStream> streams;
    std::vector<MetricFilter> metric_filters;  // by name

    // "arn:aws:logs:<region>:<account>:log-group:<name>" (DescribeLogGroups' logGroupArn; `arn`
    // adds ":*").
    std::string arn() const;
};

std::string log_group_arn(std::string_view region,
                          std::string_view account_id,
                          std::string_view name);
// A log group ARN as trails and EventBridge targets give it (with or without ":*"): its region,
// account and name; nullopt when it is not one.
struct ParsedGroupArn {
    std::string region;
    std::string account_id;
    std::string name;
};
std::optional<ParsedGroupArn> parse_log_group_arn(std::string_view arn);

// AWS's rules; the error names the member.
std::optional<CodedError> check_group_name(std::string_view name, std::string_view member);
std::optional<CodedError> check_stream_name(std::string_view name);
std::optional<CodedError> check_filter_name(std::string_view name);
std::optional<CodedError> check_retention_days(int days);
// The transformation against its pattern: metricValue a number or a selector the pattern can
// extract, dimensions only with selectors (≤ 3) and not with a defaultValue, a StandardUnit.
std::optional<CodedError> check_transformation(const MetricTransformation& t,
                                               const filter_pattern::FilterPattern& pattern);

nlohmann::json to_document(const LogGroup& group);
// Rebuilds a group from its document (patterns are compiled again); nullopt when unreadable.
std::optional<LogGroup> from_document(const nlohmann::json& document);

// InvalidParameterException with AWS's message shape.
CodedError invalid_parameter(std::string message);

}  // namespace tripline::logs
