// Readers of `trail:` (pipeline settings) and `trails:` (CloudTrail trails). A trail is declared
// with CreateTrail's own parameter names so that a trail described in AWS's documents pastes
// unchanged; the keys Tripline adds are lower-case (name, account, region, create_bucket).
#include <nlohmann/json.hpp>
#include <set>

#include "app/config_resources.h"

namespace tripline::app {

namespace {

// CreateTrail's parameters plus the selector documents and the logging switch.
const std::set<std::string, std::less<>> kTrailKeys = {
    "S3BucketName",
    "S3KeyPrefix",
    "SnsTopicName",
    "IncludeGlobalServiceEvents",
    "IsMultiRegionTrail",
    "EnableLogFileValidation",
    "CloudWatchLogsLogGroupArn",
    "CloudWatchLogsRoleArn",
    "KmsKeyId",
    "IsOrganizationTrail",
    "TagsList",
    "EventSelectors",
    "AdvancedEventSelectors",
    "InsightSelectors",
    "StartLogging",
};

void read_trail(ConfigReader& r, const YAML::Node& node, TrailConfig& trail) {
    trail.where = r.where(node);
    if (!node.IsMap()) {
        r.error(node, "a trail must be a mapping (name, S3BucketName, ...)");
        return;
    }
    nlohmann::json document = nlohmann::json::object();
    for (const auto& kv : node) {
        const std::string key = kv.first.Scalar();
        const YAML::Node& value = kv.second;
        if (key == "name") {
            r.string(value, "trail name", trail.name);
        } else if (key == "account") {
            r.string(value, "trail account", trail.account);
        } else if (key == "region") {
            r.string(value, "trail region", trail.region);
        } else if (key == "create_bucket") {
            r.boolean(value, "trail create_bucket", trail.create_bucket);
        } else if (kTrailKeys.contains(key)) {
            nlohmann::json parsed = nlohmann::json::parse(yaml_to_json(value), nullptr, false);
            if (parsed.is_discarded()) {
                r.error(value, "trail " + key + " is not a valid value");
                continue;
            }
            document[key] = std::move(parsed);
        } else {
            r.error(kv.first,
                    "unknown trail key '" + key +
                        "' (expected name, account, region, create_bucket or a CreateTrail "
                        "parameter such as S3BucketName)");
        }
    }
    if (document.contains("EventSelectors") && document.contains("AdvancedEventSelectors")) {
        r.error(node, "a trail takes EventSelectors or AdvancedEventSelectors, not both");
    }
    if (trail.name.empty() || !document.contains("S3BucketName")) {
        r.error(node, "a trail needs a name and an S3BucketName");
    }
    document["Name"] = trail.name;
    trail.document = document.dump();
}

}  // namespace

void read_trails(ConfigReader& r, const YAML::Node& node, std::vector<TrailConfig>& trails) {
    r.sequence(node, "trails", [&](const YAML::Node& item) {
        read_trail(r, item, trails.emplace_back());
    });
}

void read_trail_pipeline(ConfigReader& r, const YAML::Node& node, TrailPipelineConfig& trail) {
    auto positive = [&](const YAML::Node& v, std::string_view what, std::size_t& out) {
        r.size(v, what, out);
        if (out == 0) {
            r.error(v, std::string(what) + " must be at least 1");
        }
    };
    r.mapping(
        node,
        "trail",
        {{"flush_seconds",
          [&](const YAML::Node& v) { positive(v, "trail.flush_seconds", trail.flush_seconds); }},
         {"digest_interval_seconds",
          [&](const YAML::Node& v) {
              positive(v, "trail.digest_interval_seconds", trail.digest_interval_seconds);
          }},
         {"lookup_retention_days", [&](const YAML::Node& v) {
              positive(v, "trail.lookup_retention_days", trail.lookup_retention_days);
          }}});
}

}  // namespace tripline::app
