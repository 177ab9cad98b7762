#include "notify/topic_records.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "storage/resource_store.h"

namespace tripline::notify {

namespace {

using nlohmann::json;

std::int64_t to_millis(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_millis(std::int64_t ms) {
    return TimePoint{std::chrono::duration_cast<Duration>(std::chrono::milliseconds{ms})};
}

std::string_view status_name(SubscriptionStatus status) {
    switch (status) {
        case SubscriptionStatus::kPending:
            return "pending";
        case SubscriptionStatus::kConfirmed:
            return "confirmed";
        case SubscriptionStatus::kDeleted:
            return "deleted";
    }
    return "pending";
}

json string_map(const std::map<std::string, std::string>& values) {
    json out = json::object();
    for (const auto& [k, v] : values) {
        out[k] = v;
    }
    return out;
}

std::map<std::string, std::string> read_string_map(const json& doc, const char* key) {
    std::map<std::string, std::string> out;
    auto it = doc.find(key);
    if (it != doc.end() && it->is_object()) {
        for (const auto& [k, v] : it->items()) {
            if (v.is_string()) {
                out[k] = v.get<std::string>();
            }
        }
    }
    return out;
}

std::string read_string(const json& doc, const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<json> parse_document(const storage::StoredResource& row) {
    json doc = json::parse(row.document, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return make_error(Errc::kInternal, "the stored document of " + row.arn + " is unreadable");
    }
    return doc;
}

Result<TopicRecord> topic_from_row(const storage::StoredResource& row) {
    TRIPLINE_ASSIGN_OR_RETURN(json doc, parse_document(row));
    TopicRecord topic;
    topic.account_id = row.account_id;
    topic.region = row.region;
    topic.name = row.name;
    topic.arn = row.arn;
    topic.attributes = read_string_map(doc, "attributes");
    if (auto it = doc.find("tags"); it != doc.end() && it->is_array()) {
        for (const json& tag : *it) {
            topic.tags.push_back({read_string(tag, "Key"), read_string(tag, "Value")});
        }
    }
    return topic;
}

Result<SubscriptionRecord> subscription_from_row(const storage::StoredResource& row) {
    TRIPLINE_ASSIGN_OR_RETURN(json doc, parse_document(row));
    SubscriptionRecord s;
    s.account_id = row.account_id;
    s.region = row.region;
    s.id = row.name;
    s.arn = row.arn;
    s.topic_arn = read_string(doc, "topic_arn");
    s.protocol = read_string(doc, "protocol");
    s.endpoint = read_string(doc, "endpoint");
    s.owner = read_string(doc, "owner");
    std::string status = read_string(doc, "status");
    s.status = status == "confirmed" ? SubscriptionStatus::kConfirmed
               : status == "deleted" ? SubscriptionStatus::kDeleted
                                     : SubscriptionStatus::kPending;
    s.token = read_string(doc, "token");
    s.token_expires_at = from_millis(doc.value("token_expires_at_ms", std::int64_t{0}));
    s.deleted_at = from_millis(doc.value("deleted_at_ms", std::int64_t{0}));
    s.confirmation_was_authenticated = doc.value("confirmation_was_authenticated", false);
    s.authenticate_on_unsubscribe = doc.value("authenticate_on_unsubscribe", false);
    s.attributes = read_string_map(doc, "attributes");
    return s;
}

}  // namespace

Result<std::optional<TopicRecord>> TopicRepository::find_topic(std::string_view account_id,
                                                               std::string_view region,
                                                               std::string_view name) {
    storage::ResourceStore store(db_);
    auto row = store.get(account_id, region, kTopicResourceType, name);
    if (!row.has_value()) {
        if (row.error().code == Errc::kNotFound) {
            return std::optional<TopicRecord>();
        }
        return unexpected(std::move(row).error());
    }
    TRIPLINE_ASSIGN_OR_RETURN(TopicRecord topic, topic_from_row(*row));
    return std::optional<TopicRecord>(std::move(topic));
}

Result<std::vector<TopicRecord>> TopicRepository::list_topics(std::string_view account_id,
                                                              std::string_view region) {
    storage::ResourceStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.list(account_id, region, kTopicResourceType));
    std::vector<TopicRecord> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        TRIPLINE_ASSIGN_OR_RETURN(TopicRecord topic, topic_from_row(row));
        out.push_back(std::move(topic));
    }
    return out;
}

Status TopicRepository::put_topic(const TopicRecord& topic, TimePoint now) {
    json tags = json::array();
    for (const SnsTag& tag : topic.tags) {
        tags.push_back({{"Key", tag.key}, {"Value", tag.value}});
    }
    json doc = {{"attributes", string_map(topic.attributes)}, {"tags", std::move(tags)}};
    storage::StoredResource row;
    row.account_id = topic.account_id;
    row.region = topic.region;
    row.type = kTopicResourceType;
    row.name = topic.name;
    row.arn = topic.arn;
    row.document = doc.dump(-1, ' ', false, json::error_handler_t::replace);
    storage::ResourceStore store(db_);
    TRIPLINE_TRY(store.put(row, now));
    return ok_status();
}

Status TopicRepository::remove_topic(const TopicRecord& topic) {
    storage::ResourceStore store(db_);
    return store.remove(topic.account_id, topic.region, kTopicResourceType, topic.name);
}

Result<std::optional<SubscriptionRecord>> TopicRepository::find_subscription(
    std::string_view account_id, std::string_view region, std::string_view id) {
    storage::ResourceStore store(db_);
    auto row = store.get(account_id, region, kSubscriptionResourceType, id);
    if (!row.has_value()) {
        if (row.error().code == Errc::kNotFound) {
            return std::optional<SubscriptionRecord>();
        }
        return unexpected(std::move(row).error());
    }
    TRIPLINE_ASSIGN_OR_RETURN(SubscriptionRecord s, subscription_from_row(*row));
    return std::optional<SubscriptionRecord>(std::move(s));
}

Result<std::vector<SubscriptionRecord>> TopicRepository::list_subscriptions(
    std::string_view account_id, std::string_view region) {
    storage::ResourceStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto rows, store.list(account_id, region, kSubscriptionResourceType));
    std::vector<SubscriptionRecord> out;
    out.reserve(rows.size());
    for (const auto& row : rows) {
        TRIPLINE_ASSIGN_OR_RETURN(SubscriptionRecord s, subscription_from_row(row));
        out.push_back(std::move(s));
    }
    return out;
}

Result<std::vector<SubscriptionRecord>> TopicRepository::subscriptions_of(
    const TopicRecord& topic) {
    storage::ResourceStore store(db_);
    TRIPLINE_ASSIGN_OR_RETURN(
        auto rows, store.list(topic.account_id, topic.region, kSubscriptionResourceType));
    // Publish reads this for every message: skip the other topics' rows without parsing them.
    // put_subscription() writes the member exactly so (compact JSON; ARNs need no escaping).
    const std::string needle = "\"topic_arn\":\"" + topic.arn + "\"";
    std::vector<SubscriptionRecord> out;
    for (const auto& row : rows) {
        if (row.document.find(needle) == std::string::npos) {
            continue;
        }
        TRIPLINE_ASSIGN_OR_RETURN(SubscriptionRecord s, subscription_from_row(row));
        if (s.topic_arn == topic.arn) {
            out.push_back(std::move(s));
        }
    }
    return out;
}

Status TopicRepository::put_subscription(const SubscriptionRecord& s, TimePoint now) {
    json doc = {
        {"topic_arn", s.topic_arn},
        {"protocol", s.protocol},
        {"endpoint", s.endpoint},
        {"owner", s.owner},
        {"status", status_name(s.status)},
        {"token", s.token},
        {"token_expires_at_ms", to_millis(s.token_expires_at)},
        {"deleted_at_ms", to_millis(s.deleted_at)},
        {"confirmation_was_authenticated", s.confirmation_was_authenticated},
        {"authenticate_on_unsubscribe", s.authenticate_on_unsubscribe},
        {"attributes", string_map(s.attributes)},
    };
    storage::StoredResource row;
    row.account_id = s.account_id;
    row.region = s.region;
    row.type = kSubscriptionResourceType;
    row.name = s.id;
    row.arn = s.arn;
    row.document = doc.dump(-1, ' ', false, json::error_handler_t::replace);
    storage::ResourceStore store(db_);
    TRIPLINE_TRY(store.put(row, now));
    return ok_status();
}

Status TopicRepository::remove_subscription(const SubscriptionRecord& s) {
    storage::ResourceStore store(db_);
    return store.remove(s.account_id, s.region, kSubscriptionResourceType, s.id);
}

}  // namespace tripline::notify
