// Creates or updates the detectors `guardduty.detectors` declares, with their filters and IP lists
// (upserts by account/region, filter name and list name; nothing undeclared is deleted).
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "app/steps/steps.h"
#include "detect/detect_service.h"

namespace tripline::app::steps {

namespace {

Error at(const TextSpan& where, const std::string& what, const Error& error) {
    return make_error(error.code, "guardduty detector " + what + ": " + error.message, where);
}

// CloudFormation writes FindingCriteria as {Criterion: {field: {Eq: [...]}}}; the API's wire
// names start lower-case.
nlohmann::json wire_criteria(const nlohmann::json& criteria) {
    if (!criteria.is_object()) {
        return criteria;
    }
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : criteria.items()) {
        if (key != "Criterion" && key != "criterion") {
            out[key] = value;
            continue;
        }
        nlohmann::json fields = nlohmann::json::object();
        if (value.is_object()) {
            for (const auto& [field, conditions] : value.items()) {
                nlohmann::json wire =
                    conditions.is_object() ? nlohmann::json::object() : conditions;
                if (conditions.is_object()) {
                    for (const auto& [op, operand] : conditions.items()) {
                        std::string name = op;
                        if (!name.empty() && name[0] >= 'A' && name[0] <= 'Z') {
                            name[0] = static_cast<char>(name[0] - 'A' + 'a');
                        }
                        wire[name] = operand;
                    }
                }
                fields[field] = std::move(wire);
            }
        }
        out["criterion"] = std::move(fields);
    }
    return out;
}

// The type errors a hand-written document can have, named.
Result<std::string> text(const nlohmann::json& item, const char* key, const std::string& what) {
    auto it = item.find(key);
    if (it == item.end()) {
        return std::string();
    }
    if (!it->is_string()) {
        return make_error(Errc::kInvalidArgument, what + ": " + key + " must be a string");
    }
    return it->get<std::string>();
}

Status apply_filter(detect::DetectService& detect,
                    const detect::Detector& detector,
                    const nlohmann::json& item) {
    TRIPLINE_ASSIGN_OR_RETURN(std::string name, text(item, "Name", "filter"));
    const std::string what = "filter " + name;
    detect::FilterSettings settings;
    TRIPLINE_ASSIGN_OR_RETURN(std::string action, text(item, "Action", what));
    settings.action = action.empty() ? "NOOP" : action;
    TRIPLINE_ASSIGN_OR_RETURN(std::string description, text(item, "Description", what));
    settings.description = description;
    if (auto rank = item.find("Rank"); rank != item.end()) {
        if (!rank->is_number_integer()) {
            return make_error(Errc::kInvalidArgument, what + ": Rank must be an integer");
        }
        settings.rank = rank->get<int>();
    }
    if (!item.contains("FindingCriteria")) {
        return make_error(Errc::kInvalidArgument, what + ": FindingCriteria is required");
    }
    settings.criteria = wire_criteria(item["FindingCriteria"]);
    if (detect.get_filter(detector, name)) {
        auto updated = detect.update_filter(detector, name, settings);
        return updated ? ok_status() : Status(unexpected(updated.error()));
    }
    detect::FindingFilter filter;
    filter.name = name;
    filter.action = *settings.action;
    filter.description = description;
    filter.rank = settings.rank.value_or(1);
    filter.criteria = *settings.criteria;
    filter.tags = item.value("Tags", nlohmann::json::object());
    auto created = detect.create_filter(detector, filter);
    return created ? ok_status() : Status(unexpected(created.error()));
}

Status apply_list(detect::DetectService& detect,
                  const detect::Detector& detector,
                  detect::IntelSetKind kind,
                  const nlohmann::json& item) {
    TRIPLINE_ASSIGN_OR_RETURN(std::string name, text(item, "Name", "list"));
    const std::string what =
        (kind == detect::IntelSetKind::kTrusted ? "IPSet " : "ThreatIntelSet ") + name;
    detect::IntelSetSettings settings;
    TRIPLINE_ASSIGN_OR_RETURN(std::string location, text(item, "Location", what));
    if (location.empty()) {
        return make_error(Errc::kInvalidArgument, what + ": Location is required");
    }
    settings.location = location;
    TRIPLINE_ASSIGN_OR_RETURN(std::string owner, text(item, "ExpectedBucketOwner", what));
    settings.expected_bucket_owner = owner;
    auto activate = item.find("Activate");
    if (activate != item.end() && !activate->is_boolean()) {
        return make_error(Errc::kInvalidArgument, what + ": Activate must be true or false");
    }
    settings.activate = activate == item.end() || activate->get<bool>();

    TRIPLINE_ASSIGN_OR_RETURN(auto existing, detect.list_intel_sets(detector, kind));
    auto apply = [&](bool active) -> Status {
        detect::IntelSetSettings attempt = settings;
        attempt.activate = active;
        for (const detect::IntelSet& set : existing) {
            if (set.name == name) {
                auto updated = detect.update_intel_set(detector, kind, set.id, attempt);
                return updated ? ok_status() : Status(unexpected(updated.error()));
            }
        }
        detect::IntelSet set;
        set.kind = kind;
        set.name = name;
        TRIPLINE_ASSIGN_OR_RETURN(set.format, text(item, "Format", what));
        if (set.format.empty()) {
            set.format = "TXT";
        }
        set.location = location;
        set.expected_bucket_owner = owner;
        set.tags = item.value("Tags", nlohmann::json::object());
        auto created = detect.create_intel_set(detector, set, active);
        if (created) {
            existing.push_back(*created);
        }
        return created ? ok_status() : Status(unexpected(created.error()));
    };
    Status applied = apply(*settings.activate);
    if (!applied && *settings.activate && applied.error().code == Errc::kNotFound) {
        // The bucket or object is not there yet (it lives in this server's S3): declare the list
        // inactive; UpdateIPSet/UpdateThreatIntelSet with activate reads it once uploaded.
        spdlog::warn("config: {} stays inactive: {}", what, applied.error().message);
        return apply(false);
    }
    return applied;
}

}  // namespace

Status apply_guardduty_config(EngineState& state) {
    const Config& config = state.config;
    for (const GuardDutyDetectorConfig& declared : config.guardduty.detectors) {
        const std::string account = declared.account.empty()
                                        ? (config.accounts.empty() ? std::string(kDefaultAccountId)
                                                                   : config.accounts.front().id)
                                        : declared.account;
        const std::string region = declared.region.empty() ? config.server.region : declared.region;
        const std::string what = account + "/" + region;
        nlohmann::json doc = nlohmann::json::parse(declared.document, nullptr, false);
        if (!doc.is_object()) {
            return make_error(
                Errc::kInvalidArgument, "guardduty detector: bad document", declared.where);
        }
        detect::DetectorSettings settings;
        if (auto it = doc.find("Enable"); it != doc.end()) {
            if (!it->is_boolean()) {
                return make_error(Errc::kInvalidArgument,
                                  "guardduty detector " + what + ": Enable must be true or false",
                                  declared.where);
            }
            settings.enable = it->get<bool>();
        }
        if (auto it = doc.find("FindingPublishingFrequency"); it != doc.end() && it->is_string()) {
            settings.finding_publishing_frequency = it->get<std::string>();
        }
        if (auto it = doc.find("Tags"); it != doc.end()) {
            settings.tags = *it;
        }
        auto existing = state.detect->list_detectors(account, region);
        if (!existing) {
            return at(declared.where, what, existing.error());
        }
        auto detector =
            existing->empty() || existing->front().implicit
                ? state.detect->create_detector(account, region, settings)
                : state.detect->update_detector(account, region, existing->front().id, settings);
        if (!detector) {
            return at(declared.where, what, detector.error());
        }
        for (const auto& item : doc.value("Filters", nlohmann::json::array())) {
            if (Status st = apply_filter(*state.detect, *detector, item); !st) {
                return at(declared.where, what, st.error());
            }
        }
        for (const auto& [key, kind] :
             {std::pair{"IPSets", detect::IntelSetKind::kTrusted},
              std::pair{"ThreatIntelSets", detect::IntelSetKind::kThreat}}) {
            for (const auto& item : doc.value(key, nlohmann::json::array())) {
                if (Status st = apply_list(*state.detect, *detector, kind, item); !st) {
                    return at(declared.where, what, st.error());
                }
            }
        }
        spdlog::info("config: GuardDuty detector {} for {} in {}", detector->id, account, region);
    }
    return ok_status();
}

}  // namespace tripline::app::steps
