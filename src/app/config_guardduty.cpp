// Reader of `guardduty:` (docs/configuration.md): the threat-intel directory, implicit detectors,
// the learning period, and declared detectors with their filters and IP lists. A detector is
// declared with CloudFormation's property names (AWS::GuardDuty::Detector, ::Filter, ::IPSet,
// ::ThreatIntelSet) so that a template's resources paste unchanged; the keys Tripline adds are
// lower-case (account, region). steps/apply_guardduty_config.cpp creates what is declared.
#include <nlohmann/json.hpp>
#include <set>

#include "app/config_resources.h"
#include "detect/anomaly_tracker.h"

namespace tripline::app {

namespace {

const std::set<std::string, std::less<>> kDetectorKeys = {
    "Enable", "FindingPublishingFrequency", "Tags", "Filters", "IPSets", "ThreatIntelSets"};

// The members each list item may have; Name is required everywhere.
const std::set<std::string, std::less<>> kFilterKeys = {
    "Name", "Action", "Rank", "Description", "FindingCriteria", "Tags"};
const std::set<std::string, std::less<>> kListKeys = {
    "Name", "Format", "Location", "Activate", "Tags", "ExpectedBucketOwner"};

void check_items(ConfigReader& r,
                 const YAML::Node& node,
                 const std::string& what,
                 const std::set<std::string, std::less<>>& keys) {
    if (!node.IsSequence()) {
        r.error(node, "guardduty detector " + what + " must be a list");
        return;
    }
    for (const auto& item : node) {
        if (!item.IsMap() || !item["Name"]) {
            r.error(item, "each of " + what + " needs a Name");
            continue;
        }
        for (const auto& kv : item) {
            if (!keys.contains(kv.first.Scalar())) {
                std::string known;
                for (const auto& k : keys) {
                    known += (known.empty() ? "" : ", ") + k;
                }
                r.error(kv.first,
                        "unknown key '" + kv.first.Scalar() + "' in " + what + " (expected " +
                            known + ")");
            }
        }
    }
}

void read_detector(ConfigReader& r, const YAML::Node& node, GuardDutyDetectorConfig& detector) {
    detector.where = r.where(node);
    if (!node.IsMap()) {
        r.error(node, "a detector must be a mapping (account, region, Enable, Filters, ...)");
        return;
    }
    nlohmann::json document = nlohmann::json::object();
    for (const auto& kv : node) {
        const std::string key = kv.first.Scalar();
        const YAML::Node& value = kv.second;
        if (key == "account") {
            r.string(value, "detector account", detector.account);
        } else if (key == "region") {
            r.string(value, "detector region", detector.region);
        } else if (kDetectorKeys.contains(key)) {
            if (key == "Filters") {
                check_items(r, value, key, kFilterKeys);
            } else if (key == "IPSets" || key == "ThreatIntelSets") {
                check_items(r, value, key, kListKeys);
            }
            nlohmann::json parsed = nlohmann::json::parse(yaml_to_json(value), nullptr, false);
            if (parsed.is_discarded()) {
                r.error(value, "detector " + key + " is not a valid value");
                continue;
            }
            document[key] = std::move(parsed);
        } else {
            r.error(kv.first,
                    "unknown detector key '" + key +
                        "' (expected account, region, Enable, FindingPublishingFrequency, Tags, "
                        "Filters, IPSets or ThreatIntelSets)");
        }
    }
    detector.document = document.dump();
}

}  // namespace

void read_guardduty(ConfigReader& r, const YAML::Node& node, GuardDutyConfig& guardduty) {
    guardduty.where = r.where(node);
    r.mapping(
        node,
        "guardduty",
        {{"intel_dir",
          [&](const YAML::Node& v) { r.string(v, "guardduty.intel_dir", guardduty.intel_dir); }},
         {"implicit_detectors",
          [&](const YAML::Node& v) {
              r.boolean(v, "guardduty.implicit_detectors", guardduty.implicit_detectors);
          }},
         {"learning_period",
          [&](const YAML::Node& v) {
              r.string(v, "guardduty.learning_period", guardduty.learning_period);
              if (auto parsed = detect::parse_learning_period(guardduty.learning_period); !parsed) {
                  r.error(v, "guardduty.learning_period: " + parsed.error().message);
              }
          }},
         {"detectors", [&](const YAML::Node& v) {
              r.sequence(v, "guardduty.detectors", [&](const YAML::Node& item) {
                  read_detector(r, item, guardduty.detectors.emplace_back());
              });
          }}});
}

}  // namespace tripline::app
