// The catalogue is parsed from the JSON the build embeds (kManagedIdentifiersJson) on first use,
// once per process (a function-local static: thread-safe initialisation), and never changes after.
#include "scan/managed_catalogue.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace tripline::scan {

extern const std::string_view kManagedIdentifiersJson;

namespace {

using nlohmann::json;

[[noreturn]] void broken_catalogue(const char* what) {
    // The JSON is part of the build; a malformed copy is a build defect, not a runtime condition.
    std::fprintf(stderr, "tripline: embedded managed_identifiers.json is malformed: %s\n", what);
    std::abort();
}

Category parse_category(const std::string& text) {
    if (text == "CREDENTIALS") {
        return Category::kCredentials;
    }
    if (text == "FINANCIAL_INFORMATION") {
        return Category::kFinancial;
    }
    if (text == "PERSONAL_INFORMATION") {
        return Category::kPersonal;
    }
    broken_catalogue("unknown category");
}

KeywordRule parse_keyword_rule(const std::string& text) {
    if (text == "yes") {
        return KeywordRule::kRequired;
    }
    if (text == "no") {
        return KeywordRule::kNone;
    }
    if (text == "varies") {
        return KeywordRule::kVaries;
    }
    broken_catalogue("unknown keyword_required");
}

Severity parse_severity(const std::string& text) {
    if (text == "Low") {
        return Severity::kLow;
    }
    if (text == "Medium") {
        return Severity::kMedium;
    }
    if (text == "High") {
        return Severity::kHigh;
    }
    broken_catalogue("unknown severity");
}

std::vector<std::string> strings(const json& row, const char* key) {
    std::vector<std::string> out;
    auto it = row.find(key);
    if (it == row.end() || it->is_null()) {
        return out;
    }
    if (!it->is_array()) {
        broken_catalogue(key);
    }
    for (const auto& item : *it) {
        if (!item.is_string()) {
            broken_catalogue(key);
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::vector<ManagedIdentifier> load_catalogue() {
    json doc = json::parse(kManagedIdentifiersJson, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("identifiers") ||
        !doc["identifiers"].is_array()) {
        broken_catalogue("no identifiers array");
    }
    std::vector<ManagedIdentifier> out;
    for (const auto& row : doc["identifiers"]) {
        if (!row.is_object() || !row.contains("id") || !row["id"].is_string() ||
            !row.contains("category") || !row.contains("keyword_required") ||
            !row.contains("severity_by_count")) {
            broken_catalogue("incomplete row");
        }
        ManagedIdentifier id;
        id.id = row["id"].get<std::string>();
        id.category = parse_category(row["category"].get<std::string>());
        id.keyword_rule = parse_keyword_rule(row["keyword_required"].get<std::string>());
        id.keywords = strings(row, "keywords");
        auto severities = strings(row, "severity_by_count");
        if (severities.size() != 3) {
            broken_catalogue("severity_by_count");
        }
        for (std::size_t i = 0; i < 3; ++i) {
            id.severity_by_count[i] = parse_severity(severities[i]);
        }
        id.recommended = row.value("recommended", false);
        id.exclusions = strings(row, "exclusions");
        if (auto it = row.find("iban_country_code"); it != row.end() && it->is_string()) {
            id.iban_country_code = it->get<std::string>();
            id.iban_length = row.value("iban_length", 0);
        }
        out.push_back(std::move(id));
    }
    return out;
}

const std::unordered_map<std::string_view, std::uint32_t>& index_by_id() {
    static const std::unordered_map<std::string_view, std::uint32_t> index = [] {
        std::unordered_map<std::string_view, std::uint32_t> map;
        const auto& catalogue = managed_catalogue();
        for (std::uint32_t i = 0; i < catalogue.size(); ++i) {
            map.emplace(catalogue[i].id, i);
        }
        return map;
    }();
    return index;
}

Error selector_error(std::string message) {
    return make_error(Errc::kInvalidArgument, std::move(message));
}

}  // namespace

const std::vector<ManagedIdentifier>& managed_catalogue() {
    static const std::vector<ManagedIdentifier> catalogue = load_catalogue();
    return catalogue;
}

std::optional<std::uint32_t> managed_index(std::string_view id) {
    const auto& index = index_by_id();
    auto it = index.find(id);
    if (it == index.end()) {
        return std::nullopt;
    }
    return it->second;
}

Severity severity_for_count(const ManagedIdentifier& identifier, std::uint64_t count) {
    if (count >= 100) {
        return identifier.severity_by_count[2];
    }
    if (count >= 2) {
        return identifier.severity_by_count[1];
    }
    return identifier.severity_by_count[0];
}

Result<std::vector<std::uint32_t>> select_managed(std::string_view selector,
                                                  const std::vector<std::string>& ids) {
    const auto& catalogue = managed_catalogue();
    const auto count = static_cast<std::uint32_t>(catalogue.size());
    if (selector.empty()) {
        selector = "RECOMMENDED";
    }
    const bool takes_ids = selector == "INCLUDE" || selector == "EXCLUDE";
    if (!takes_ids && selector != "ALL" && selector != "NONE" && selector != "RECOMMENDED") {
        return selector_error("Invalid managedDataIdentifierSelector '" + std::string(selector) +
                              "': it must be one of ALL, EXCLUDE, INCLUDE, NONE, RECOMMENDED.");
    }
    if (!takes_ids && !ids.empty()) {
        return selector_error(
            "managedDataIdentifierIds can't be specified when "
            "managedDataIdentifierSelector is " +
            std::string(selector) + ".");
    }
    if (takes_ids && ids.empty()) {
        return selector_error(
            "managedDataIdentifierIds must contain at least one managed data "
            "identifier ID when managedDataIdentifierSelector is " +
            std::string(selector) + ".");
    }
    std::vector<bool> listed(count, false);
    for (const auto& id : ids) {
        auto index = managed_index(id);
        if (!index) {
            return selector_error(
                "managedDataIdentifierIds contains an unknown managed data "
                "identifier ID: '" +
                id + "'.");
        }
        listed[*index] = true;
    }
    std::vector<std::uint32_t> out;
    for (std::uint32_t i = 0; i < count; ++i) {
        bool take = false;
        if (selector == "ALL") {
            take = true;
        } else if (selector == "RECOMMENDED") {
            take = catalogue[i].recommended;
        } else if (selector == "INCLUDE") {
            take = listed[i];
        } else if (selector == "EXCLUDE") {
            take = !listed[i];
        }
        if (take) {
            out.push_back(i);
        }
    }
    return out;
}

}  // namespace tripline::scan
