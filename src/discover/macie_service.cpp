#include "discover/macie_service.h"

#include <spdlog/spdlog.h>

#include "discover/scan_setup.h"
#include "storage/transaction.h"

namespace tripline::discover {

using nlohmann::json;

namespace {

constexpr std::string_view kSession = "macie2:session";

const char* const kFrequencies[] = {"FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"};

Status check_session_fields(const json& input) {
    if (auto it = input.find("findingPublishingFrequency"); it != input.end() && !it->is_null()) {
        const bool known = it->is_string() && std::any_of(std::begin(kFrequencies),
                                                          std::end(kFrequencies),
                                                          [&](const char* f) { return *it == f; });
        if (!known) {
            return make_error(
                Errc::kInvalidArgument,
                "findingPublishingFrequency must be FIFTEEN_MINUTES, ONE_HOUR or SIX_HOURS");
        }
    }
    if (auto it = input.find("status"); it != input.end() && !it->is_null()) {
        if (!it->is_string() || (*it != "ENABLED" && *it != "PAUSED")) {
            return make_error(Errc::kInvalidArgument, "status must be ENABLED or PAUSED");
        }
    }
    return ok_status();
}

}  // namespace

MacieService::MacieService(storage::Database& db, storage::BucketStore& buckets, Clock& clock)
    : db_(db), buckets_(buckets), clock_(clock), store_(db) {}

MacieService::~MacieService() { stop(); }

void MacieService::set_publisher(MaciePublisher publisher) {
    std::lock_guard lock(publish_mutex_);
    publisher_ = std::move(publisher);
}

std::string MacieService::arn(const MacieScope& scope,
                              std::string_view kind,
                              const std::string& id) const {
    return "arn:aws:macie2:" + scope.region + ":" + scope.account_id + ":" + std::string(kind) +
           (id.empty() ? "" : "/" + id);
}

Result<storage::StoredResource> MacieService::load(const MacieScope& scope,
                                                   std::string_view type,
                                                   const std::string& name) {
    return store_.get(scope.account_id, scope.region, type, name);
}

Status MacieService::save(const MacieScope& scope,
                          std::string_view type,
                          const std::string& name,
                          const std::string& resource_arn,
                          const json& document) {
    storage::StoredResource row;
    row.account_id = scope.account_id;
    row.region = scope.region;
    row.type = std::string(type);
    row.name = name;
    row.arn = resource_arn;
    row.document = document.dump();
    TRIPLINE_TRY(store_.put(row, clock_.now()));
    return ok_status();
}

Status MacieService::enable(const MacieScope& scope, const json& input) {
    TRIPLINE_TRY(check_session_fields(input));
    if (load(scope, kSession, "session")) {
        return make_error(Errc::kFailedPrecondition, "Macie is already enabled for this account.");
    }
    const std::string now = format_iso8601_millis(clock_.now());
    json session{{"createdAt", now},
                 {"updatedAt", now},
                 {"findingPublishingFrequency",
                  input.value("findingPublishingFrequency", "FIFTEEN_MINUTES")},
                 {"serviceRole",
                  "arn:aws:iam::" + scope.account_id +
                      ":role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie"},
                 {"status", input.value("status", "ENABLED")}};
    return save(scope, kSession, "session", arn(scope, "session", ""), session);
}

Result<json> MacieService::get_session(const MacieScope& scope) {
    auto row = load(scope, kSession, "session");
    if (!row) {
        return make_error(Errc::kPermissionDenied, std::string(kMacieNotEnabled));
    }
    return json::parse(row->document);
}

Status MacieService::require_enabled(const MacieScope& scope) {
    TRIPLINE_ASSIGN_OR_RETURN(json session, get_session(scope));
    (void)session;
    return ok_status();
}

Status MacieService::update_session(const MacieScope& scope, const json& input) {
    TRIPLINE_TRY(check_session_fields(input));
    TRIPLINE_ASSIGN_OR_RETURN(json session, get_session(scope));
    for (const char* field : {"findingPublishingFrequency", "status"}) {
        if (auto it = input.find(field); it != input.end() && !it->is_null()) {
            session[field] = *it;
        }
    }
    session["updatedAt"] = format_iso8601_millis(clock_.now());
    return save(scope, kSession, "session", arn(scope, "session", ""), session);
}

Status MacieService::disable(const MacieScope& scope) {
    TRIPLINE_TRY(require_enabled(scope));
    // DisableMacie deletes every Macie setting and resource of the account (macie.md §12).
    TRIPLINE_ASSIGN_OR_RETURN(auto tx, storage::Transaction::begin(db_));
    for (std::string_view type : {"macie2:cdi",
                                  "macie2:allow-list",
                                  "macie2:job",
                                  "macie2:finding",
                                  "macie2:unpublished",
                                  "macie2:session"}) {
        TRIPLINE_ASSIGN_OR_RETURN(auto rows, store_.list(scope.account_id, scope.region, type));
        for (const auto& row : rows) {
            TRIPLINE_TRY(store_.remove(scope.account_id, scope.region, type, row.name));
        }
    }
    TRIPLINE_TRY(tx.commit());
    std::lock_guard lock(mutex_);
    compiled_.clear();
    return ok_status();
}

void MacieService::start(std::chrono::milliseconds interval) {
    if (thread_.joinable()) {
        return;
    }
    stopping_ = false;
    thread_ = std::thread([this, interval] {
        std::unique_lock lock(wake_mutex_);
        while (!stopping_) {
            lock.unlock();
            auto done = run_due();
            if (!done) {
                spdlog::warn("Macie: running jobs failed: {}", done.error().to_string());
            }
            lock.lock();
            if (done && *done > 0) {
                continue;  // more work may be waiting
            }
            wake_.wait_for(lock, interval, [this] { return stopping_; });
        }
    });
}

void MacieService::stop() {
    {
        std::lock_guard lock(wake_mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

}  // namespace tripline::discover
