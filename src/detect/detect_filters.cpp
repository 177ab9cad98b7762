// DetectService's filters: saved FindingCriteria per detector; ARCHIVE ones are suppression rules.
// Stored as resources "guardduty:filter" named "<detector id>/<filter name>".
#include <algorithm>

#include "detect/detect_service.h"
#include "storage/finding_store.h"
#include "storage/resource_store.h"

namespace tripline::detect {

namespace {

constexpr std::string_view kFilterType = "guardduty:filter";

std::string filter_row_name(const Detector& d, std::string_view name) {
    return d.id + "/" + std::string(name);
}

nlohmann::json filter_document(const FindingFilter& f) {
    return {{"name", f.name},
            {"description", f.description},
            {"action", f.action},
            {"rank", f.rank},
            {"findingCriteria", f.criteria},
            {"tags", f.tags}};
}

FindingFilter filter_from(const nlohmann::json& doc) {
    FindingFilter f;
    f.name = doc.value("name", "");
    f.description = doc.value("description", "");
    f.action = doc.value("action", "NOOP");
    f.rank = doc.value("rank", 1);
    f.criteria = doc.value("findingCriteria", nlohmann::json::object());
    f.tags = doc.value("tags", nlohmann::json::object());
    return f;
}

Error no_filter(std::string_view name) {
    return make_error(
        Errc::kNotFound,
        "The request is rejected because the filter " + std::string(name) + " does not exist.");
}

void sort_by_rank(auto& filters) {
    std::stable_sort(filters.begin(), filters.end(), [](const auto& a, const auto& b) {
        return a.filter.rank != b.filter.rank ? a.filter.rank < b.filter.rank
                                              : a.filter.name < b.filter.name;
    });
}

}  // namespace

Result<FindingFilter> DetectService::create_filter(const Detector& detector, FindingFilter filter) {
    TRIPLINE_TRY(check_filter_name(filter.name));
    FilterSettings settings{filter.description, filter.action, filter.rank, filter.criteria};
    TRIPLINE_TRY(check_filter_settings(settings));
    TRIPLINE_ASSIGN_OR_RETURN(FindingCriteria criteria, FindingCriteria::parse(filter.criteria));
    if (!filter.tags.is_object()) {
        return make_error(Errc::kInvalidArgument, "tags must be a map of strings.");
    }
    std::lock_guard lock(filters_mutex_);
    auto& filters = filters_[detector.id];
    for (const ActiveFilter& existing : filters) {
        if (existing.filter.name == filter.name) {
            return make_error(Errc::kAlreadyExists,
                              "The request is rejected because a filter named " + filter.name +
                                  " already exists.");
        }
    }
    if (filters.size() >= kMaxFiltersPerDetector) {
        return make_error(Errc::kLimitExceeded,
                          "The request is rejected because the detector already has " +
                              std::to_string(kMaxFiltersPerDetector) + " filters.");
    }
    storage::ResourceStore store(db_);
    storage::StoredResource row;
    row.account_id = detector.account_id;
    row.region = detector.region;
    row.type = std::string(kFilterType);
    row.name = filter_row_name(detector, filter.name);
    row.arn = "arn:aws:guardduty:" + detector.region + ":" + detector.account_id + ":detector/" +
              detector.id + "/filter/" + filter.name;
    row.document = filter_document(filter).dump();
    TRIPLINE_TRY(store.put(row, clock_.now()));
    filters.push_back(ActiveFilter{filter, std::move(criteria)});
    sort_by_rank(filters);
    return filter;
}

Result<FindingFilter> DetectService::get_filter(const Detector& detector, std::string_view name) {
    std::lock_guard lock(filters_mutex_);
    auto it = filters_.find(detector.id);
    if (it != filters_.end()) {
        for (const ActiveFilter& f : it->second) {
            if (f.filter.name == name) {
                return f.filter;
            }
        }
    }
    return no_filter(name);
}

Result<FindingFilter> DetectService::update_filter(const Detector& detector,
                                                   std::string_view name,
                                                   const FilterSettings& settings) {
    TRIPLINE_TRY(check_filter_settings(settings));
    std::lock_guard lock(filters_mutex_);
    auto& filters = filters_[detector.id];
    auto it = std::find_if(filters.begin(), filters.end(), [&](const ActiveFilter& f) {
        return f.filter.name == name;
    });
    if (it == filters.end()) {
        return no_filter(name);
    }
    ActiveFilter updated = *it;
    if (settings.description) {
        updated.filter.description = *settings.description;
    }
    if (settings.action) {
        updated.filter.action = *settings.action;
    }
    if (settings.rank) {
        updated.filter.rank = *settings.rank;
    }
    if (settings.criteria) {
        TRIPLINE_ASSIGN_OR_RETURN(updated.criteria, FindingCriteria::parse(*settings.criteria));
        updated.filter.criteria = *settings.criteria;
    }
    storage::ResourceStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(
        storage::StoredResource row,
        store.get(
            detector.account_id, detector.region, kFilterType, filter_row_name(detector, name)));
    row.document = filter_document(updated.filter).dump();
    TRIPLINE_TRY(store.put(row, clock_.now()));
    FindingFilter result = updated.filter;
    *it = std::move(updated);
    sort_by_rank(filters);
    return result;
}

Status DetectService::delete_filter(const Detector& detector, std::string_view name) {
    std::lock_guard lock(filters_mutex_);
    auto& filters = filters_[detector.id];
    auto it = std::find_if(filters.begin(), filters.end(), [&](const ActiveFilter& f) {
        return f.filter.name == name;
    });
    if (it == filters.end()) {
        return no_filter(name);
    }
    storage::ResourceStore store(db_);
    TRIPLINE_TRY(store.remove(
        detector.account_id, detector.region, kFilterType, filter_row_name(detector, name)));
    filters.erase(it);
    return ok_status();
}

Result<std::vector<FindingFilter>> DetectService::list_filters(const Detector& detector) {
    std::lock_guard lock(filters_mutex_);
    std::vector<FindingFilter> out;
    auto it = filters_.find(detector.id);
    if (it != filters_.end()) {
        for (const ActiveFilter& f : it->second) {
            out.push_back(f.filter);
        }
    }
    return out;
}

void DetectService::apply_suppression(storage::StoredFinding& row, nlohmann::json& document) const {
    bool suppress = false;
    {
        std::lock_guard lock(filters_mutex_);
        auto it = filters_.find(row.detector_id);
        if (it != filters_.end()) {
            for (const ActiveFilter& f : it->second) {
                if (f.filter.action == "ARCHIVE" && f.criteria.matches(document)) {
                    suppress = true;
                    break;
                }
            }
        }
    }
    if (suppress) {
        document["service"]["archived"] = true;
        row.archived = true;
        row.publish = storage::PublishState::kSuppressed;
    } else {
        row.publish = storage::PublishState::kPending;
    }
}

Status DetectService::load_filters() {
    storage::ResourceStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.list_all(kFilterType));
    std::lock_guard lock(filters_mutex_);
    filters_.clear();
    for (const auto& row : rows) {
        nlohmann::json doc = nlohmann::json::parse(row.document, nullptr, false);
        auto slash = row.name.find('/');
        if (!doc.is_object() || slash == std::string::npos) {
            return make_error(Errc::kInternal, "GuardDuty filter " + row.name + " is corrupt");
        }
        FindingFilter filter = filter_from(doc);
        auto criteria = FindingCriteria::parse(filter.criteria);
        if (!criteria) {
            return make_error(Errc::kInternal,
                              "GuardDuty filter " + row.name + ": " + criteria.error().message);
        }
        filters_[row.name.substr(0, slash)].push_back(
            ActiveFilter{std::move(filter), std::move(*criteria)});
    }
    for (auto& [detector_id, filters] : filters_) {
        sort_by_rank(filters);
    }
    return ok_status();
}

Status DetectService::remove_filters(const Detector& detector) {
    storage::ResourceStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows,
                              store.list(detector.account_id, detector.region, kFilterType));
    for (const auto& row : rows) {
        if (row.name.starts_with(detector.id + "/")) {
            TRIPLINE_TRY(store.remove(detector.account_id, detector.region, kFilterType, row.name));
        }
    }
    return ok_status();
}

}  // namespace tripline::detect
