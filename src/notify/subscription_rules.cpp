#include "notify/subscription_rules.h"

#include <nlohmann/json.hpp>

#include "base/arn.h"
#include "notify/email_message.h"
#include "notify/topic_delivery_policy.h"
#include "pattern/filter_policy.h"

namespace tripline::notify {

namespace {

Error invalid(std::string_view reason) {
    return make_error(Errc::kInvalidArgument, "Invalid parameter: " + std::string(reason));
}

bool is_http(std::string_view protocol) { return protocol == "http" || protocol == "https"; }

bool has_control_or_space(std::string_view text) {
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7F) {
            return true;
        }
    }
    return false;
}

bool is_sqs_queue_arn(std::string_view text) {
    auto arn = parse_arn(text);
    if (!arn.has_value() || arn->service != "sqs" || arn->region.empty() ||
        !is_valid_account_id(arn->account_id) || arn->resource.size() > 80) {
        return false;
    }
    for (char c : arn->resource) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

Status validate_filter_policy(const std::map<std::string, std::string>& attributes) {
    auto scope_it = attributes.find("FilterPolicyScope");
    auto scope = pattern::FilterPolicyScope::kMessageAttributes;
    if (scope_it != attributes.end() && !scope_it->second.empty()) {
        auto parsed = pattern::parse_filter_policy_scope(scope_it->second);
        if (!parsed.has_value()) {
            return make_error(Errc::kInvalidArgument, parsed.error().message);
        }
        scope = *parsed;
    }
    auto policy_it = attributes.find("FilterPolicy");
    if (policy_it == attributes.end() || policy_it->second.empty()) {
        return ok_status();
    }
    auto policy = pattern::parse_filter_policy(policy_it->second, scope);
    if (!policy.has_value()) {
        // Complexity limits are InvalidParameter in SNS too (FilterPolicyLimitExceeded is about
        // the number of policies per topic/account).
        return make_error(Errc::kInvalidArgument, policy.error().message);
    }
    return ok_status();
}

Status validate_redrive_policy(std::string_view value) {
    auto doc = nlohmann::json::parse(value, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return invalid("RedrivePolicy: the policy is not a JSON object");
    }
    for (const auto& [key, v] : doc.items()) {
        if (key != "deadLetterTargetArn") {
            return invalid("RedrivePolicy: Unrecognized field \"" + key + "\"");
        }
    }
    auto it = doc.find("deadLetterTargetArn");
    if (it == doc.end() || !it->is_string() || !is_sqs_queue_arn(it->get<std::string>())) {
        return invalid("RedrivePolicy: Invalid deadLetterTargetArn");
    }
    return ok_status();
}

}  // namespace

Status validate_protocol(std::string_view protocol) {
    if (protocol == "email" || protocol == "email-json" || is_http(protocol) || protocol == "sqs") {
        return ok_status();
    }
    if (protocol == "sms" || protocol == "application" || protocol == "lambda" ||
        protocol == "firehose") {
        return invalid("Protocol Reason: Tripline does not deliver to the " +
                       std::string(protocol) +
                       " protocol (supported: email, email-json, http, https, sqs)");
    }
    return invalid("Amazon SNS does not support this protocol string: " + std::string(protocol));
}

bool protocol_confirms_by_message(std::string_view protocol) { return protocol != "sqs"; }

Status validate_endpoint(std::string_view protocol, std::string_view endpoint) {
    if (protocol == "email" || protocol == "email-json") {
        return is_valid_email_address(endpoint) ? ok_status() : invalid("Email address");
    }
    if (is_http(protocol)) {
        std::string_view scheme = protocol == "http" ? "http://" : "https://";
        std::string prefix = lower(endpoint.substr(0, scheme.size()));
        if (prefix != scheme) {
            return invalid("Endpoint must match the specified protocol");
        }
        std::string_view rest = endpoint.substr(scheme.size());
        std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
        if (host.empty() || endpoint.size() > 2048 || has_control_or_space(endpoint)) {
            return invalid("Endpoint");
        }
        return ok_status();
    }
    if (protocol == "sqs") {
        return is_sqs_queue_arn(endpoint) ? ok_status() : invalid("SQS endpoint ARN");
    }
    return validate_protocol(protocol);
}

bool is_subscription_attribute(std::string_view name) {
    return name == "FilterPolicy" || name == "FilterPolicyScope" || name == "RawMessageDelivery" ||
           name == "DeliveryPolicy" || name == "RedrivePolicy";
}

std::string normalize_subscription_attribute(std::string_view name, std::string_view value) {
    if (name == "RawMessageDelivery") {
        std::string v = lower(value);
        return v == "true" || v == "false" ? v : std::string(value);
    }
    if (name == "FilterPolicy") {
        auto doc = nlohmann::json::parse(value, nullptr, false);
        if (!doc.is_discarded() && doc.is_object() && doc.empty()) {
            return "";
        }
    }
    return std::string(value);
}

Status validate_subscription_attributes(std::string_view protocol,
                                        const std::map<std::string, std::string>& attributes) {
    for (const auto& [name, value] : attributes) {
        if (!is_subscription_attribute(name)) {
            return invalid("AttributeName");
        }
        if (value.empty()) {
            continue;
        }
        if (name == "RawMessageDelivery") {
            if (value != "true" && value != "false") {
                return invalid("Attributes Reason: RawMessageDelivery: Invalid value [" + value +
                               "]. Must be true or false.");
            }
            if (value == "true" && !is_http(protocol) && protocol != "sqs") {
                return invalid("Delivery protocol [" + std::string(protocol) +
                               "] does not support raw message delivery attribute");
            }
        } else if (name == "DeliveryPolicy") {
            if (!is_http(protocol)) {
                return invalid("DeliveryPolicy: Delivery protocol [" + std::string(protocol) +
                               "] does not support delivery policies");
            }
            TRIPLINE_TRY(validate_subscription_delivery_policy(value));
        } else if (name == "RedrivePolicy") {
            TRIPLINE_TRY(validate_redrive_policy(value));
        }
    }
    return validate_filter_policy(attributes);
}

}  // namespace tripline::notify
