#include "app/config_resources.h"

#include <nlohmann/json.hpp>

#include "json/json_writer.h"
#include "pattern/event_pattern.h"

namespace tripline::app {

nlohmann::json read_api_declaration(
    ConfigReader& r,
    const YAML::Node& node,
    std::string_view what,
    const std::map<std::string, std::function<void(const YAML::Node&)>, std::less<>>& own,
    const std::set<std::string, std::less<>>& api_keys,
    std::string_view expected) {
    nlohmann::json document = nlohmann::json::object();
    for (const auto& kv : node) {
        const std::string key = kv.first.Scalar();
        const YAML::Node& value = kv.second;
        if (auto handler = own.find(key); handler != own.end()) {
            handler->second(value);
        } else if (api_keys.contains(key)) {
            nlohmann::json parsed = nlohmann::json::parse(yaml_to_json(value), nullptr, false);
            if (parsed.is_discarded()) {
                r.error(value, std::string(what) + " " + key + " is not a valid value");
                continue;
            }
            document[key] = std::move(parsed);
        } else {
            r.error(kv.first,
                    "unknown " + std::string(what) + " key '" + key + "' (expected " +
                        std::string(expected) + ")");
        }
    }
    return document;
}

std::string json_document(ConfigReader& r, const YAML::Node& node, std::string_view what) {
    if (node.IsScalar()) {
        nlohmann::json parsed = nlohmann::json::parse(node.Scalar(), nullptr, false);
        if (parsed.is_discarded()) {
            r.error(node, std::string(what) + " is not valid JSON");
            return {};
        }
        return parsed.dump();
    }
    return yaml_to_json(node);
}

namespace {

bool is_quoted(const YAML::Node& node) { return node.Tag() == "!"; }

void append_scalar(std::string& out, const YAML::Node& node) {
    const std::string& s = node.Scalar();
    if (!is_quoted(node)) {
        if (s == "true" || s == "false") {
            out += s;
            return;
        }
        if (s == "null" || s == "~") {
            out += "null";
            return;
        }
        // A plain scalar that is a JSON number stays a number (patterns compare numbers).
        nlohmann::json number = nlohmann::json::parse(s, nullptr, false);
        if (!s.empty() && !number.is_discarded() && number.is_number()) {
            out += s;
            return;
        }
    }
    json::append_escaped_string(out, s);
}

void append_node(std::string& out, const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: {
            out += '{';
            bool first = true;
            for (const auto& kv : node) {
                out += first ? "" : ",";
                first = false;
                json::append_escaped_string(out, kv.first.Scalar());
                out += ':';
                append_node(out, kv.second);
            }
            out += '}';
            return;
        }
        case YAML::NodeType::Sequence: {
            out += '[';
            bool first = true;
            for (const auto& item : node) {
                out += first ? "" : ",";
                first = false;
                append_node(out, item);
            }
            out += ']';
            return;
        }
        case YAML::NodeType::Scalar:
            append_scalar(out, node);
            return;
        default:
            out += "null";
    }
}

// A JSON document given either as YAML structure or as a string holding JSON text.

// SNS attribute values are strings; a structured value (a filter policy) becomes its JSON text.
void read_attributes(ConfigReader& r,
                     const YAML::Node& node,
                     std::string_view what,
                     std::map<std::string, std::string>& out) {
    if (!node.IsMap()) {
        r.error(node, std::string(what) + " must be a mapping of SNS attribute names to values");
        return;
    }
    for (const auto& kv : node) {
        out[kv.first.Scalar()] =
            kv.second.IsScalar() ? kv.second.Scalar() : yaml_to_json(kv.second);
    }
}

void read_subscription(ConfigReader& r, const YAML::Node& node, SubscriptionConfig& sub) {
    sub.where = r.where(node);
    r.mapping(
        node,
        "a subscription",
        {{"protocol",
          [&](const YAML::Node& v) { r.string(v, "subscription protocol", sub.protocol); }},
         {"endpoint",
          [&](const YAML::Node& v) { r.string(v, "subscription endpoint", sub.endpoint); }},
         {"confirmed",
          [&](const YAML::Node& v) { r.boolean(v, "subscription confirmed", sub.confirmed); }},
         {"attributes", [&](const YAML::Node& v) {
              read_attributes(r, v, "subscription attributes", sub.attributes);
          }}});
    if (node.IsMap() && (sub.protocol.empty() || sub.endpoint.empty())) {
        r.error(node, "a subscription needs a protocol and an endpoint");
    }
}

void read_topic(ConfigReader& r, const YAML::Node& node, TopicConfig& topic) {
    topic.where = r.where(node);
    r.mapping(
        node,
        "a topic",
        {{"name", [&](const YAML::Node& v) { r.string(v, "topic name", topic.name); }},
         {"account", [&](const YAML::Node& v) { r.string(v, "topic account", topic.account); }},
         {"region", [&](const YAML::Node& v) { r.string(v, "topic region", topic.region); }},
         {"attributes",
          [&](const YAML::Node& v) {
              read_attributes(r, v, "topic attributes", topic.attributes);
          }},
         {"subscriptions", [&](const YAML::Node& v) {
              r.sequence(v, "subscriptions", [&](const YAML::Node& item) {
                  read_subscription(r, item, topic.subscriptions.emplace_back());
              });
          }}});
    if (node.IsMap() && topic.name.empty()) {
        r.error(node, "a topic needs a name");
    }
}

void read_rule(ConfigReader& r, const YAML::Node& node, RuleConfig& rule) {
    rule.where = r.where(node);
    r.mapping(node,
              "a rule",
              {{"name", [&](const YAML::Node& v) { r.string(v, "rule name", rule.name); }},
               {"account", [&](const YAML::Node& v) { r.string(v, "rule account", rule.account); }},
               {"region", [&](const YAML::Node& v) { r.string(v, "rule region", rule.region); }},
               {"bus", [&](const YAML::Node& v) { r.string(v, "rule bus", rule.bus); }},
               {"description",
                [&](const YAML::Node& v) { r.string(v, "rule description", rule.description); }},
               {"state",
                [&](const YAML::Node& v) {
                    r.string(v, "rule state", rule.state);
                    if (rule.state != "ENABLED" && rule.state != "DISABLED" &&
                        rule.state != "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") {
                        r.error(v,
                                "rule state must be ENABLED, DISABLED or "
                                "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
                    }
                }},
               {"event_pattern",
                [&](const YAML::Node& v) {
                    rule.event_pattern = json_document(r, v, "event_pattern");
                    if (rule.event_pattern.empty()) {
                        return;
                    }
                    if (auto parsed = pattern::parse_event_pattern(rule.event_pattern); !parsed) {
                        r.error(v, "event_pattern: " + parsed.error().message);
                    }
                }},
               {"targets", [&](const YAML::Node& v) {
                    r.sequence(v, "targets", [&](const YAML::Node& item) {
                        if (!item.IsMap()) {
                            r.error(item, "a target must be a mapping (PutTargets' Id, Arn, ...)");
                            return;
                        }
                        if (!item["Id"] || !item["Arn"]) {
                            r.error(item, "a target needs Id and Arn (as in PutTargets)");
                        }
                        rule.targets.push_back(yaml_to_json(item));
                    });
                }}});
    if (node.IsMap() && (rule.name.empty() || rule.event_pattern.empty())) {
        r.error(node, "a rule needs a name and an event_pattern");
    }
}

}  // namespace

std::string yaml_to_json(const YAML::Node& node) {
    std::string out;
    append_node(out, node);
    return out;
}

void read_topics(ConfigReader& r, const YAML::Node& node, std::vector<TopicConfig>& topics) {
    r.sequence(node, "topics", [&](const YAML::Node& item) {
        read_topic(r, item, topics.emplace_back());
    });
}

void read_rules(ConfigReader& r, const YAML::Node& node, std::vector<RuleConfig>& rules) {
    r.sequence(
        node, "rules", [&](const YAML::Node& item) { read_rule(r, item, rules.emplace_back()); });
}

}  // namespace tripline::app
