// DetectService's IPSets and ThreatIntelSets: per-detector IP lists read from S3 objects at
// activation. Stored as resources "guardduty:ipset" / "guardduty:threatintelset" named
// "<detector id>/<set id>"; the document keeps the list read at the last activation, so a restart
// applies the same lists without reading the buckets again.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "detect/detect_service.h"
#include "detect/finding_document.h"
#include "detect/intel/ip_list_parser.h"
#include "detect/intel/threat_intel.h"
#include "storage/resource_store.h"

namespace tripline::detect {

namespace {

constexpr std::string_view kIpSetType = "guardduty:ipset";
constexpr std::string_view kThreatSetType = "guardduty:threatintelset";

std::string_view type_of(IntelSetKind kind) {
    return kind == IntelSetKind::kTrusted ? kIpSetType : kThreatSetType;
}

std::string_view noun_of(IntelSetKind kind) {
    return kind == IntelSetKind::kTrusted ? "IPSet" : "ThreatIntelSet";
}

std::size_t max_entries(IntelSetKind kind) {
    return kind == IntelSetKind::kTrusted ? ThreatIntel::kMaxTrustedListEntries
                                          : ThreatIntel::kMaxThreatListEntries;
}

std::size_t max_active(IntelSetKind kind) {
    return kind == IntelSetKind::kTrusted ? kMaxActiveTrustedSets : kMaxActiveThreatSets;
}

nlohmann::json set_document(const IntelSet& s) {
    return {{"id", s.id},
            {"name", s.name},
            {"format", s.format},
            {"location", s.location},
            {"status", s.status},
            {"expectedBucketOwner", s.expected_bucket_owner},
            {"tags", s.tags},
            {"content", s.content}};
}

IntelSet set_from(const nlohmann::json& doc, IntelSetKind kind) {
    IntelSet s;
    s.kind = kind;
    s.id = doc.value("id", "");
    s.name = doc.value("name", "");
    s.format = doc.value("format", "TXT");
    s.location = doc.value("location", "");
    s.status = doc.value("status", "INACTIVE");
    s.expected_bucket_owner = doc.value("expectedBucketOwner", "");
    s.tags = doc.value("tags", nlohmann::json::object());
    s.content = doc.value("content", "");
    return s;
}

Error no_set(IntelSetKind kind, std::string_view id) {
    return make_error(Errc::kNotFound,
                      "The request is rejected because the " + std::string(noun_of(kind)) + " " +
                          std::string(id) + " does not exist.");
}

Error invalid(const std::string& detail) {
    return make_error(Errc::kInvalidArgument, "The request is rejected because " + detail);
}

Status check_name(std::string_view name) {
    if (name.empty() || name.size() > ThreatIntel::kMaxListNameLength) {
        return invalid("name must be 1 to 300 characters long.");
    }
    return ok_status();
}

Status check_format(std::string_view format) {
    static constexpr std::string_view kFormats[] = {
        "TXT", "STIX", "OTX_CSV", "ALIEN_VAULT", "PROOF_POINT", "FIRE_EYE"};
    if (std::find(std::begin(kFormats), std::end(kFormats), format) == std::end(kFormats)) {
        return invalid("format '" + std::string(format) +
                       "' is not one of TXT, STIX, OTX_CSV, ALIEN_VAULT, PROOF_POINT, FIRE_EYE.");
    }
    if (format != "TXT") {
        return invalid("Tripline reads lists in the TXT format only, not " + std::string(format) +
                       " (docs/guardduty.md).");
    }
    return ok_status();
}

std::size_t active_count(const std::vector<IntelSet>& sets,
                         IntelSetKind kind,
                         std::string_view except) {
    return static_cast<std::size_t>(std::count_if(sets.begin(), sets.end(), [&](const IntelSet& s) {
        return s.kind == kind && s.status == "ACTIVE" && s.id != except;
    }));
}

}  // namespace

void DetectService::set_list_reader(ListObjectReader reader) {
    std::lock_guard lock(intel_mutex_);
    list_reader_ = std::move(reader);
}

std::shared_ptr<const ThreatIntel> DetectService::intel_for(const std::string& detector_id) const {
    std::lock_guard lock(intel_mutex_);
    auto it = detector_intel_.find(detector_id);
    return it != detector_intel_.end() ? it->second : intel_;
}

Result<std::string> DetectService::read_list(const Detector& detector, const IntelSet& set) {
    TRIPLINE_ASSIGN_OR_RETURN(S3Location where, parse_s3_location(set.location));
    if (!list_reader_) {
        return make_error(Errc::kFailedPrecondition,
                          "The request is rejected because this server has no S3 storage to read "
                          "the list from.");
    }
    auto object = list_reader_(where.bucket, where.key);
    if (!object) {
        if (object.error().code == Errc::kNotFound) {
            return make_error(Errc::kNotFound,
                              "The request is rejected because the list at " + set.location +
                                  " cannot be read: " + object.error().message);
        }
        return invalid("the list at " + set.location +
                       " cannot be read: " + object.error().message);
    }
    const std::string& owner =
        set.expected_bucket_owner.empty() ? detector.account_id : set.expected_bucket_owner;
    if (object->owner_account_id != owner) {
        return invalid("the bucket " + where.bucket + " is not owned by account " + owner + ".");
    }
    if (object->content.size() > kMaxIntelSetObjectBytes) {
        return make_error(Errc::kLimitExceeded,
                          "The request is rejected because the list at " + set.location +
                              " is larger than 35 MB.");
    }
    TRIPLINE_TRY(parse_ip_list(object->content, set.location, max_entries(set.kind)));
    return std::move(object->content);
}

Status DetectService::store_intel_set(const Detector& detector, const IntelSet& set) {
    storage::ResourceStore store(db_);
    storage::StoredResource row;
    row.account_id = detector.account_id;
    row.region = detector.region;
    row.type = std::string(type_of(set.kind));
    row.name = detector.id + "/" + set.id;
    row.arn = "arn:aws:guardduty:" + detector.region + ":" + detector.account_id + ":detector/" +
              detector.id + "/" +
              (set.kind == IntelSetKind::kTrusted ? "ipset/" : "threatintelset/") + set.id;
    row.document = set_document(set).dump();
    TRIPLINE_TRY(store.put(row, clock_.now()));
    return ok_status();
}

Result<IntelSet> DetectService::create_intel_set(const Detector& detector,
                                                 IntelSet set,
                                                 bool activate) {
    TRIPLINE_TRY(check_name(set.name));
    TRIPLINE_TRY(check_format(set.format));
    TRIPLINE_TRY(parse_s3_location(set.location));
    if (!set.tags.is_object()) {
        return invalid("tags must be a map of strings.");
    }
    std::lock_guard lock(intel_mutex_);
    auto& sets = intel_sets_[detector.id];
    for (const IntelSet& existing : sets) {
        if (existing.kind == set.kind && existing.name == set.name) {
            return make_error(Errc::kAlreadyExists,
                              "The request is rejected because a " +
                                  std::string(noun_of(set.kind)) + " named " + set.name +
                                  " already exists.");
        }
    }
    if (activate) {
        if (active_count(sets, set.kind, "") >= max_active(set.kind)) {
            return make_error(Errc::kLimitExceeded,
                              "The request is rejected because the detector already has " +
                                  std::to_string(max_active(set.kind)) + " active " +
                                  std::string(noun_of(set.kind)) + "s.");
        }
        TRIPLINE_ASSIGN_OR_RETURN(set.content, read_list(detector, set));
        set.status = "ACTIVE";
    } else {
        set.status = "INACTIVE";
    }
    set.id = make_hex_id();
    TRIPLINE_TRY(store_intel_set(detector, set));
    sets.push_back(set);
    TRIPLINE_TRY(rebuild_intel_locked(detector.id));
    return set;
}

Result<IntelSet> DetectService::get_intel_set(const Detector& detector,
                                              IntelSetKind kind,
                                              std::string_view id) {
    std::lock_guard lock(intel_mutex_);
    auto it = intel_sets_.find(detector.id);
    if (it != intel_sets_.end()) {
        for (const IntelSet& s : it->second) {
            if (s.kind == kind && s.id == id) {
                return s;
            }
        }
    }
    return no_set(kind, id);
}

Result<IntelSet> DetectService::update_intel_set(const Detector& detector,
                                                 IntelSetKind kind,
                                                 std::string_view id,
                                                 const IntelSetSettings& settings) {
    TRIPLINE_ASSIGN_OR_RETURN(IntelSet set, get_intel_set(detector, kind, id));
    if (settings.name) {
        TRIPLINE_TRY(check_name(*settings.name));
        set.name = *settings.name;
    }
    if (settings.location) {
        TRIPLINE_TRY(parse_s3_location(*settings.location));
        set.location = *settings.location;
    }
    if (settings.expected_bucket_owner) {
        set.expected_bucket_owner = *settings.expected_bucket_owner;
    }
    std::lock_guard lock(intel_mutex_);
    auto& sets = intel_sets_[detector.id];
    auto it = std::find_if(
        sets.begin(), sets.end(), [&](const IntelSet& s) { return s.kind == kind && s.id == id; });
    if (it == sets.end()) {
        return no_set(kind, id);  // deleted meanwhile
    }
    if (settings.activate && *settings.activate) {
        if (active_count(sets, kind, id) >= max_active(kind)) {
            return make_error(Errc::kLimitExceeded,
                              "The request is rejected because the detector already has " +
                                  std::to_string(max_active(kind)) + " active " +
                                  std::string(noun_of(kind)) + "s.");
        }
        TRIPLINE_ASSIGN_OR_RETURN(set.content, read_list(detector, set));
        set.status = "ACTIVE";
    } else if (settings.activate) {
        set.status = "INACTIVE";
        set.content.clear();
    }
    TRIPLINE_TRY(store_intel_set(detector, set));
    *it = set;
    TRIPLINE_TRY(rebuild_intel_locked(detector.id));
    return set;
}

Status DetectService::delete_intel_set(const Detector& detector,
                                       IntelSetKind kind,
                                       std::string_view id) {
    TRIPLINE_TRY(get_intel_set(detector, kind, id));
    std::lock_guard lock(intel_mutex_);
    auto& sets = intel_sets_[detector.id];
    storage::ResourceStore store(db_);
    TRIPLINE_TRY(store.remove(
        detector.account_id, detector.region, type_of(kind), detector.id + "/" + std::string(id)));
    std::erase_if(sets, [&](const IntelSet& s) { return s.kind == kind && s.id == id; });
    return rebuild_intel_locked(detector.id);
}

Result<std::vector<IntelSet>> DetectService::list_intel_sets(const Detector& detector,
                                                             IntelSetKind kind) {
    std::lock_guard lock(intel_mutex_);
    std::vector<IntelSet> out;
    auto it = intel_sets_.find(detector.id);
    if (it != intel_sets_.end()) {
        for (const IntelSet& s : it->second) {
            if (s.kind == kind) {
                out.push_back(s);
            }
        }
    }
    return out;
}

Status DetectService::rebuild_intel_locked(const std::string& detector_id) {
    auto rebuild = [this](const std::string& id, const std::vector<IntelSet>& sets) -> Status {
        if (std::none_of(
                sets.begin(), sets.end(), [](const IntelSet& s) { return s.status == "ACTIVE"; })) {
            detector_intel_.erase(id);
            return ok_status();
        }
        ThreatIntel intel = intel_ ? *intel_ : ThreatIntel{};
        for (const IntelSet& s : sets) {
            if (s.status != "ACTIVE") {
                continue;
            }
            TRIPLINE_TRY(s.kind == IntelSetKind::kTrusted
                             ? intel.add_trusted_list(s.name, s.content)
                             : intel.add_threat_list(s.name, s.content));
        }
        detector_intel_[id] = std::make_shared<const ThreatIntel>(std::move(intel));
        return ok_status();
    };
    if (!detector_id.empty()) {
        return rebuild(detector_id, intel_sets_[detector_id]);
    }
    detector_intel_.clear();
    for (const auto& [id, sets] : intel_sets_) {
        TRIPLINE_TRY(rebuild(id, sets));
    }
    return ok_status();
}

Status DetectService::load_intel_sets() {
    storage::ResourceStore store(db_);
    std::map<std::string, std::vector<IntelSet>> loaded;
    for (IntelSetKind kind : {IntelSetKind::kTrusted, IntelSetKind::kThreat}) {
        TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.list_all(type_of(kind)));
        for (const auto& row : rows) {
            nlohmann::json doc = nlohmann::json::parse(row.document, nullptr, false);
            auto slash = row.name.find('/');
            if (!doc.is_object() || slash == std::string::npos) {
                return make_error(
                    Errc::kInternal,
                    "GuardDuty " + std::string(noun_of(kind)) + " " + row.name + " is corrupt");
            }
            loaded[row.name.substr(0, slash)].push_back(set_from(doc, kind));
        }
    }
    std::lock_guard lock(intel_mutex_);
    intel_sets_ = std::move(loaded);
    return rebuild_intel_locked("");
}

Status DetectService::remove_intel_sets(const Detector& detector) {
    storage::ResourceStore store(db_);
    for (IntelSetKind kind : {IntelSetKind::kTrusted, IntelSetKind::kThreat}) {
        TRIPLINE_ASSIGN_OR_RETURN(auto rows,
                                  store.list(detector.account_id, detector.region, type_of(kind)));
        for (const auto& row : rows) {
            if (row.name.starts_with(detector.id + "/")) {
                TRIPLINE_TRY(
                    store.remove(detector.account_id, detector.region, type_of(kind), row.name));
            }
        }
    }
    return ok_status();
}

}  // namespace tripline::detect
