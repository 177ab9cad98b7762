// DetectService's findings API: listing, reading, archiving, statistics and sample findings.
#include <algorithm>
#include <cstdio>

#include "detect/detect_service.h"
#include "detect/finding_document.h"
#include "detect/finding_types.h"
#include "storage/finding_store.h"
#include "storage/transaction.h"

namespace tripline::detect {

namespace {

Result<std::vector<nlohmann::json>> documents_of(const std::vector<storage::StoredFinding>& rows) {
    std::vector<nlohmann::json> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        nlohmann::json doc = nlohmann::json::parse(row.document, nullptr, false);
        if (!doc.is_object()) {
            return make_error(Errc::kInternal, "finding " + row.id + " is corrupt");
        }
        out.push_back(std::move(doc));
    }
    return out;
}

}  // namespace

Result<FindingsPage> DetectService::list_findings(const Detector& detector,
                                                  const FindingCriteria& criteria,
                                                  const std::string& sort_attribute,
                                                  bool descending,
                                                  std::size_t max_results,
                                                  const std::string& next_token) {
    storage::FindingStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.list(detector.id));
    TRIPLINE_ASSIGN_OR_RETURN(auto documents, documents_of(rows));
    std::vector<const nlohmann::json*> matching;
    for (const auto& doc : documents) {
        if (criteria.matches(doc)) {
            matching.push_back(&doc);
        }
    }
    if (!sort_attribute.empty()) {
        std::stable_sort(matching.begin(), matching.end(), [&](const auto* a, const auto* b) {
            return descending ? finding_less(*b, *a, sort_attribute)
                              : finding_less(*a, *b, sort_attribute);
        });
    }
    std::size_t offset = 0;
    if (!next_token.empty()) {
        char* end = nullptr;
        unsigned long long parsed = std::strtoull(next_token.c_str(), &end, 10);
        if (end == nullptr || *end != '\0' || parsed > matching.size()) {
            return make_error(Errc::kInvalidArgument,
                              "The request is rejected because the nextToken is invalid.");
        }
        offset = parsed;
    }
    FindingsPage page;
    const std::size_t stop = std::min(matching.size(), offset + max_results);
    for (std::size_t i = offset; i < stop; ++i) {
        page.ids.push_back((*matching[i])["id"].get<std::string>());
    }
    if (stop < matching.size()) {
        page.next_token = std::to_string(stop);
    }
    return page;
}

Result<std::vector<nlohmann::json>> DetectService::get_findings(const Detector& detector,
                                                                std::span<const std::string> ids) {
    storage::FindingStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.get(detector.id, ids));
    return documents_of(rows);
}

Status DetectService::set_archived(const Detector& detector,
                                   std::span<const std::string> ids,
                                   bool archived) {
    storage::FindingStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(storage::Transaction tx, storage::Transaction::begin(db_));
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.get(detector.id, ids));
    for (auto& row : rows) {
        nlohmann::json doc = nlohmann::json::parse(row.document, nullptr, false);
        if (!doc.is_object()) {
            return make_error(Errc::kInternal, "finding " + row.id + " is corrupt");
        }
        doc["service"]["archived"] = archived;
        row.archived = archived;
        row.document = doc.dump();
        TRIPLINE_TRY(store.put(row));
    }
    return tx.commit();
}

Status DetectService::set_feedback(const Detector& detector,
                                   std::span<const std::string> ids,
                                   std::string_view feedback,
                                   std::string_view /*comments: GuardDuty does not return them*/) {
    if (feedback != "USEFUL" && feedback != "NOT_USEFUL") {
        return make_error(Errc::kInvalidArgument,
                          "The request is rejected because feedback must be USEFUL or NOT_USEFUL.");
    }
    storage::FindingStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(storage::Transaction tx, storage::Transaction::begin(db_));
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.get(detector.id, ids));
    for (auto& row : rows) {
        nlohmann::json doc = nlohmann::json::parse(row.document, nullptr, false);
        if (!doc.is_object()) {
            return make_error(Errc::kInternal, "finding " + row.id + " is corrupt");
        }
        doc["service"]["userFeedback"] = std::string(feedback);
        row.document = doc.dump();
        TRIPLINE_TRY(store.put(row));
    }
    return tx.commit();
}

Result<nlohmann::json> DetectService::statistics(const Detector& detector,
                                                 const FindingCriteria& criteria) {
    storage::FindingStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.list(detector.id));
    TRIPLINE_ASSIGN_OR_RETURN(auto documents, documents_of(rows));
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& doc : documents) {
        if (!criteria.matches(doc) || !doc["severity"].is_number()) {
            continue;
        }
        char label[32];
        std::snprintf(label, sizeof label, "%.1f", doc["severity"].get<double>());
        counts[label] = counts.value(label, 0) + 1;
    }
    return nlohmann::json{{"countBySeverity", counts}};
}

Status DetectService::create_sample_findings(const Detector& detector,
                                             std::span<const std::string> types) {
    std::vector<const FindingType*> chosen;
    if (types.empty()) {
        for (const FindingType& type : finding_types()) {
            chosen.push_back(&type);
        }
    }
    for (const std::string& name : types) {
        const FindingType* type = find_finding_type(name);
        if (type == nullptr) {
            return make_error(Errc::kInvalidArgument,
                              "The request is rejected because the finding type " + name +
                                  " is not supported by Tripline (see docs/guardduty.md).");
        }
        chosen.push_back(type);
    }
    storage::FindingStore store(db_);
    {
        TRIPLINE_ASSIGN_OR_RETURN(storage::Transaction tx, storage::Transaction::begin(db_));
        for (const FindingType* type : chosen) {
            FindingContext context{
                detector.id, detector.account_id, detector.region, make_hex_id(), clock_.now()};
            nlohmann::json doc = build_sample_finding(*type, context);
            storage::StoredFinding row;
            row.id = context.finding_id;
            row.detector_id = detector.id;
            row.account_id = detector.account_id;
            row.region = detector.region;
            row.type = std::string(type->name);
            row.aggregation_key = "sample|" + context.finding_id;
            row.severity = type->severity;
            row.updated_at = context.now;
            apply_suppression(row, doc);
            row.document = doc.dump();
            TRIPLINE_TRY(store.put(row));
        }
        TRIPLINE_TRY(tx.commit());
    }
    TRIPLINE_TRY(publish_due());
    return ok_status();
}

Result<std::vector<nlohmann::json>> DetectService::all_findings(std::size_t limit) {
    storage::FindingStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.list_all(limit));
    return documents_of(rows);
}

}  // namespace tripline::detect
