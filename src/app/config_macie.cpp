// Reader of `macie:` (docs/macie.md): a list of sessions, each enabled at start-up in its account
// and region with its custom data identifiers, allow lists (CloudFormation's property names) and
// classification jobs (CreateClassificationJob's names). steps/apply_macie_config.cpp applies it.
#include <nlohmann/json.hpp>
#include <set>

#include "app/config_resources.h"

namespace tripline::app {

namespace {

const std::set<std::string, std::less<>> kSessionKeys = {
    "FindingPublishingFrequency", "CustomDataIdentifiers", "AllowLists", "ClassificationJobs"};

void require_names(ConfigReader& r,
                   const YAML::Node& list,
                   const char* what,
                   const char* name_key) {
    if (!list.IsSequence()) {
        r.error(list, std::string("macie ") + what + " must be a list");
        return;
    }
    for (const auto& item : list) {
        if (!item.IsMap() || !item[name_key]) {
            r.error(item, std::string("each of macie ") + what + " needs a " + name_key);
        }
    }
}

void read_session(ConfigReader& r, const YAML::Node& node, MacieSessionConfig& session) {
    session.where = r.where(node);
    if (!node.IsMap()) {
        r.error(node,
                "a macie session must be a mapping (account, region, CustomDataIdentifiers, ...)");
        return;
    }
    if (node["CustomDataIdentifiers"]) {
        require_names(r, node["CustomDataIdentifiers"], "CustomDataIdentifiers", "Name");
    }
    if (node["AllowLists"]) {
        require_names(r, node["AllowLists"], "AllowLists", "Name");
    }
    if (node["ClassificationJobs"]) {
        require_names(r, node["ClassificationJobs"], "ClassificationJobs", "name");
    }
    nlohmann::json document = read_api_declaration(
        r,
        node,
        "macie session",
        {{"account",
          [&](const YAML::Node& v) { r.string(v, "macie session account", session.account); }},
         {"region",
          [&](const YAML::Node& v) { r.string(v, "macie session region", session.region); }}},
        kSessionKeys,
        "account, region, FindingPublishingFrequency, CustomDataIdentifiers, AllowLists or "
        "ClassificationJobs");
    session.document = document.dump();
}

}  // namespace

void read_macie(ConfigReader& r,
                const YAML::Node& node,
                std::vector<MacieSessionConfig>& sessions) {
    r.mapping(node, "macie", {{"sessions", [&](const YAML::Node& v) {
                                   r.sequence(v, "macie.sessions", [&](const YAML::Node& item) {
                                       read_session(r, item, sessions.emplace_back());
                                   });
                               }}});
}

}  // namespace tripline::app
