// Reader of `api_destinations:` (EventBridge API destinations with their connections), declared
// with the API's own parameter names so that AWS examples paste unchanged; the keys Tripline adds
// are lower-case (name, account, region).
#include <nlohmann/json.hpp>
#include <set>

#include "app/config_resources.h"

namespace tripline::app {

namespace {

const std::set<std::string, std::less<>> kDestinationKeys = {"InvocationEndpoint",
                                                             "HttpMethod",
                                                             "InvocationRateLimitPerSecond",
                                                             "Description",
                                                             "Connection"};

void read_api_destination(ConfigReader& r, const YAML::Node& node, ApiDestinationConfig& out) {
    out.where = r.where(node);
    if (!node.IsMap()) {
        r.error(node, "an API destination must be a mapping (name, InvocationEndpoint, ...)");
        return;
    }
    nlohmann::json document = nlohmann::json::object();
    for (const auto& kv : node) {
        const std::string key = kv.first.Scalar();
        const YAML::Node& value = kv.second;
        if (key == "name") {
            r.string(value, "API destination name", out.name);
        } else if (key == "account") {
            r.string(value, "API destination account", out.account);
        } else if (key == "region") {
            r.string(value, "API destination region", out.region);
        } else if (kDestinationKeys.contains(key)) {
            nlohmann::json parsed = nlohmann::json::parse(yaml_to_json(value), nullptr, false);
            if (parsed.is_discarded()) {
                r.error(value, "API destination " + key + " is not a valid value");
                continue;
            }
            document[key] = std::move(parsed);
        } else {
            r.error(kv.first,
                    "unknown API destination key '" + key +
                        "' (expected name, account, region, Connection or a "
                        "CreateApiDestination parameter such as InvocationEndpoint)");
        }
    }
    const auto connection = document.find("Connection");
    if (out.name.empty() || !document.contains("InvocationEndpoint") ||
        !document.contains("HttpMethod") || connection == document.end() ||
        !connection->is_object() || !connection->contains("Name")) {
        r.error(node,
                "an API destination needs a name, InvocationEndpoint, HttpMethod and a "
                "Connection with a Name");
    }
    document["Name"] = out.name;
    out.document = document.dump();
}

}  // namespace

void read_api_destinations(ConfigReader& r,
                           const YAML::Node& node,
                           std::vector<ApiDestinationConfig>& destinations) {
    r.sequence(node, "api_destinations", [&](const YAML::Node& item) {
        read_api_destination(r, item, destinations.emplace_back());
    });
}

}  // namespace tripline::app
