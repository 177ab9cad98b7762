#include "notify/queue_attributes.h"

#include <array>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>

#include "base/arn.h"

namespace tripline::notify {

namespace {

struct IntegerRange {
    std::string_view name;
    long long min;
    long long max;
};

// SQS's documented ranges (CreateQueue, botocore's sqs model).
constexpr std::array kIntegerAttributes = {
    IntegerRange{"DelaySeconds", 0, 900},
    IntegerRange{"MaximumMessageSize", 1024, 1048576},
    IntegerRange{"MessageRetentionPeriod", 60, 1209600},
    IntegerRange{"ReceiveMessageWaitTimeSeconds", 0, 20},
    IntegerRange{"VisibilityTimeout", 0, 43200},
    IntegerRange{"KmsDataKeyReusePeriodSeconds", 60, 86400},
};

constexpr std::array<std::string_view, 5> kOtherSettable = {
    "RedrivePolicy", "RedriveAllowPolicy", "Policy", "SqsManagedSseEnabled", "KmsMasterKeyId"};

constexpr std::array<std::string_view, 6> kReadOnly = {"ApproximateNumberOfMessages",
                                                       "ApproximateNumberOfMessagesNotVisible",
                                                       "ApproximateNumberOfMessagesDelayed",
                                                       "CreatedTimestamp",
                                                       "LastModifiedTimestamp",
                                                       "QueueArn"};

constexpr std::array<std::string_view, 4> kFifo = {
    "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"};

std::optional<long long> parse_integer(std::string_view text) {
    long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

Error invalid_value(std::string_view name) {
    return make_error(Errc::kInvalidArgument,
                      "Invalid value for the parameter " + std::string(name) + ".");
}

Error invalid_redrive(std::string_view json, std::string_view reason) {
    return make_error(
        Errc::kInvalidArgument,
        "Value " + std::string(json) +
            " for parameter RedrivePolicy is invalid. Reason: " + std::string(reason));
}

}  // namespace

bool is_queue_attribute_name(std::string_view name) {
    for (const auto& range : kIntegerAttributes) {
        if (range.name == name) {
            return true;
        }
    }
    for (auto list : {std::span<const std::string_view>(kOtherSettable),
                      std::span<const std::string_view>(kReadOnly),
                      std::span<const std::string_view>(kFifo)}) {
        for (std::string_view known : list) {
            if (known == name) {
                return true;
            }
        }
    }
    return false;
}

bool is_settable_queue_attribute(std::string_view name) {
    for (const auto& range : kIntegerAttributes) {
        if (range.name == name) {
            return true;
        }
    }
    for (std::string_view known : kOtherSettable) {
        if (known == name) {
            return true;
        }
    }
    return false;
}

bool is_fifo_queue_attribute(std::string_view name) {
    for (std::string_view known : kFifo) {
        if (known == name) {
            return true;
        }
    }
    return false;
}

QueueAttributeMap default_queue_attributes() {
    return {
        {"DelaySeconds", "0"},
        {"MaximumMessageSize", "1048576"},
        {"MessageRetentionPeriod", "345600"},
        {"ReceiveMessageWaitTimeSeconds", "0"},
        {"VisibilityTimeout", "30"},
        {"SqsManagedSseEnabled", "true"},
    };
}

Status validate_queue_attribute(std::string_view name, std::string_view value) {
    for (const auto& range : kIntegerAttributes) {
        if (range.name == name) {
            auto number = parse_integer(value);
            if (!number || *number < range.min || *number > range.max) {
                return invalid_value(name);
            }
            return ok_status();
        }
    }
    if (name == "SqsManagedSseEnabled") {
        return value == "true" || value == "false" ? ok_status() : Status(invalid_value(name));
    }
    if (name == "KmsMasterKeyId") {
        return ok_status();
    }
    if (name == "RedrivePolicy") {
        if (value.empty()) {
            return ok_status();
        }
        TRIPLINE_TRY(parse_redrive_policy(value));
        return ok_status();
    }
    if (name == "RedriveAllowPolicy" || name == "Policy") {
        if (value.empty()) {
            return ok_status();
        }
        auto parsed = nlohmann::json::parse(value, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object()) {
            return invalid_value(name);
        }
        return ok_status();
    }
    return make_error(Errc::kInvalidArgument, "Unknown Attribute " + std::string(name) + ".");
}

Result<RedrivePolicy> parse_redrive_policy(std::string_view json) {
    auto parsed = nlohmann::json::parse(json, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        return invalid_redrive(json, "Redrive policy is not a valid JSON map.");
    }
    RedrivePolicy policy;
    auto arn = parsed.find("deadLetterTargetArn");
    if (arn == parsed.end() || !arn->is_string()) {
        return invalid_redrive(json,
                               "Redrive policy does not contain mandatory attribute: "
                               "deadLetterTargetArn.");
    }
    policy.dead_letter_target_arn = arn->get<std::string>();
    auto parsed_arn = parse_arn(policy.dead_letter_target_arn);
    if (!parsed_arn || parsed_arn->service != "sqs") {
        return invalid_redrive(json, "Invalid value for deadLetterTargetArn.");
    }
    auto count = parsed.find("maxReceiveCount");
    if (count == parsed.end()) {
        return invalid_redrive(json,
                               "Redrive policy does not contain mandatory attribute: "
                               "maxReceiveCount.");
    }
    std::optional<long long> number;
    if (count->is_number_integer()) {
        number = count->get<long long>();
    } else if (count->is_string()) {
        number = parse_integer(count->get<std::string>());
    }
    if (!number || *number < 1 || *number > 1000) {
        return invalid_redrive(json,
                               "Invalid value for maxReceiveCount: " + count->dump() +
                                   ", valid values are from 1 to 1000 both inclusive.");
    }
    policy.max_receive_count = static_cast<int>(*number);
    return policy;
}

int queue_attribute_int(const QueueAttributeMap& attributes, std::string_view name, int fallback) {
    auto it = attributes.find(name);
    if (it == attributes.end()) {
        return fallback;
    }
    auto number = parse_integer(it->second);
    return number ? static_cast<int>(*number) : fallback;
}

}  // namespace tripline::notify
