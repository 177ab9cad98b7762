// QueueService, part 1: queues (create, look up, attributes, list, tags, delete, purge). The
// message operations and long polling are in queue_service_messages.cpp.
#include "notify/queue_service.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "base/arn.h"
#include "storage/statement.h"
#include "storage/transaction.h"

namespace tripline::notify {

namespace {

std::string seconds_since_epoch(TimePoint t) {
    return std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

std::string queue_document(const QueueInfo& info) {
    nlohmann::json attributes = nlohmann::json::object();
    for (const auto& [name, value] : info.attributes) {
        attributes[name] = value;
    }
    nlohmann::json tags = nlohmann::json::object();
    for (const auto& [key, value] : info.tags) {
        tags[key] = value;
    }
    return nlohmann::json{{"attributes", attributes}, {"tags", tags}}.dump();
}

Error fifo_refused() {
    return make_error(Errc::kFailedPrecondition,
                      "Tripline supports standard queues only: FIFO queues (FifoQueue, names "
                      "ending in .fifo) are not supported.");
}

}  // namespace

QueueService::QueueService(storage::Database& db,
                           Clock& clock,
                           std::function<std::string()> public_url)
    : db_(db), clock_(clock), public_url_(std::move(public_url)), resources_(db), messages_(db) {}

QueueService::~QueueService() {
    shutdown();
    std::unique_lock lock(wait_mutex_);
    wait_cv_.wait(lock, [this] { return waiting_ == 0; });
}

bool QueueService::is_valid_queue_name(std::string_view name) {
    if (name.empty() || name.size() > 80) {
        return false;
    }
    for (char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
            return false;
        }
    }
    return true;
}

std::string QueueService::queue_arn(const QueueRef& ref) {
    return "arn:aws:sqs:" + ref.region + ":" + ref.account_id + ":" + ref.name;
}

std::string QueueService::queue_url(const QueueRef& ref) const {
    std::string base = public_url_ ? public_url_() : std::string();
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    return base + "/" + ref.account_id + "/" + ref.name;
}

std::optional<std::pair<std::string, std::string>> QueueService::parse_queue_url(
    std::string_view url) {
    std::size_t query = url.find_first_of("?#");
    if (query != std::string_view::npos) {
        url = url.substr(0, query);
    }
    while (!url.empty() && url.back() == '/') {
        url.remove_suffix(1);
    }
    std::size_t last = url.rfind('/');
    if (last == std::string_view::npos || last == 0) {
        return std::nullopt;
    }
    std::string_view name = url.substr(last + 1);
    std::size_t before = url.rfind('/', last - 1);
    if (before == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view account = url.substr(before + 1, last - before - 1);
    if (name.empty() || !is_valid_account_id(account)) {
        return std::nullopt;
    }
    return std::make_pair(std::string(account), std::string(name));
}

Result<QueueInfo> QueueService::load(const storage::StoredResource& resource) const {
    auto document = nlohmann::json::parse(resource.document, nullptr, false);
    if (document.is_discarded() || !document.is_object()) {
        return make_error(Errc::kInternal, "queue " + resource.arn + " has a malformed document");
    }
    QueueInfo info;
    info.ref = {resource.account_id, resource.region, resource.name};
    info.arn = resource.arn;
    info.url = queue_url(info.ref);
    info.attributes = default_queue_attributes();
    const nlohmann::json attributes = document.value("attributes", nlohmann::json::object());
    for (const auto& [name, value] : attributes.items()) {
        if (value.is_string()) {
            info.attributes[name] = value.get<std::string>();
        }
    }
    const nlohmann::json tags = document.value("tags", nlohmann::json::object());
    for (const auto& [key, value] : tags.items()) {
        if (value.is_string()) {
            info.tags[key] = value.get<std::string>();
        }
    }
    info.created_at = resource.created_at;
    info.updated_at = resource.updated_at;
    return info;
}

Result<QueueInfo> QueueService::find(const QueueRef& ref) {
    auto resource = resources_.get(ref.account_id, ref.region, kQueueResourceType, ref.name);
    if (!resource) {
        if (resource.error().code == Errc::kNotFound) {
            return make_error(Errc::kNotFound, "The specified queue does not exist.");
        }
        return resource.error();
    }
    return load(*resource);
}

Status QueueService::store(const QueueInfo& info) {
    storage::StoredResource resource;
    resource.account_id = info.ref.account_id;
    resource.region = info.ref.region;
    resource.type = std::string(kQueueResourceType);
    resource.name = info.ref.name;
    resource.arn = info.arn;
    resource.document = queue_document(info);
    TRIPLINE_TRY(resources_.put(resource, clock_.now()));
    return ok_status();
}

Status QueueService::check_attributes(const QueueRef& ref, const QueueAttributeMap& attributes) {
    for (const auto& [name, value] : attributes) {
        if (is_fifo_queue_attribute(name)) {
            return fifo_refused();
        }
        TRIPLINE_TRY(validate_queue_attribute(name, value));
        if (name == "RedrivePolicy" && !value.empty()) {
            TRIPLINE_ASSIGN_OR_RETURN(RedrivePolicy policy, parse_redrive_policy(value));
            auto target = resources_.get_by_arn(policy.dead_letter_target_arn);
            if (!target || target->type != kQueueResourceType ||
                target->account_id != ref.account_id || target->region != ref.region) {
                return make_error(Errc::kInvalidArgument,
                                  "Value " + value +
                                      " for parameter RedrivePolicy is invalid. Reason: Dead "
                                      "letter target does not exist.");
            }
        }
    }
    return ok_status();
}

Result<QueueInfo> QueueService::create_queue(const QueueRef& ref,
                                             const QueueAttributeMap& attributes,
                                             const std::map<std::string, std::string>& tags) {
    if (ref.name.ends_with(".fifo")) {
        return fifo_refused();
    }
    if (!is_valid_queue_name(ref.name)) {
        return make_error(Errc::kInvalidArgument,
                          "Can only include alphanumeric characters, hyphens, or underscores. 1 "
                          "to 80 in length");
    }
    TRIPLINE_TRY(check_attributes(ref, attributes));
    QueueInfo created;
    Status status = storage::with_transaction(db_, [&]() -> Status {
        auto existing = resources_.get(ref.account_id, ref.region, kQueueResourceType, ref.name);
        if (existing) {
            TRIPLINE_ASSIGN_OR_RETURN(created, load(*existing));
            for (const auto& [name, value] : attributes) {
                auto it = created.attributes.find(name);
                const std::string current = it == created.attributes.end() ? "" : it->second;
                if (current != value) {
                    return make_error(Errc::kAlreadyExists,
                                      "A queue already exists with the same name and a different "
                                      "value for attribute " +
                                          name);
                }
            }
            return ok_status();
        }
        if (existing.error().code != Errc::kNotFound) {
            return existing.error();
        }
        created = QueueInfo{};
        created.ref = ref;
        created.arn = queue_arn(ref);
        created.url = queue_url(ref);
        created.attributes = default_queue_attributes();
        for (const auto& [name, value] : attributes) {
            if (!value.empty()) {
                created.attributes[name] = value;
            }
        }
        created.tags = tags;
        created.created_at = created.updated_at = clock_.now();
        return store(created);
    });
    TRIPLINE_TRY(status);
    return created;
}

Result<QueueInfo> QueueService::get_queue(const QueueRef& ref) { return find(ref); }

Result<QueueAttributeMap> QueueService::get_queue_attributes(
    const QueueRef& ref, const std::vector<std::string>& names) {
    bool all = false;
    for (const std::string& name : names) {
        if (name == "All") {
            all = true;
        } else if (!is_queue_attribute_name(name)) {
            return make_error(Errc::kInvalidArgument, "Unknown Attribute " + name + ".");
        }
    }
    TRIPLINE_ASSIGN_OR_RETURN(QueueInfo queue, find(ref));
    const TimePoint now = clock_.now();
    TRIPLINE_ASSIGN_OR_RETURN(storage::QueueMessageCounts counts,
                              messages_.counts(queue.arn, now, expired_before(queue, now)));
    QueueAttributeMap every = queue.attributes;
    every["QueueArn"] = queue.arn;
    every["ApproximateNumberOfMessages"] = std::to_string(counts.visible);
    every["ApproximateNumberOfMessagesNotVisible"] = std::to_string(counts.in_flight);
    every["ApproximateNumberOfMessagesDelayed"] = std::to_string(counts.delayed);
    every["CreatedTimestamp"] = seconds_since_epoch(queue.created_at);
    every["LastModifiedTimestamp"] = seconds_since_epoch(queue.updated_at);
    if (all) {
        return every;
    }
    QueueAttributeMap selected;
    for (const std::string& name : names) {
        auto it = every.find(name);
        if (it != every.end()) {
            selected[name] = it->second;
        }
    }
    return selected;
}

Status QueueService::set_queue_attributes(const QueueRef& ref,
                                          const QueueAttributeMap& attributes) {
    for (const auto& [name, value] : attributes) {
        if (!is_settable_queue_attribute(name) && !is_fifo_queue_attribute(name)) {
            return make_error(Errc::kInvalidArgument, "Unknown Attribute " + name + ".");
        }
    }
    TRIPLINE_TRY(check_attributes(ref, attributes));
    return storage::with_transaction(db_, [&]() -> Status {
        TRIPLINE_ASSIGN_OR_RETURN(QueueInfo queue, find(ref));
        for (const auto& [name, value] : attributes) {
            if (value.empty()) {
                queue.attributes.erase(name);  // "" removes RedrivePolicy, Policy, …
                auto defaults = default_queue_attributes();
                if (auto it = defaults.find(name); it != defaults.end()) {
                    queue.attributes[name] = it->second;
                }
            } else {
                queue.attributes[name] = value;
            }
        }
        return store(queue);
    });
}

Result<std::vector<QueueInfo>> QueueService::list_queues(std::string_view account_id,
                                                         std::string_view region,
                                                         std::string_view prefix) {
    TRIPLINE_ASSIGN_OR_RETURN(auto stored, resources_.list(account_id, region, kQueueResourceType));
    std::vector<QueueInfo> out;
    for (const auto& resource : stored) {
        if (resource.name.starts_with(prefix)) {
            TRIPLINE_ASSIGN_OR_RETURN(QueueInfo info, load(resource));
            out.push_back(std::move(info));
        }
    }
    return out;
}

Status QueueService::delete_queue(const QueueRef& ref) {
    Status status = storage::with_transaction(db_, [&]() -> Status {
        TRIPLINE_ASSIGN_OR_RETURN(QueueInfo queue, find(ref));
        TRIPLINE_TRY(messages_.purge(queue.arn));
        return resources_.remove(ref.account_id, ref.region, kQueueResourceType, ref.name);
    });
    TRIPLINE_TRY(status);
    signal_waiters();  // receivers waiting on the deleted queue find it gone
    return ok_status();
}

Result<std::int64_t> QueueService::purge_queue(const QueueRef& ref) {
    std::int64_t purged = 0;
    Status status = storage::with_transaction(db_, [&]() -> Status {
        TRIPLINE_ASSIGN_OR_RETURN(QueueInfo queue, find(ref));
        TRIPLINE_ASSIGN_OR_RETURN(purged, messages_.purge(queue.arn));
        return ok_status();
    });
    TRIPLINE_TRY(status);
    return purged;
}

Status QueueService::tag_queue(const QueueRef& ref,
                               const std::map<std::string, std::string>& tags) {
    return storage::with_transaction(db_, [&]() -> Status {
        TRIPLINE_ASSIGN_OR_RETURN(QueueInfo queue, find(ref));
        for (const auto& [key, value] : tags) {
            queue.tags[key] = value;
        }
        return store(queue);
    });
}

Status QueueService::untag_queue(const QueueRef& ref, const std::vector<std::string>& keys) {
    return storage::with_transaction(db_, [&]() -> Status {
        TRIPLINE_ASSIGN_OR_RETURN(QueueInfo queue, find(ref));
        for (const auto& key : keys) {
            queue.tags.erase(key);
        }
        return store(queue);
    });
}

TimePoint QueueService::expired_before(const QueueInfo& queue, TimePoint now) const {
    const int retention = queue_attribute_int(queue.attributes, "MessageRetentionPeriod", 345600);
    return now - std::chrono::seconds(retention);
}

}  // namespace tripline::notify
