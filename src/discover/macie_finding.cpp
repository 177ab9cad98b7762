#include "discover/macie_finding.h"

#include <algorithm>
#include <map>

#include "base/uuid.h"
#include "scan/managed_catalogue.h"

namespace tripline::discover {

namespace {

using nlohmann::json;
using scan::Category;
using scan::Severity;

json occurrence_json(const scan::Occurrence& occurrence) {
    if (const auto* range = std::get_if<scan::LineRange>(&occurrence)) {
        return json{
            {"start", range->start}, {"end", range->end}, {"startColumn", range->start_column}};
    }
    if (const auto* cell = std::get_if<scan::Cell>(&occurrence)) {
        return json{{"row", cell->row},
                    {"column", cell->column},
                    {"columnName", cell->column_name ? json(*cell->column_name) : json(nullptr)},
                    {"cellReference", nullptr}};
    }
    const auto& record = std::get<scan::Record>(occurrence);
    json out{{"recordIndex", record.record_index}};
    out["jsonPath"] = record.json_path ? json(*record.json_path) : json(nullptr);
    return out;
}

// The occurrences block of one detection: its located occurrences grouped by kind.
json occurrences_json(const std::vector<const scan::Occurrence*>& located) {
    json lines = json::array();
    json cells = json::array();
    json records = json::array();
    for (const scan::Occurrence* o : located) {
        json item = occurrence_json(*o);
        if (std::holds_alternative<scan::LineRange>(*o)) {
            lines.push_back(std::move(item));
        } else if (std::holds_alternative<scan::Cell>(*o)) {
            cells.push_back(std::move(item));
        } else {
            records.push_back(std::move(item));
        }
    }
    json out = json::object();
    if (!lines.empty()) {
        out["lineRanges"] = std::move(lines);
    }
    if (!cells.empty()) {
        out["cells"] = std::move(cells);
    }
    if (!records.empty()) {
        out["records"] = std::move(records);
    }
    return out;
}

std::string_view type_of(const std::vector<Category>& categories) {
    if (categories.size() > 1) {
        return "SensitiveData:S3Object/Multiple";
    }
    switch (categories.front()) {
        case Category::kCredentials:
            return "SensitiveData:S3Object/Credentials";
        case Category::kFinancial:
            return "SensitiveData:S3Object/Financial";
        case Category::kPersonal:
            return "SensitiveData:S3Object/Personal";
        case Category::kCustom:
            break;
    }
    return "SensitiveData:S3Object/CustomIdentifier";
}

std::string_view title_of(std::string_view type) {
    if (type.ends_with("Multiple")) {
        return "The S3 object contains multiple types of sensitive information.";
    }
    if (type.ends_with("Credentials")) {
        return "The S3 object contains credentials data.";
    }
    if (type.ends_with("Financial")) {
        return "The S3 object contains financial information.";
    }
    if (type.ends_with("Personal")) {
        return "The S3 object contains personal information.";
    }
    return "The S3 object contains text that matches custom data identifier criteria.";
}

std::string extension_of(std::string_view key) {
    const std::size_t slash = key.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? key : key.substr(slash + 1);
    const std::size_t dot = name.rfind('.');
    return dot == std::string_view::npos ? std::string() : std::string(name.substr(dot + 1));
}

json encryption_json(const std::string& sse) {
    return json{{"encryptionType", sse.empty() ? "NONE" : sse}, {"kmsMasterKeyId", nullptr}};
}

json block_public_access() {
    return json{{"blockPublicAcls", true},
                {"blockPublicPolicy", true},
                {"ignorePublicAcls", true},
                {"restrictPublicBuckets", true}};
}

json resources_affected(const ScannedObject& o) {
    const std::string bucket_arn = "arn:aws:s3:::" + o.bucket;
    json bucket{
        {"name", o.bucket},
        {"arn", bucket_arn},
        {"createdAt", format_iso8601_millis(o.bucket_created_at)},
        {"allowsUnencryptedObjectUploads", "TRUE"},
        {"defaultServerSideEncryption", encryption_json(o.sse)},
        {"owner", json{{"displayName", "owner"}, {"id", o.account_id}}},
        {"publicAccess",
         json{{"effectivePermission", "NOT_PUBLIC"},
              {"permissionConfiguration",
               json{{"accountLevelPermissions", json{{"blockPublicAccess", block_public_access()}}},
                    {"bucketLevelPermissions",
                     json{{"accessControlList",
                           json{{"allowsPublicReadAccess", false},
                                {"allowsPublicWriteAccess", false}}},
                          {"blockPublicAccess", block_public_access()},
                          {"bucketPolicy",
                           json{{"allowsPublicReadAccess", false},
                                {"allowsPublicWriteAccess", false}}}}}}}}},
        {"tags", json::array()}};
    json object{{"bucketArn", bucket_arn},
                {"key", o.key},
                {"path", o.bucket + "/" + o.key},
                {"extension", extension_of(o.key)},
                {"eTag", o.etag},
                {"lastModified", format_iso8601_millis(o.last_modified)},
                {"size", o.size},
                {"storageClass", o.storage_class},
                {"versionId", ""},
                {"publicAccess", false},
                {"tags", json::array()},
                {"serverSideEncryption", encryption_json(o.sse)}};
    return json{{"s3Bucket", std::move(bucket)}, {"s3Object", std::move(object)}};
}

}  // namespace

std::string make_hex_id() {
    std::string id = make_uuid();
    id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
    return id;
}

std::optional<json> make_sensitive_data_finding(const ScannedObject& object,
                                                const scan::ObjectScanResult& result,
                                                const scan::CustomMatcher* custom,
                                                const FindingOrigin& origin,
                                                TimePoint now) {
    const auto& catalogue = scan::managed_catalogue();
    // The reportable types, in order of first occurrence, with their severities.
    struct Reported {
        const scan::TypeResult* type;
        Category category;
        Severity severity;
    };
    std::vector<Reported> reported;
    for (const scan::TypeResult& t : result.types) {
        if (t.count == 0) {
            continue;
        }
        if (t.kind == scan::Match::Kind::kManaged) {
            if (t.index >= catalogue.size()) {
                continue;
            }
            const auto& identifier = catalogue[t.index];
            reported.push_back(
                {&t, identifier.category, scan::severity_for_count(identifier, t.count)});
        } else {
            if (custom == nullptr || t.index >= custom->specs().size()) {
                continue;
            }
            auto severity = scan::custom_severity(custom->specs()[t.index], t.count);
            if (severity) {
                reported.push_back({&t, Category::kCustom, *severity});
            }
        }
    }
    if (reported.empty()) {
        return std::nullopt;
    }
    std::vector<Category> categories;
    Severity severity = Severity::kLow;
    for (const Reported& r : reported) {
        if (std::find(categories.begin(), categories.end(), r.category) == categories.end()) {
            categories.push_back(r.category);
        }
        severity = std::max(severity, r.severity);
    }
    // Located occurrences: first one per type, then the rest in each type's order, up to 15.
    std::map<const scan::TypeResult*, std::vector<const scan::Occurrence*>> located;
    std::size_t budget = kLocationsPerFinding;
    bool unlocated = false;
    for (const Reported& r : reported) {
        if (budget > 0 && !r.type->occurrences.empty()) {
            located[r.type].push_back(&r.type->occurrences.front());
            --budget;
        }
    }
    for (const Reported& r : reported) {
        for (std::size_t i = 1; i < r.type->occurrences.size() && budget > 0; ++i, --budget) {
            located[r.type].push_back(&r.type->occurrences[i]);
        }
        if (located[r.type].size() < r.type->count) {
            unlocated = true;
        }
    }

    json sensitive = json::array();
    static constexpr Category kOrder[] = {
        Category::kCredentials, Category::kFinancial, Category::kPersonal};
    for (Category category : kOrder) {
        json detections = json::array();
        std::uint64_t total = 0;
        for (const Reported& r : reported) {
            if (r.category != category) {
                continue;
            }
            total += r.type->count;
            detections.push_back(json{{"type", catalogue[r.type->index].id},
                                      {"count", r.type->count},
                                      {"occurrences", occurrences_json(located[r.type])}});
        }
        if (!detections.empty()) {
            sensitive.push_back(json{{"category", scan::category_name(category)},
                                     {"totalCount", total},
                                     {"detections", std::move(detections)}});
        }
    }
    json custom_detections = json::array();
    std::uint64_t custom_total = 0;
    for (const Reported& r : reported) {
        if (r.category != Category::kCustom) {
            continue;
        }
        const auto& spec = custom->specs()[r.type->index];
        custom_total += r.type->count;
        custom_detections.push_back(json{{"arn", spec.arn},
                                         {"name", spec.name},
                                         {"count", r.type->count},
                                         {"occurrences", occurrences_json(located[r.type])}});
    }

    const std::string type(type_of(categories));
    const std::string id = make_hex_id();
    const std::string at = format_iso8601_millis(now);
    json job_arn = nullptr;
    json job_id = nullptr;
    std::string results_location;
    if (origin.job_id) {
        job_id = *origin.job_id;
        job_arn = "arn:aws:macie2:" + object.region + ":" + object.account_id +
                  ":classification-job/" + *origin.job_id;
    }
    json status{{"code", result.status},
                {"reason", result.reason ? json(*result.reason) : json(nullptr)}};
    json details{
        {"detailedResultsLocation", nullptr},
        {"jobArn", job_arn},
        {"jobId", job_id},
        {"originType", origin.origin_type},
        {"result",
         json{{"additionalOccurrences", unlocated},
              {"mimeType", result.mime_type},
              {"sizeClassified", result.size_classified},
              {"status", std::move(status)},
              {"customDataIdentifiers",
               json{{"detections", std::move(custom_detections)}, {"totalCount", custom_total}}},
              {"sensitiveData", std::move(sensitive)}}}};
    const auto description =
        categories.size() > 1
            ? std::string("The object contains more than one type of sensitive information.")
            : std::string("The object contains sensitive data that matches ") +
                  (categories.front() == Category::kCustom ? "custom data identifier criteria."
                                                           : "managed data identifier criteria.");
    return json{{"accountId", object.account_id},
                {"archived", false},
                {"category", "CLASSIFICATION"},
                {"classificationDetails", std::move(details)},
                {"count", 1},
                {"createdAt", at},
                {"description", description},
                {"id", id},
                {"partition", "aws"},
                {"region", object.region},
                {"resourcesAffected", resources_affected(object)},
                {"sample", false},
                {"schemaVersion", "1.0"},
                {"severity",
                 json{{"description", scan::severity_name(severity)},
                      {"score", static_cast<int>(severity)}}},
                {"title", title_of(type)},
                {"type", type},
                {"updatedAt", at}};
}

}  // namespace tripline::discover
