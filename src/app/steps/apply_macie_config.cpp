// Enables the Macie sessions `macie.sessions` declares and creates what they hold: custom data
// identifiers (immutable, as in Macie: an existing one of the same name is kept), allow lists
// (created or updated by name) and classification jobs (created unless a job of that name that is
// not CANCELLED exists). A job may name declared identifiers and lists instead of their ids.
#include <spdlog/spdlog.h>

#include <cctype>
#include <map>

#include "app/steps/steps.h"
#include "discover/macie_service.h"

namespace tripline::app::steps {

namespace {

using nlohmann::json;

// CloudFormation's property names → the API's (Name → name, S3WordsList → s3WordsList).
json api_names(const json& value) {
    if (value.is_array()) {
        json out = json::array();
        for (const json& v : value) {
            out.push_back(api_names(v));
        }
        return out;
    }
    if (!value.is_object()) {
        return value;
    }
    json out = json::object();
    for (const auto& [key, v] : value.items()) {
        std::string name = key;
        if (!name.empty()) {
            name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
        }
        out[name] = api_names(v);
    }
    return out;
}

Status at(const TextSpan& where, const std::string& what, const Error& error) {
    return make_error(error.code, "macie session " + what + ": " + error.message, where);
}

// Declared names in `ids` replaced by the ids they were created with.
json resolve(const json& ids, const std::map<std::string, std::string>& by_name) {
    json out = json::array();
    const json list = ids.is_array() ? ids : json::array();
    for (const json& v : list) {
        auto it = v.is_string() ? by_name.find(v.get<std::string>()) : by_name.end();
        out.push_back(it == by_name.end() ? v : json(it->second));
    }
    return out;
}

}  // namespace

Status apply_macie_config(EngineState& state) {
    const Config& config = state.config;
    for (const MacieSessionConfig& declared : config.macie) {
        const discover::MacieScope scope{
            declared.account.empty() ? (config.accounts.empty() ? std::string(kDefaultAccountId)
                                                                : config.accounts.front().id)
                                     : declared.account,
            declared.region.empty() ? config.server.region : declared.region};
        const std::string what = scope.account_id + "/" + scope.region;
        const json doc = json::parse(declared.document, nullptr, false);
        if (!doc.is_object()) {
            return make_error(
                Errc::kInvalidArgument, "macie session: bad document", declared.where);
        }
        discover::MacieService& macie = *state.macie;
        json session = json::object();
        if (doc.contains("FindingPublishingFrequency")) {
            session["findingPublishingFrequency"] = doc["FindingPublishingFrequency"];
        }
        if (auto enabled = macie.enable(scope, session); !enabled) {
            if (enabled.error().code != Errc::kFailedPrecondition) {
                return at(declared.where, what, enabled.error());
            }
            if (auto updated = macie.update_session(scope, session); !updated) {
                return at(declared.where, what, updated.error());
            }
        }

        std::map<std::string, std::string> identifiers;  // name → id
        auto existing_cdis = macie.list_custom_identifiers(scope);
        if (!existing_cdis) {
            return at(declared.where, what, existing_cdis.error());
        }
        for (const json& item : *existing_cdis) {
            identifiers[item.value("name", "")] = item.value("id", "");
        }
        for (const json& item : doc.value("CustomDataIdentifiers", json::array())) {
            const json input = api_names(item);
            const std::string name = input.value("name", "");
            if (identifiers.contains(name)) {
                continue;  // immutable: a changed definition needs a new name
            }
            auto id = macie.create_custom_identifier(scope, input);
            if (!id) {
                return at(declared.where, what + " custom data identifier " + name, id.error());
            }
            identifiers[name] = *id;
        }

        std::map<std::string, std::string> lists;  // name → id
        auto existing_lists = macie.list_allow_lists(scope);
        if (!existing_lists) {
            return at(declared.where, what, existing_lists.error());
        }
        for (const json& item : *existing_lists) {
            lists[item.value("name", "")] = item.value("id", "");
        }
        for (const json& item : doc.value("AllowLists", json::array())) {
            const json input = api_names(item);
            const std::string name = input.value("name", "");
            auto result = lists.contains(name) ? macie.update_allow_list(scope, lists[name], input)
                                               : macie.create_allow_list(scope, input);
            if (!result) {
                return at(declared.where, what + " allow list " + name, result.error());
            }
            lists[name] = (*result)["id"].get<std::string>();
        }

        auto jobs = macie.list_jobs(scope, json::object());
        if (!jobs) {
            return at(declared.where, what, jobs.error());
        }
        for (const json& item : doc.value("ClassificationJobs", json::array())) {
            const std::string name = item.value("name", "");
            bool exists = false;
            for (const json& job : *jobs) {
                exists = exists || (job.value("name", "") == name &&
                                    job.value("jobStatus", "") != "CANCELLED");
            }
            if (exists) {
                continue;
            }
            json input = item;
            input["customDataIdentifierIds"] =
                resolve(item.value("customDataIdentifierIds", json()), identifiers);
            input["allowListIds"] = resolve(item.value("allowListIds", json()), lists);
            auto created = macie.create_job(scope, input);
            if (!created) {
                return at(declared.where, what + " classification job " + name, created.error());
            }
        }
        spdlog::info("config: Macie session for {} in {}", scope.account_id, scope.region);
    }
    return ok_status();
}

}  // namespace tripline::app::steps
