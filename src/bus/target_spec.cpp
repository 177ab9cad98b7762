#include "bus/target_spec.h"

#include <nlohmann/json.hpp>

#include "base/arn.h"
#include "bus/bus_names.h"
#include "transform/target_input.h"

namespace tripline::bus {

namespace {

using Json = nlohmann::ordered_json;

std::string member_field(std::size_t index, std::string_view member) {
    return "targets." + std::to_string(index) + ".member." + std::string(member);
}

// A required or optional string member, checked against the model's length bounds.
Result<std::optional<std::string>> string_member(
    const Json& target, const char* key, std::string_view field, std::size_t max, bool required) {
    auto it = target.find(key);
    if (it == target.end() || it->is_null()) {
        if (required) {
            return model_violation(field, std::nullopt, "Member must not be null");
        }
        return std::optional<std::string>();
    }
    if (!it->is_string()) {
        return make_error(
            Errc::kInvalidArgument,
            "Start of structure or map found where not expected at '" + std::string(field) + "'.");
    }
    std::string value = it->get<std::string>();
    TRIPLINE_TRY(check_length(field, value, 1, max));
    return std::optional<std::string>(std::move(value));
}

Status check_int_range(
    const Json& object, const char* key, std::string_view field, int min, int max) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return ok_status();
    }
    if (!it->is_number_integer()) {
        return make_error(Errc::kInvalidArgument,
                          "Parameter " + std::string(field) + " must be an integer.");
    }
    const auto value = it->get<std::int64_t>();
    const std::string text = std::to_string(value);
    if (value < min) {
        return model_violation(
            field, text, "Member must have value greater than or equal to " + std::to_string(min));
    }
    if (value > max) {
        return model_violation(
            field, text, "Member must have value less than or equal to " + std::to_string(max));
    }
    return ok_status();
}

Status check_retry_policy(const Json& target, std::size_t index) {
    auto it = target.find("RetryPolicy");
    if (it == target.end() || it->is_null()) {
        return ok_status();
    }
    if (!it->is_object()) {
        return make_error(Errc::kInvalidArgument, "RetryPolicy must be an object.");
    }
    TRIPLINE_TRY(check_int_range(*it,
                                 "MaximumRetryAttempts",
                                 member_field(index, "retryPolicy.maximumRetryAttempts"),
                                 0,
                                 kMaxRetryAttempts));
    return check_int_range(*it,
                           "MaximumEventAgeInSeconds",
                           member_field(index, "retryPolicy.maximumEventAgeInSeconds"),
                           kMinEventAgeSeconds,
                           kMaxEventAgeSeconds);
}

Result<std::optional<std::string>> dead_letter_arn(const Json& target, std::size_t index) {
    auto it = target.find("DeadLetterConfig");
    if (it == target.end() || it->is_null()) {
        return std::optional<std::string>();
    }
    if (!it->is_object()) {
        return make_error(Errc::kInvalidArgument, "DeadLetterConfig must be an object.");
    }
    return string_member(
        *it, "Arn", member_field(index, "deadLetterConfig.arn"), kMaxArnLength, false);
}

std::optional<Error> entry_problem(const Json& target,
                                   const std::string& id,
                                   const std::string& arn,
                                   const std::optional<std::string>& dlq) {
    auto invalid = [](std::string message) {
        return std::optional<Error>(make_error(Errc::kInvalidArgument, std::move(message)));
    };
    switch (classify_target_arn(arn)) {
        case TargetKind::kMalformed:
            return invalid("Parameter " + arn +
                           " is not valid. Reason: Provided Arn is not in correct format.");
        case TargetKind::kLogGroup:
            if (arn.find(":log-group:") == std::string::npos) {
                return invalid("Parameter " + arn +
                               " is not valid. Reason: Provided Arn is not in correct format.");
            }
            break;
        case TargetKind::kApiDestination:
            break;
        case TargetKind::kOther:
            return invalid("Target " + arn +
                           " is not supported: Tripline delivers to SNS topics, SQS queues, event "
                           "buses, CloudWatch Logs log groups and local files "
                           "(arn:tripline:file:::<absolute path>).");
        case TargetKind::kFile:
            if (!file_target_path(arn).starts_with('/')) {
                return invalid("Parameter " + arn +
                               " is not valid. Reason: a file target names an absolute path, "
                               "e.g. arn:tripline:file:::/var/log/tripline/events.jsonl.");
            }
            break;
        case TargetKind::kSqsQueue: {
            auto params = target.find("SqsParameters");
            const bool has_group =
                params != target.end() && params->is_object() && params->contains("MessageGroupId");
            if (arn.ends_with(".fifo") && !has_group) {
                return invalid("Parameter(s) SqsParameters must be specified for target: " + id +
                               ".");
            }
            break;
        }
        case TargetKind::kSnsTopic:
        case TargetKind::kEventBus:
            break;
    }
    if (dlq && classify_target_arn(*dlq) != TargetKind::kSqsQueue) {
        return invalid("Parameter DeadLetterConfig.Arn is not valid. Reason: " + *dlq +
                       " is not an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue>).");
    }
    return std::nullopt;
}

}  // namespace

TargetKind classify_target_arn(std::string_view text) {
    if (text.starts_with(kFileTargetArnPrefix)) {
        return TargetKind::kFile;
    }
    auto arn = parse_arn(text);
    if (!arn) {
        return TargetKind::kMalformed;
    }
    const bool scoped = !arn->region.empty() && is_valid_account_id(arn->account_id);
    const bool plain_name = arn->resource.find_first_of("/:") == std::string::npos;
    if (arn->service == "sns") {
        return scoped && plain_name ? TargetKind::kSnsTopic : TargetKind::kMalformed;
    }
    if (arn->service == "sqs") {
        return scoped && plain_name ? TargetKind::kSqsQueue : TargetKind::kMalformed;
    }
    if (arn->service == "events") {
        if (!scoped) {
            return TargetKind::kMalformed;
        }
        if (arn->resource_type() == "event-bus" && !arn->resource_id().empty()) {
            return TargetKind::kEventBus;
        }
        if (arn->resource_type() == "api-destination") {
            return TargetKind::kApiDestination;
        }
        return TargetKind::kOther;
    }
    if (arn->service == "logs") {
        return TargetKind::kLogGroup;
    }
    return TargetKind::kOther;
}

std::string_view file_target_path(std::string_view arn) {
    if (!arn.starts_with(kFileTargetArnPrefix)) {
        return {};
    }
    return arn.substr(kFileTargetArnPrefix.size());
}

Result<TargetCheck> check_target(std::string_view target_json, std::size_t index) {
    Json target = Json::parse(target_json, nullptr, false);
    if (target.is_discarded() || !target.is_object()) {
        return make_error(Errc::kInvalidArgument,
                          "Start of structure or map found where not expected.");
    }
    TRIPLINE_ASSIGN_OR_RETURN(
        auto id, string_member(target, "Id", member_field(index, "id"), kMaxTargetIdLength, true));
    TRIPLINE_TRY(check_target_id(*id, member_field(index, "id")));
    TRIPLINE_ASSIGN_OR_RETURN(
        auto arn, string_member(target, "Arn", member_field(index, "arn"), kMaxArnLength, true));
    TRIPLINE_TRY(
        string_member(target, "RoleArn", member_field(index, "roleArn"), kMaxArnLength, false));
    TRIPLINE_TRY(check_retry_policy(target, index));
    TRIPLINE_ASSIGN_OR_RETURN(auto dlq, dead_letter_arn(target, index));

    // The input settings, compiled the way dispatch will compile them.
    transform::TemplateOptions options;
    options.target_id = *id;
    TRIPLINE_TRY(transform::parse_target_input(target_json, options));

    TargetCheck check;
    check.entry.id = *id;
    check.entry.arn = *arn;
    check.entry.json = target.dump();
    check.entry_error = entry_problem(target, *id, *arn, dlq);
    return check;
}

}  // namespace tripline::bus
