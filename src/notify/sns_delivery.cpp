#include "notify/sns_delivery.h"

#include <nlohmann/json.hpp>

namespace tripline::notify {

namespace {

Status read_string(const nlohmann::json& doc,
                   const char* key,
                   std::string& out,
                   bool required = false) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) {
        if (required) {
            return make_error(Errc::kInvalidArgument,
                              std::string("SNS delivery lacks member '") + key + "'");
        }
        return ok_status();
    }
    if (!it->is_string()) {
        return make_error(Errc::kInvalidArgument,
                          std::string("SNS delivery member '") + key + "' is not a string");
    }
    out = it->get<std::string>();
    return ok_status();
}

}  // namespace

std::string to_json(const SnsDelivery& d) {
    nlohmann::json doc = {
        {"type", d.type},
        {"message_id", d.message_id},
        {"topic_arn", d.topic_arn},
        {"subscription_arn", d.subscription_arn},
        {"protocol", d.protocol},
        {"endpoint", d.endpoint},
        {"region", d.region},
        {"subject", d.subject},
        {"message", d.message},
        {"timestamp", d.timestamp},
        {"token", d.token},
        {"subscribe_url", d.subscribe_url},
        {"unsubscribe_url", d.unsubscribe_url},
        {"confirmation_url", d.confirmation_url},
        {"signature_version", d.signature_version},
        {"display_name", d.display_name},
        {"raw_message_delivery", d.raw_message_delivery},
        {"delivery_policy", d.delivery_policy},
        {"redrive_policy", d.redrive_policy},
    };
    nlohmann::json attributes = nlohmann::json::array();
    for (const SnsMessageAttribute& a : d.message_attributes) {
        attributes.push_back({{"name", a.name}, {"type", a.type}, {"value", a.value}});
    }
    doc["message_attributes"] = std::move(attributes);
    return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<SnsDelivery> parse_sns_delivery(std::string_view json) {
    nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return make_error(Errc::kInvalidArgument, "SNS delivery is not a JSON object");
    }
    SnsDelivery d;
    TRIPLINE_TRY(read_string(doc, "type", d.type, true));
    TRIPLINE_TRY(read_string(doc, "message_id", d.message_id, true));
    TRIPLINE_TRY(read_string(doc, "topic_arn", d.topic_arn, true));
    TRIPLINE_TRY(read_string(doc, "subscription_arn", d.subscription_arn));
    TRIPLINE_TRY(read_string(doc, "protocol", d.protocol, true));
    TRIPLINE_TRY(read_string(doc, "endpoint", d.endpoint, true));
    TRIPLINE_TRY(read_string(doc, "region", d.region));
    TRIPLINE_TRY(read_string(doc, "subject", d.subject));
    TRIPLINE_TRY(read_string(doc, "message", d.message));
    TRIPLINE_TRY(read_string(doc, "timestamp", d.timestamp));
    TRIPLINE_TRY(read_string(doc, "token", d.token));
    TRIPLINE_TRY(read_string(doc, "subscribe_url", d.subscribe_url));
    TRIPLINE_TRY(read_string(doc, "unsubscribe_url", d.unsubscribe_url));
    TRIPLINE_TRY(read_string(doc, "confirmation_url", d.confirmation_url));
    TRIPLINE_TRY(read_string(doc, "signature_version", d.signature_version));
    TRIPLINE_TRY(read_string(doc, "display_name", d.display_name));
    TRIPLINE_TRY(read_string(doc, "delivery_policy", d.delivery_policy));
    TRIPLINE_TRY(read_string(doc, "redrive_policy", d.redrive_policy));
    if (auto it = doc.find("raw_message_delivery"); it != doc.end() && it->is_boolean()) {
        d.raw_message_delivery = it->get<bool>();
    }
    if (auto it = doc.find("message_attributes"); it != doc.end() && it->is_array()) {
        for (const auto& a : *it) {
            SnsMessageAttribute attr;
            if (!a.is_object()) {
                return make_error(Errc::kInvalidArgument,
                                  "SNS delivery message attribute is not an object");
            }
            TRIPLINE_TRY(read_string(a, "name", attr.name, true));
            TRIPLINE_TRY(read_string(a, "type", attr.type, true));
            TRIPLINE_TRY(read_string(a, "value", attr.value));
            d.message_attributes.push_back(std::move(attr));
        }
    }
    return d;
}

}  // namespace tripline::notify
