#include "discover/job_scope.h"

#include <algorithm>
#include <charconv>

namespace tripline::discover {

using nlohmann::json;

namespace {

std::string extension_of(const std::string& key) {
    const std::size_t slash = key.rfind('/');
    const std::size_t dot = key.rfind('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) {
        return {};
    }
    return key.substr(dot + 1);
}

template <typename T>
bool compare(const std::string& comparator, const T& actual, const T& wanted) {
    if (comparator == "EQ") {
        return actual == wanted;
    }
    if (comparator == "NE") {
        return actual != wanted;
    }
    if (comparator == "GT") {
        return actual > wanted;
    }
    if (comparator == "GTE") {
        return actual >= wanted;
    }
    if (comparator == "LT") {
        return actual < wanted;
    }
    if (comparator == "LTE") {
        return actual <= wanted;
    }
    return false;
}

std::vector<std::string> values_of(const json& term) {
    std::vector<std::string> out;
    for (const json& v : term.value("values", json::array())) {
        if (v.is_string()) {
            out.push_back(v.get<std::string>());
        }
    }
    return out;
}

bool simple_term_holds(const json& term, const storage::ObjectInfo& object) {
    const std::string comparator = term.value("comparator", "EQ");
    const std::string key = term.value("key", "");
    const std::vector<std::string> values = values_of(term);
    if (key == "OBJECT_EXTENSION") {
        const std::string ext = extension_of(object.key);
        const bool any = std::find(values.begin(), values.end(), ext) != values.end();
        return comparator == "NE" ? !any : any;
    }
    if (key == "OBJECT_KEY") {
        return std::any_of(values.begin(), values.end(), [&](const std::string& prefix) {
            return object.key.starts_with(prefix);
        });
    }
    if (key == "OBJECT_SIZE" && !values.empty()) {
        std::uint64_t wanted = 0;
        const std::string& text = values.front();
        if (std::from_chars(text.data(), text.data() + text.size(), wanted).ec != std::errc()) {
            return false;
        }
        return compare<std::uint64_t>(comparator, object.size, wanted);
    }
    if (key == "OBJECT_LAST_MODIFIED_DATE" && !values.empty()) {
        TimePoint wanted;
        if (!parse_iso8601(values.front(), wanted)) {
            return false;
        }
        return compare(comparator,
                       std::chrono::time_point_cast<std::chrono::seconds>(object.last_modified),
                       std::chrono::time_point_cast<std::chrono::seconds>(wanted));
    }
    return false;
}

bool term_holds(const json& term, const storage::ObjectInfo& object) {
    if (term.contains("simpleScopeTerm")) {
        return simple_term_holds(term["simpleScopeTerm"], object);
    }
    if (term.contains("tagScopeTerm")) {
        // This server's objects carry no tags: EQ never holds, NE always does.
        return term["tagScopeTerm"].value("comparator", "EQ") == "NE";
    }
    return false;
}

Status validate_scope_block(const json& block, const char* where) {
    if (block.is_null()) {
        return ok_status();
    }
    if (!block.is_object() || !block.value("and", json()).is_array()) {
        return make_error(Errc::kInvalidArgument,
                          std::string(where) + " must be {\"and\": [terms]}");
    }
    static const std::vector<std::string> kKeys = {
        "OBJECT_EXTENSION", "OBJECT_KEY", "OBJECT_SIZE", "OBJECT_LAST_MODIFIED_DATE"};
    for (const json& term : block["and"]) {
        if (term.contains("simpleScopeTerm")) {
            const json& simple = term["simpleScopeTerm"];
            const std::string key = simple.value("key", "");
            if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
                return make_error(Errc::kInvalidArgument,
                                  std::string(where) + ": unknown scope key '" + key + "'");
            }
            const std::vector<std::string> values = values_of(simple);
            if (values.empty()) {
                return make_error(Errc::kInvalidArgument,
                                  std::string(where) + ": " + key + " needs values");
            }
            if (key == "OBJECT_SIZE" &&
                values.front().find_first_not_of("0123456789") != std::string::npos) {
                return make_error(Errc::kInvalidArgument,
                                  std::string(where) + ": OBJECT_SIZE takes a number of bytes");
            }
            TimePoint t;
            if (key == "OBJECT_LAST_MODIFIED_DATE" && !parse_iso8601(values.front(), t)) {
                return make_error(
                    Errc::kInvalidArgument,
                    std::string(where) + ": OBJECT_LAST_MODIFIED_DATE takes an ISO 8601 time");
            }
        } else if (!term.contains("tagScopeTerm")) {
            return make_error(
                Errc::kInvalidArgument,
                std::string(where) + ": a term is a simpleScopeTerm or a tagScopeTerm");
        }
    }
    return ok_status();
}

bool criterion_holds(const json& term, const std::string& account_id, const std::string& bucket) {
    if (term.contains("simpleCriterion")) {
        const json& c = term["simpleCriterion"];
        const std::string key = c.value("key", "");
        const std::vector<std::string> values = values_of(c);
        std::string actual;
        if (key == "ACCOUNT_ID") {
            actual = account_id;
        } else if (key == "S3_BUCKET_NAME") {
            actual = bucket;
        } else if (key == "S3_BUCKET_EFFECTIVE_PERMISSION") {
            actual = "NOT_PUBLIC";
        } else if (key == "S3_BUCKET_SHARED_ACCESS") {
            actual = "NOT_SHARED";
        }
        const bool any = std::find(values.begin(), values.end(), actual) != values.end();
        return c.value("comparator", "EQ") == "NE" ? !any : any;
    }
    if (term.contains("tagCriterion")) {
        return term["tagCriterion"].value("comparator", "EQ") == "NE";
    }
    return false;
}

bool all_hold(const json& block, const std::string& account_id, const std::string& bucket) {
    for (const json& term : block.value("and", json::array())) {
        if (!criterion_holds(term, account_id, bucket)) {
            return false;
        }
    }
    return true;
}

}  // namespace

Status validate_job_definition(const json& def) {
    if (!def.is_object()) {
        return make_error(Errc::kInvalidArgument, "s3JobDefinition is required");
    }
    const bool definitions =
        def.contains("bucketDefinitions") && !def["bucketDefinitions"].is_null();
    const bool criteria = def.contains("bucketCriteria") && !def["bucketCriteria"].is_null();
    if (definitions == criteria) {
        return make_error(
            Errc::kInvalidArgument,
            "s3JobDefinition must specify exactly one of bucketDefinitions or bucketCriteria");
    }
    if (definitions) {
        const json& list = def["bucketDefinitions"];
        if (!list.is_array() || list.empty()) {
            return make_error(Errc::kInvalidArgument,
                              "bucketDefinitions must list at least one account's buckets");
        }
        std::size_t total = 0;
        for (const json& entry : list) {
            if (!entry.is_object() || !entry.value("accountId", json()).is_string() ||
                !entry.value("buckets", json()).is_array()) {
                return make_error(Errc::kInvalidArgument,
                                  "bucketDefinitions[] needs accountId and buckets");
            }
            total += entry["buckets"].size();
        }
        if (total > 1000) {
            return make_error(Errc::kInvalidArgument, "A job can list at most 1,000 buckets");
        }
    }
    if (def.contains("scoping") && !def["scoping"].is_null()) {
        const json& scoping = def["scoping"];
        TRIPLINE_TRY(validate_scope_block(scoping.value("includes", json()), "scoping.includes"));
        TRIPLINE_TRY(validate_scope_block(scoping.value("excludes", json()), "scoping.excludes"));
    }
    return ok_status();
}

bool bucket_selected(const json& def, const std::string& account_id, const std::string& bucket) {
    if (def.contains("bucketDefinitions") && def["bucketDefinitions"].is_array()) {
        for (const json& entry : def["bucketDefinitions"]) {
            if (entry.value("accountId", "") != account_id) {
                continue;
            }
            for (const json& name : entry.value("buckets", json::array())) {
                if (name == bucket) {
                    return true;
                }
            }
        }
        return false;
    }
    const json criteria = def.value("bucketCriteria", json::object());
    const json includes = criteria.value("includes", json());
    const json excludes = criteria.value("excludes", json());
    if (includes.is_object() && !all_hold(includes, account_id, bucket)) {
        return false;
    }
    if (excludes.is_object() && !excludes.value("and", json::array()).empty() &&
        all_hold(excludes, account_id, bucket)) {
        return false;
    }
    return true;
}

bool object_in_scope(const json& scoping, const storage::ObjectInfo& object) {
    if (!scoping.is_object()) {
        return true;
    }
    const json includes = scoping.value("includes", json());
    const json excludes = scoping.value("excludes", json());
    if (includes.is_object()) {
        for (const json& term : includes.value("and", json::array())) {
            if (!term_holds(term, object)) {
                return false;
            }
        }
    }
    if (excludes.is_object()) {
        const json terms = excludes.value("and", json::array());
        if (!terms.empty() && std::all_of(terms.begin(), terms.end(), [&](const json& t) {
                return term_holds(t, object);
            })) {
            return false;
        }
    }
    return true;
}

}  // namespace tripline::discover
