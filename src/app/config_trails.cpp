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
    nlohmann::json document = read_api_declaration(
        r,
        node,
        "trail",
        {{"name", [&](const YAML::Node& v) { r.string(v, "trail name", trail.name); }},
         {"account", [&](const YAML::Node& v) { r.string(v, "trail account", trail.account); }},
         {"region", [&](const YAML::Node& v) { r.string(v, "trail region", trail.region); }},
         {"create_bucket",
          [&](const YAML::Node& v) { r.boolean(v, "trail create_bucket", trail.create_bucket); }}},
        kTrailKeys,
        "name, account, region, create_bucket or a CreateTrail parameter such as S3BucketName");
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
