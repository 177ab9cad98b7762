#include "notify/topic_attributes.h"

#include <array>
#include <nlohmann/json.hpp>

#include "notify/topic_delivery_policy.h"

namespace tripline::notify {

namespace {

Error invalid(std::string_view reason) {
    return make_error(Errc::kInvalidArgument, "Invalid parameter: " + std::string(reason));
}

bool is_feedback_attribute(std::string_view name) {
    static constexpr std::array<std::string_view, 5> kPrefixes = {
        "HTTP", "SQS", "Lambda", "Application", "Firehose"};
    static constexpr std::array<std::string_view, 3> kSuffixes = {
        "SuccessFeedbackRoleArn", "SuccessFeedbackSampleRate", "FailureFeedbackRoleArn"};
    for (std::string_view prefix : kPrefixes) {
        if (!name.starts_with(prefix)) {
            continue;
        }
        for (std::string_view suffix : kSuffixes) {
            if (name.substr(prefix.size()) == suffix) {
                return true;
            }
        }
    }
    return false;
}

bool is_json_object(std::string_view text) {
    auto doc = nlohmann::json::parse(text, nullptr, false);
    return !doc.is_discarded() && doc.is_object();
}

}  // namespace

Status validate_topic_attribute(std::string_view name, std::string_view value) {
    if (name == "FifoTopic" || name == "ContentBasedDeduplication" || name == "ArchivePolicy" ||
        name == "FifoThroughputScope") {
        if (value.empty() || value == "false") {
            return ok_status();
        }
        return invalid("Attributes Reason: " + std::string(name) +
                       ": FIFO topics are not supported by Tripline");
    }
    if (value.empty()) {
        // Clears the attribute; every known name may be cleared.
        if (name == "DisplayName" || name == "Policy" || name == "DeliveryPolicy" ||
            name == "SignatureVersion" || name == "TracingConfig" || name == "KmsMasterKeyId" ||
            name == "DataProtectionPolicy" || is_feedback_attribute(name)) {
            return ok_status();
        }
        return invalid("AttributeName");
    }
    if (name == "DisplayName") {
        if (value.size() > 100) {
            return invalid("DisplayName");
        }
        for (char c : value) {
            if (static_cast<unsigned char>(c) < 0x20) {
                return invalid("DisplayName");
            }
        }
        return ok_status();
    }
    if (name == "Policy") {
        if (value.size() > 30 * 1024 || !is_json_object(value)) {
            return invalid("Policy Error: the policy is not a valid JSON document");
        }
        return ok_status();
    }
    if (name == "DataProtectionPolicy") {
        return is_json_object(value) ? ok_status() : invalid("DataProtectionPolicy");
    }
    if (name == "DeliveryPolicy") {
        return validate_topic_delivery_policy(value);
    }
    if (name == "SignatureVersion") {
        return value == "1" || value == "2"
                   ? ok_status()
                   : invalid("Attributes Reason: SignatureVersion: Invalid value [" +
                             std::string(value) + "]. Should be one of [1, 2]");
    }
    if (name == "TracingConfig") {
        return value == "PassThrough" || value == "Active"
                   ? ok_status()
                   : invalid("Attributes Reason: TracingConfig: Invalid value [" +
                             std::string(value) + "]. Should be one of [PassThrough, Active]");
    }
    if (name == "KmsMasterKeyId") {
        return value.size() <= 2048 ? ok_status() : invalid("KmsMasterKeyId");
    }
    if (is_feedback_attribute(name)) {
        if (name.ends_with("SampleRate")) {
            int rate = 0;
            for (char c : value) {
                if (c < '0' || c > '9' || rate > 100) {
                    return invalid(std::string(name));
                }
                rate = rate * 10 + (c - '0');
            }
            return rate <= 100 ? ok_status() : invalid(std::string(name));
        }
        return ok_status();
    }
    return invalid("AttributeName");
}

std::string default_topic_policy(std::string_view topic_arn, std::string_view account_id) {
    nlohmann::ordered_json statement = {
        {"Sid", "__default_statement_ID"},
        {"Effect", "Allow"},
        {"Principal", {{"AWS", "*"}}},
        {"Action",
         {"SNS:GetTopicAttributes",
          "SNS:SetTopicAttributes",
          "SNS:AddPermission",
          "SNS:RemovePermission",
          "SNS:DeleteTopic",
          "SNS:Subscribe",
          "SNS:ListSubscriptionsByTopic",
          "SNS:Publish"}},
        {"Resource", topic_arn},
        {"Condition", {{"StringEquals", {{"AWS:SourceOwner", account_id}}}}},
    };
    nlohmann::ordered_json policy = {
        {"Version", "2008-10-17"},
        {"Id", "__default_policy_ID"},
        {"Statement", nlohmann::ordered_json::array({std::move(statement)})},
    };
    return policy.dump();
}

}  // namespace tripline::notify
