#include "bus/target_invocation.h"

#include <nlohmann/json.hpp>

#include "json/json_writer.h"

namespace tripline::bus {

namespace {

using Json = nlohmann::ordered_json;

void append_member(std::string& out, std::string_view key, std::string_view value) {
    out += ',';
    json::append_escaped_string(out, key);
    out += ':';
    json::append_escaped_string(out, value);
}

}  // namespace

std::string to_json(const TargetInvocation& inv) {
    std::string out;
    out.reserve(256 + inv.target_json.size() + inv.input.size() +
                (inv.event == inv.input ? 0 : inv.event.size()) * 11 / 10);
    out += "{\"event_id\":";
    json::append_escaped_string(out, inv.event_id);
    append_member(out, "rule_arn", inv.rule_arn);
    append_member(out, "rule_name", inv.rule_name);
    append_member(out, "account", inv.account);
    append_member(out, "region", inv.region);
    append_member(out, "bus_name", inv.bus_name);
    out += ",\"target\":";
    out += inv.target_json.empty() ? std::string_view("{}") : std::string_view(inv.target_json);
    append_member(out, "input", inv.input);
    if (inv.event != inv.input) {
        append_member(out, "event", inv.event);
    }
    append_member(out, "event_time", inv.event_time);
    append_member(out, "ingestion_time", inv.ingestion_time);
    out += '}';
    return out;
}

Result<TargetInvocation> parse_target_invocation(std::string_view text) {
    Json doc = Json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return make_error(Errc::kInvalidArgument, "target invocation: not a JSON object");
    }
    Status status = ok_status();
    auto get = [&](const char* key, bool required) -> std::string {
        auto it = doc.find(key);
        if (it == doc.end() || !it->is_string()) {
            if (required && status) {
                status = make_error(Errc::kInvalidArgument,
                                    std::string("target invocation: missing string member ") + key);
            }
            return {};
        }
        return it->get<std::string>();
    };
    TargetInvocation inv;
    inv.event_id = get("event_id", true);
    inv.rule_arn = get("rule_arn", true);
    inv.rule_name = get("rule_name", true);
    inv.account = get("account", true);
    inv.region = get("region", true);
    inv.bus_name = get("bus_name", false);
    inv.input = get("input", true);
    inv.event_time = get("event_time", false);
    inv.ingestion_time = get("ingestion_time", false);
    auto event = doc.find("event");
    inv.event = event != doc.end() && event->is_string() ? event->get<std::string>() : inv.input;
    auto target = doc.find("target");
    if (target == doc.end() || !target->is_object()) {
        return make_error(Errc::kInvalidArgument, "target invocation: missing object 'target'");
    }
    inv.target_json = target->dump();
    TRIPLINE_TRY(status);
    return inv;
}

Result<TargetSettings> parse_target_settings(std::string_view target_json) {
    Json target = Json::parse(target_json, nullptr, false);
    if (target.is_discarded() || !target.is_object() || !target.contains("Id") ||
        !target["Id"].is_string() || !target.contains("Arn") || !target["Arn"].is_string()) {
        return make_error(Errc::kInvalidArgument,
                          "target: expected an object with string Id and Arn");
    }
    TargetSettings s;
    s.id = target["Id"].get<std::string>();
    s.arn = target["Arn"].get<std::string>();
    if (auto dlq = target.find("DeadLetterConfig"); dlq != target.end() && dlq->is_object()) {
        s.dead_letter_arn = dlq->value("Arn", std::string());
    }
    if (auto sqs = target.find("SqsParameters"); sqs != target.end() && sqs->is_object()) {
        s.message_group_id = sqs->value("MessageGroupId", std::string());
    }
    if (auto retry = target.find("RetryPolicy"); retry != target.end() && retry->is_object()) {
        if (auto n = retry->find("MaximumRetryAttempts");
            n != retry->end() && n->is_number_integer()) {
            s.maximum_retry_attempts = n->get<int>();
        }
        if (auto n = retry->find("MaximumEventAgeInSeconds");
            n != retry->end() && n->is_number_integer()) {
            s.maximum_event_age_seconds = n->get<int>();
        }
    }
    if (auto http = target.find("HttpParameters"); http != target.end() && http->is_object()) {
        s.http_parameters = http->dump();
    }
    return s;
}

}  // namespace tripline::bus
