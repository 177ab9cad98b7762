// Readers of the configuration's resource declarations — SNS `topics:` (with their subscriptions)
// EventBridge `rules:` (with their targets) and CloudTrail `trails:` — and the YAML-to-JSON
// conversion they use, so that patterns, filter policies and targets copied from AWS documents
// paste unchanged (as YAML or as JSON text). The loader calls them from read_root();
// steps/apply_config_resources.cpp creates what they declare.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "app/config.h"
#include "app/config_reader.h"

namespace tripline::app {

// The JSON text of a YAML node. Plain scalars become numbers, booleans or null when they read as
// such; quoted scalars stay strings. A scalar that holds JSON text is not parsed: callers that
// accept "JSON as a string" check for that themselves.
std::string yaml_to_json(const YAML::Node& node);
// A JSON document given as YAML or as JSON text (a scalar), minified; "" after an error.
std::string json_document(ConfigReader& r, const YAML::Node& node, std::string_view what);
// A declaration in an AWS API's own parameter names (trails, API destinations): each key that
// `own` handles is Tripline's (lower-case: name, account, region, ...); each key in `api_keys`
// goes into the returned object as JSON; any other key is an error naming `what` and listing
// `expected`.
nlohmann::json read_api_declaration(
    ConfigReader& r,
    const YAML::Node& node,
    std::string_view what,
    const std::map<std::string, std::function<void(const YAML::Node&)>, std::less<>>& own,
    const std::set<std::string, std::less<>>& api_keys,
    std::string_view expected);
// config_iam.cpp: a user's IAM keys, and an account's groups, roles and policies.
bool read_user_iam(ConfigReader& r,
                   const std::string& key,
                   const YAML::Node& node,
                   UserConfig& user);
void read_account_iam(ConfigReader& r,
                      const std::string& key,
                      const YAML::Node& node,
                      AccountConfig& account);

void read_topics(ConfigReader& r, const YAML::Node& node, std::vector<TopicConfig>& topics);
void read_rules(ConfigReader& r, const YAML::Node& node, std::vector<RuleConfig>& rules);
void read_api_destinations(ConfigReader& r,
                           const YAML::Node& node,
                           std::vector<ApiDestinationConfig>& destinations);
// config_trails.cpp
void read_trails(ConfigReader& r, const YAML::Node& node, std::vector<TrailConfig>& trails);
void read_trail_pipeline(ConfigReader& r, const YAML::Node& node, TrailPipelineConfig& trail);
// config_secrets.cpp: `kms_keys:` and `secrets:`
void read_kms_keys(ConfigReader& r, const YAML::Node& node, std::vector<KmsKeyConfig>& keys);
void read_secrets(ConfigReader& r, const YAML::Node& node, std::vector<SecretConfig>& secrets);
// config_guardduty.cpp
void read_guardduty(ConfigReader& r, const YAML::Node& node, GuardDutyConfig& guardduty);
// config_macie.cpp
void read_macie(ConfigReader& r, const YAML::Node& node, std::vector<MacieSessionConfig>& sessions);
void read_cloudwatch(ConfigReader& r, const YAML::Node& node, CloudWatchConfig& cloudwatch);
void read_athena(ConfigReader& r, const YAML::Node& node, AthenaConfig& athena);
void read_insights(ConfigReader& r, const YAML::Node& node, InsightsConfig& insights);

}  // namespace tripline::app
