// TrailService: event and insight selectors, tags, and config-declared trails.
#include <spdlog/spdlog.h>

#include <set>

#include "trail/trail_names.h"
#include "trail/trail_service.h"

namespace tripline::trail {

namespace {

// Checks PutInsightSelectors' list and returns it as stored (known members only).
TrailResult<nlohmann::json> validate_insight_selectors(const nlohmann::json& selectors) {
    if (!selectors.is_array()) {
        return trail_error(TrailErrc::kInvalidInsightSelectors, "InsightSelectors must be a list.");
    }
    nlohmann::json out = nlohmann::json::array();
    std::set<std::string> types;
    for (const nlohmann::json& selector : selectors) {
        auto type = selector.is_object() ? selector.find("InsightType") : selector.end();
        if (!selector.is_object() || type == selector.end() || !type->is_string()) {
            return trail_error(TrailErrc::kInvalidInsightSelectors,
                               "Each insight selector needs an InsightType.");
        }
        const std::string name = type->get<std::string>();
        if (name != "ApiCallRateInsight" && name != "ApiErrorRateInsight") {
            return trail_error(TrailErrc::kInvalidInsightSelectors,
                               "InsightType " + name +
                                   " is not valid. Valid values: ApiCallRateInsight, "
                                   "ApiErrorRateInsight.");
        }
        if (!types.insert(name).second) {
            return trail_error(TrailErrc::kInvalidInsightSelectors,
                               "Duplicate InsightType " + name + ".");
        }
        nlohmann::json stored = {{"InsightType", name}};
        if (auto categories = selector.find("EventCategories");
            categories != selector.end() && !categories->is_null()) {
            if (!categories->is_array()) {
                return trail_error(TrailErrc::kInvalidInsightSelectors,
                                   "EventCategories must be a list.");
            }
            for (const nlohmann::json& category : *categories) {
                if (!category.is_string() || (category != "Management" && category != "Data")) {
                    return trail_error(TrailErrc::kInvalidInsightSelectors,
                                       "EventCategories values must be Management or Data.");
                }
            }
            stored["EventCategories"] = *categories;
        }
        out.push_back(std::move(stored));
    }
    return out;
}

}  // namespace

TrailStatus TrailService::merge_tags(Trail& trail, const std::vector<TrailTag>& tags) {
    for (const TrailTag& tag : tags) {
        if (tag.key.empty() || tag.key.size() > 128) {
            return trail_error(TrailErrc::kInvalidTagParameter,
                               "Tag key must be between 1 and 128 characters long.");
        }
        if (tag.key.starts_with("aws:")) {
            return trail_error(TrailErrc::kInvalidTagParameter,
                               "Tag keys starting with 'aws:' are reserved for AWS use.");
        }
        if (tag.value.size() > 256) {
            return trail_error(TrailErrc::kInvalidTagParameter,
                               "Tag value must be at most 256 characters long.");
        }
        bool replaced = false;
        for (TrailTag& existing : trail.tags) {
            if (existing.key == tag.key) {
                existing.value = tag.value;
                replaced = true;
            }
        }
        if (!replaced) {
            trail.tags.push_back(tag);
        }
    }
    if (trail.tags.size() > kMaxTrailTags) {
        return trail_error(TrailErrc::kTagsLimitExceeded,
                           "The number of tags on the trail exceeds the limit of 50.");
    }
    return {};
}

TrailResult<Trail> TrailService::put_event_selectors(
    const TrailScope& scope,
    std::string_view name_or_arn,
    const std::optional<nlohmann::json>& event_selectors,
    const std::optional<nlohmann::json>& advanced) {
    if (event_selectors.has_value() == advanced.has_value()) {
        return trail_error(TrailErrc::kInvalidEventSelectors,
                           event_selectors ? "You can use either AdvancedEventSelectors or "
                                             "EventSelectors, but not both."
                                           : "You must specify EventSelectors or "
                                             "AdvancedEventSelectors.");
    }
    auto selectors = event_selectors ? TrailSelectors::from_event_selectors(*event_selectors)
                                     : TrailSelectors::from_advanced_event_selectors(*advanced);
    if (!selectors) {
        return trail_error(TrailErrc::kInvalidEventSelectors, selectors.error().message);
    }
    std::lock_guard lock(mutex_);
    TRAIL_ASSIGN_OR_RETURN(Trail * found, find_in_home_region(scope, name_or_arn));
    Trail trail = *found;
    trail.selectors = std::move(*selectors);
    TRAIL_TRY(save(trail));
    return trail;
}

TrailResult<Trail> TrailService::get_event_selectors(const TrailScope& scope,
                                                     std::string_view name_or_arn) {
    return get_trail(scope, name_or_arn);
}

TrailResult<Trail> TrailService::put_insight_selectors(const TrailScope& scope,
                                                       std::string_view name_or_arn,
                                                       const nlohmann::json& insight_selectors) {
    TRAIL_ASSIGN_OR_RETURN(nlohmann::json stored, validate_insight_selectors(insight_selectors));
    std::lock_guard lock(mutex_);
    TRAIL_ASSIGN_OR_RETURN(Trail * found, find_in_home_region(scope, name_or_arn));
    Trail trail = *found;
    trail.insight_selectors = std::move(stored);
    TRAIL_TRY(save(trail));
    return trail;
}

TrailResult<Trail> TrailService::get_insight_selectors(const TrailScope& scope,
                                                       std::string_view name_or_arn) {
    TRAIL_ASSIGN_OR_RETURN(Trail trail, get_trail(scope, name_or_arn));
    if (!trail.has_insight_selectors()) {
        return trail_error(TrailErrc::kInsightNotEnabled,
                           "Trail " + trail.arn + " does not have Insights enabled.");
    }
    return trail;
}

// ---- tags

TrailStatus TrailService::add_tags(const TrailScope& scope,
                                   std::string_view resource_arn,
                                   const std::vector<TrailTag>& tags) {
    std::lock_guard lock(mutex_);
    auto found = find_in_home_region(scope, resource_arn);
    if (!found) {
        if (found.error().code == TrailErrc::kTrailNotFound) {
            return trail_error(TrailErrc::kResourceNotFound,
                               "Resource not found: " + std::string(resource_arn));
        }
        return std::move(found).error();
    }
    Trail trail = **found;
    TRAIL_TRY(merge_tags(trail, tags));
    return save(trail);
}

TrailStatus TrailService::remove_tags(const TrailScope& scope,
                                      std::string_view resource_arn,
                                      const std::vector<TrailTag>& tags) {
    std::lock_guard lock(mutex_);
    auto found = find_in_home_region(scope, resource_arn);
    if (!found) {
        if (found.error().code == TrailErrc::kTrailNotFound) {
            return trail_error(TrailErrc::kResourceNotFound,
                               "Resource not found: " + std::string(resource_arn));
        }
        return std::move(found).error();
    }
    Trail trail = **found;
    std::erase_if(trail.tags, [&](const TrailTag& existing) {
        for (const TrailTag& tag : tags) {
            if (tag.key == existing.key) {
                return true;
            }
        }
        return false;
    });
    return save(trail);
}

TrailResult<std::vector<std::pair<std::string, std::vector<TrailTag>>>> TrailService::list_tags(
    const TrailScope& scope, const std::vector<std::string>& resource_arns) {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::vector<TrailTag>>> out;
    for (const std::string& arn : resource_arns) {
        auto found = find_visible(scope, arn);
        if (!found) {
            if (found.error().code == TrailErrc::kTrailNotFound) {
                return trail_error(TrailErrc::kResourceNotFound, "Resource not found: " + arn);
            }
            return std::move(found).error();
        }
        out.emplace_back((*found)->arn, (*found)->tags);
    }
    return out;
}

// ---- config

Status TrailService::apply_declared_trail(const DeclaredTrail& declared) {
    auto settings = parse_trail_settings(declared.trail);
    if (!settings) {
        return settings.error().to_error();
    }
    if (settings->name.empty()) {
        return make_error(Errc::kInvalidArgument, "a trail needs a Name");
    }
    if (!settings->s3_bucket || settings->s3_bucket->empty()) {
        return make_error(Errc::kInvalidArgument,
                          "trail " + settings->name + " needs an S3BucketName");
    }
    auto context = [&](const TrailError& error) {
        Error e = error.to_error();
        e.message = "trail " + settings->name + ": " + e.message;
        return e;
    };
    const TrailScope scope{declared.account_id, declared.region};
    auto bucket = buckets_.ensure_bucket(
        declared.account_id, declared.region, *settings->s3_bucket, clock_.now());
    if (!bucket) {
        return make_error(bucket.error().code,
                          "trail " + settings->name + ": bucket " + *settings->s3_bucket + ": " +
                              bucket.error().message);
    }
    bool exists = false;
    {
        std::lock_guard lock(mutex_);
        exists = trails_.contains(trail_arn(scope.account_id, scope.region, settings->name));
    }
    if (exists) {
        if (auto updated = update_trail(scope, *settings); !updated) {
            return context(updated.error());
        }
        if (auto tagged = add_tags(scope, settings->name, settings->tags); !tagged) {
            return context(tagged.error());
        }
    } else if (auto created = create_trail(scope, *settings); !created) {
        return context(created.error());
    }
    if (declared.event_selectors || declared.advanced_event_selectors) {
        auto put = put_event_selectors(
            scope, settings->name, declared.event_selectors, declared.advanced_event_selectors);
        if (!put) {
            return context(put.error());
        }
    }
    if (declared.insight_selectors) {
        auto put = put_insight_selectors(scope, settings->name, *declared.insight_selectors);
        if (!put) {
            return context(put.error());
        }
    }
    TrailStatus logging = declared.start_logging ? start_logging(scope, settings->name)
                                                 : stop_logging(scope, settings->name);
    if (!logging) {
        return context(logging.error());
    }
    spdlog::info("config: trail {} in {} ({})",
                 settings->name,
                 declared.region,
                 declared.start_logging ? "logging" : "not logging");
    return ok_status();
}

}  // namespace tripline::trail
