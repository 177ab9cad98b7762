// TopicService: construction, access checks and the topic operations (topic_service.h).
#include "notify/topic_service.h"

#include <algorithm>
#include <set>

#include "notify/topic_arns.h"
#include "notify/topic_attributes.h"
#include "notify/topic_delivery_policy.h"
#include "notify/topic_paging.h"
#include "storage/transaction.h"

namespace tripline::notify {

namespace {

Error invalid(std::string_view reason) {
    return make_error(Errc::kInvalidArgument, "Invalid parameter: " + std::string(reason));
}

Error topic_not_found() { return make_error(Errc::kNotFound, "Topic does not exist"); }

Status validate_tags(const std::vector<SnsTag>& tags) {
    std::set<std::string_view> keys;
    for (const SnsTag& tag : tags) {
        if (tag.key.empty() || tag.key.size() > 128) {
            return invalid("Tags Reason: Tag keys must be between 1 and 128 characters long");
        }
        if (tag.value.size() > 256) {
            return invalid("Tags Reason: Tag values must be at most 256 characters long");
        }
        if (tag.key.starts_with("aws:")) {
            return invalid("Tags Reason: Tag keys may not start with the reserved prefix aws:");
        }
        if (!keys.insert(tag.key).second) {
            return invalid("Tags Reason: Duplicate tag key " + tag.key);
        }
    }
    if (tags.size() > kMaxTopicTags) {
        return make_error(Errc::kLimitExceeded,
                          "Could not complete request: tag quota of per resource exceeded");
    }
    return ok_status();
}

bool same_tags(std::vector<SnsTag> a, std::vector<SnsTag> b) {
    auto by_key = [](const SnsTag& x, const SnsTag& y) { return x.key < y.key; };
    std::sort(a.begin(), a.end(), by_key);
    std::sort(b.begin(), b.end(), by_key);
    return a == b;
}

}  // namespace

TopicService::TopicService(storage::Database& db, Clock& clock, TopicServiceOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {}

std::string TopicService::public_url() const {
    return options_.public_url ? options_.public_url() : std::string();
}

void TopicService::notify_enqueued() const {
    if (options_.on_enqueued) {
        options_.on_enqueued();
    }
}

Status TopicService::authorize(const SnsCaller& caller,
                               std::string_view owner_account,
                               std::string_view resource_arn,
                               std::string_view action) const {
    if (!caller.authenticated || caller.aws_service || caller.account_id == owner_account) {
        return ok_status();
    }
    std::string who = caller.principal_arn.empty() ? "arn:aws:iam::" + caller.account_id + ":root"
                                                   : caller.principal_arn;
    return make_error(Errc::kPermissionDenied,
                      "User: " + who + " is not authorized to perform: SNS:" + std::string(action) +
                          " on resource: " + std::string(resource_arn));
}

Result<TopicRecord> TopicService::load_topic(TopicRepository& repo,
                                             const SnsCaller& caller,
                                             std::string_view topic_arn,
                                             std::string_view action) {
    TRIPLINE_ASSIGN_OR_RETURN(TopicRef ref, parse_topic_arn(topic_arn));
    if (caller.authenticated && !caller.aws_service && !caller.region.empty() &&
        ref.region != caller.region) {
        return invalid("TopicArn");
    }
    TRIPLINE_TRY(authorize(caller, ref.account_id, ref.arn, action));
    TRIPLINE_ASSIGN_OR_RETURN(auto topic, repo.find_topic(ref.account_id, ref.region, ref.name));
    if (!topic) {
        return topic_not_found();
    }
    return std::move(*topic);
}

Result<std::string> TopicService::create_topic(const SnsCaller& caller,
                                               const CreateTopicRequest& request) {
    if (!is_valid_topic_name(request.name)) {
        return invalid("Topic Name");
    }
    for (const auto& [name, value] : request.attributes) {
        TRIPLINE_TRY(validate_topic_attribute(name, value));
    }
    TRIPLINE_TRY(validate_tags(request.tags));
    const std::string arn = make_topic_arn(caller.region, caller.account_id, request.name);
    TRIPLINE_TRY(storage::with_transaction(db_, [&]() -> Status {
        TopicRepository repo(db_);
        TRIPLINE_ASSIGN_OR_RETURN(auto existing,
                                  repo.find_topic(caller.account_id, caller.region, request.name));
        if (existing) {
            for (const auto& [name, value] : request.attributes) {
                auto it = existing->attributes.find(name);
                std::string current = it == existing->attributes.end() ? "" : it->second;
                if (current != value) {
                    return invalid(
                        "Attributes Reason: Topic already exists with different attributes");
                }
            }
            if (!request.tags.empty() && !same_tags(request.tags, existing->tags)) {
                return invalid("Tags Reason: Topic already exists with different tags");
            }
            return ok_status();
        }
        TopicRecord topic;
        topic.account_id = caller.account_id;
        topic.region = caller.region;
        topic.name = request.name;
        topic.arn = arn;
        for (const auto& [name, value] : request.attributes) {
            if (!value.empty()) {
                topic.attributes[name] = value;
            }
        }
        topic.tags = request.tags;
        return repo.put_topic(topic, clock_.now());
    }));
    return arn;
}

Status TopicService::delete_topic(const SnsCaller& caller, std::string_view topic_arn) {
    TRIPLINE_ASSIGN_OR_RETURN(TopicRef ref, parse_topic_arn(topic_arn));
    if (caller.authenticated && !caller.aws_service && ref.region != caller.region) {
        return invalid("TopicArn");
    }
    TRIPLINE_TRY(authorize(caller, ref.account_id, ref.arn, "DeleteTopic"));
    return storage::with_transaction(db_, [&]() -> Status {
        TopicRepository repo(db_);
        TRIPLINE_ASSIGN_OR_RETURN(auto topic,
                                  repo.find_topic(ref.account_id, ref.region, ref.name));
        if (!topic) {
            return ok_status();  // DeleteTopic is idempotent in SNS
        }
        TRIPLINE_ASSIGN_OR_RETURN(auto subscriptions, repo.subscriptions_of(*topic));
        for (const SubscriptionRecord& s : subscriptions) {
            TRIPLINE_TRY(repo.remove_subscription(s));
        }
        return repo.remove_topic(*topic);
    });
}

Result<SnsPage<std::string>> TopicService::list_topics(const SnsCaller& caller,
                                                       std::string_view next_token) {
    TopicRepository repo(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto topics, repo.list_topics(caller.account_id, caller.region));
    TRIPLINE_ASSIGN_OR_RETURN(
        auto page, paginate(topics, next_token, [](const TopicRecord& t) -> const std::string& {
            return t.name;
        }));
    SnsPage<std::string> out;
    out.next_token = std::move(page.next_token);
    for (const TopicRecord& t : page.items) {
        out.items.push_back(t.arn);
    }
    return out;
}

Result<std::map<std::string, std::string>> TopicService::get_topic_attributes(
    const SnsCaller& caller, std::string_view topic_arn) {
    TopicRepository repo(db_);
    TRIPLINE_ASSIGN_OR_RETURN(TopicRecord topic,
                              load_topic(repo, caller, topic_arn, "GetTopicAttributes"));
    TRIPLINE_ASSIGN_OR_RETURN(auto subscriptions, repo.subscriptions_of(topic));
    int confirmed = 0;
    int pending = 0;
    int deleted = 0;
    for (const SubscriptionRecord& s : subscriptions) {
        switch (s.status) {
            case SubscriptionStatus::kConfirmed:
                ++confirmed;
                break;
            case SubscriptionStatus::kPending:
                ++pending;
                break;
            case SubscriptionStatus::kDeleted:
                ++deleted;
                break;
        }
    }
    std::map<std::string, std::string> out = topic.attributes;
    out["TopicArn"] = topic.arn;
    out["Owner"] = topic.account_id;
    if (!out.contains("Policy")) {
        out["Policy"] = default_topic_policy(topic.arn, topic.account_id);
    }
    if (!out.contains("DisplayName")) {
        out["DisplayName"] = "";
    }
    out["SubscriptionsConfirmed"] = std::to_string(confirmed);
    out["SubscriptionsPending"] = std::to_string(pending);
    out["SubscriptionsDeleted"] = std::to_string(deleted);
    auto policy = topic.attributes.find("DeliveryPolicy");
    out["EffectiveDeliveryPolicy"] = effective_topic_delivery_policy(
        policy == topic.attributes.end() ? std::string_view() : std::string_view(policy->second));
    return out;
}

Status TopicService::set_topic_attribute(const SnsCaller& caller,
                                         std::string_view topic_arn,
                                         std::string_view name,
                                         std::string_view value) {
    TRIPLINE_TRY(validate_topic_attribute(name, value));
    return storage::with_transaction(db_, [&]() -> Status {
        TopicRepository repo(db_);
        TRIPLINE_ASSIGN_OR_RETURN(TopicRecord topic,
                                  load_topic(repo, caller, topic_arn, "SetTopicAttributes"));
        if (value.empty()) {
            topic.attributes.erase(std::string(name));
        } else {
            topic.attributes[std::string(name)] = std::string(value);
        }
        return repo.put_topic(topic, clock_.now());
    });
}

Result<std::vector<SnsTag>> TopicService::list_tags(const SnsCaller& caller,
                                                    std::string_view topic_arn) {
    TopicRepository repo(db_);
    TRIPLINE_ASSIGN_OR_RETURN(TopicRecord topic,
                              load_topic(repo, caller, topic_arn, "ListTagsForResource"));
    return topic.tags;
}

Status TopicService::tag_topic(const SnsCaller& caller,
                               std::string_view topic_arn,
                               const std::vector<SnsTag>& tags) {
    TRIPLINE_TRY(validate_tags(tags));
    return storage::with_transaction(db_, [&]() -> Status {
        TopicRepository repo(db_);
        TRIPLINE_ASSIGN_OR_RETURN(TopicRecord topic,
                                  load_topic(repo, caller, topic_arn, "TagResource"));
        for (const SnsTag& tag : tags) {
            auto it = std::find_if(topic.tags.begin(), topic.tags.end(), [&](const SnsTag& t) {
                return t.key == tag.key;
            });
            if (it != topic.tags.end()) {
                it->value = tag.value;
            } else {
                topic.tags.push_back(tag);
            }
        }
        if (topic.tags.size() > kMaxTopicTags) {
            return make_error(Errc::kLimitExceeded,
                              "Could not complete request: tag quota of per resource exceeded");
        }
        return repo.put_topic(topic, clock_.now());
    });
}

Status TopicService::untag_topic(const SnsCaller& caller,
                                 std::string_view topic_arn,
                                 const std::vector<std::string>& keys) {
    return storage::with_transaction(db_, [&]() -> Status {
        TopicRepository repo(db_);
        TRIPLINE_ASSIGN_OR_RETURN(TopicRecord topic,
                                  load_topic(repo, caller, topic_arn, "UntagResource"));
        std::erase_if(topic.tags, [&](const SnsTag& t) {
            return std::find(keys.begin(), keys.end(), t.key) != keys.end();
        });
        return repo.put_topic(topic, clock_.now());
    });
}

Result<bool> TopicService::topic_exists(std::string_view topic_arn) {
    TRIPLINE_ASSIGN_OR_RETURN(TopicRef ref, parse_topic_arn(topic_arn));
    TopicRepository repo(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto topic, repo.find_topic(ref.account_id, ref.region, ref.name));
    return topic.has_value();
}

}  // namespace tripline::notify
