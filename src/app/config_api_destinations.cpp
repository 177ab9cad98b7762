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
    nlohmann::json document = read_api_declaration(
        r,
        node,
        "API destination",
        {{"name", [&](const YAML::Node& v) { r.string(v, "API destination name", out.name); }},
         {"account",
          [&](const YAML::Node& v) { r.string(v, "API destination account", out.account); }},
         {"region",
          [&](const YAML::Node& v) { r.string(v, "API destination region", out.region); }}},
        kDestinationKeys,
        "name, account, region, Connection or a CreateApiDestination parameter such as "
        "InvocationEndpoint");
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
