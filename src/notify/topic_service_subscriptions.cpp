// TopicService: subscribe, confirm, unsubscribe, list and subscription attributes
// (topic_service.h; sns.md §2).
#include <openssl/crypto.h>

#include "base/arn.h"
#include "base/uuid.h"
#include "notify/subscription_links.h"
#include "notify/subscription_rules.h"
#include "notify/topic_arns.h"
#include "notify/topic_delivery_policy.h"
#include "notify/topic_paging.h"
#include "notify/topic_service.h"
#include "storage/outbox_store.h"
#include "storage/transaction.h"

namespace tripline::notify {

namespace {

Error invalid(std::string_view reason) {
    return make_error(Errc::kInvalidArgument, "Invalid parameter: " + std::string(reason));
}

Error subscription_not_found() {
    return make_error(Errc::kNotFound, "Subscription does not exist");
}

bool tokens_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string attribute(const std::map<std::string, std::string>& attributes, const char* name) {
    auto it = attributes.find(name);
    return it == attributes.end() ? std::string() : it->second;
}

SubscriptionSummary summary_of(const SubscriptionRecord& s) {
    return {s.arn,
            s.topic_arn,
            s.owner,
            s.protocol,
            s.endpoint,
            s.status == SubscriptionStatus::kPending};
}

Result<SnsPage<SubscriptionSummary>> page_of(std::vector<SubscriptionRecord> all,
                                             std::string_view next_token) {
    std::erase_if(all, [](const SubscriptionRecord& s) { return !s.active(); });
    TRIPLINE_ASSIGN_OR_RETURN(
        auto page, paginate(all, next_token, [](const SubscriptionRecord& s) -> const std::string& {
            return s.id;
        }));
    SnsPage<SubscriptionSummary> out;
    out.next_token = std::move(page.next_token);
    for (const SubscriptionRecord& s : page.items) {
        out.items.push_back(summary_of(s));
    }
    return out;
}

// Whether a new subscription of this protocol and endpoint must be confirmed by its owner.
bool needs_confirmation(const TopicRecord& topic, const SubscribeRequest& request) {
    if (request.pre_confirmed) {
        return false;
    }
    if (request.protocol == "sqs") {
        auto queue = parse_arn(request.endpoint);
        return !queue.has_value() || queue->account_id != topic.account_id;
    }
    return protocol_confirms_by_message(request.protocol);
}

}  // namespace

Result<SubscriptionRecord> TopicService::load_subscription(TopicRepository& repo,
                                                           std::string_view subscription_arn) {
    TRIPLINE_ASSIGN_OR_RETURN(SubscriptionRef ref, parse_subscription_arn(subscription_arn));
    TRIPLINE_ASSIGN_OR_RETURN(
        auto found, repo.find_subscription(ref.topic.account_id, ref.topic.region, ref.id));
    if (!found || !found->active() || found->topic_arn != ref.topic.arn) {
        return subscription_not_found();
    }
    return std::move(*found);
}

SnsDelivery TopicService::delivery_for(const TopicRecord& topic,
                                       const SubscriptionRecord& s) const {
    SnsDelivery d;
    d.topic_arn = topic.arn;
    d.subscription_arn = s.arn;
    d.protocol = s.protocol;
    d.endpoint = s.endpoint;
    d.region = topic.region;
    std::string version = attribute(topic.attributes, "SignatureVersion");
    d.signature_version = version.empty() ? "1" : version;
    d.display_name = attribute(topic.attributes, "DisplayName");
    d.raw_message_delivery = attribute(s.attributes, "RawMessageDelivery") == "true";
    if (s.protocol == "http" || s.protocol == "https") {
        d.delivery_policy =
            effective_subscription_delivery_policy(attribute(topic.attributes, "DeliveryPolicy"),
                                                   attribute(s.attributes, "DeliveryPolicy"));
    }
    d.redrive_policy = attribute(s.attributes, "RedrivePolicy");
    return d;
}

Status TopicService::enqueue_confirmation(const TopicRecord& topic,
                                          const SubscriptionRecord& s,
                                          TimePoint now) {
    SnsDelivery d = delivery_for(topic, s);
    d.type = std::string(kSnsSubscriptionConfirmation);
    d.message_id = make_uuid();
    d.timestamp = format_iso8601_millis(now);
    d.raw_message_delivery = false;  // confirmations are always the JSON document
    d.token = s.token;
    const std::string base = public_url();
    d.subscribe_url = subscribe_url(base, topic.arn, s.token);
    d.confirmation_url = confirmation_link(base, topic.arn, s.token, s.endpoint);
    d.message = "You have chosen to subscribe to the topic " + topic.arn +
                ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
    storage::OutboxStore outbox(db_);
    TRIPLINE_TRY(outbox.enqueue("sns." + s.protocol, s.endpoint, to_json(d), now));
    return ok_status();
}

Status TopicService::enqueue_unsubscribe_confirmation(const TopicRecord& topic,
                                                      const SubscriptionRecord& s,
                                                      TimePoint now) {
    SnsDelivery d = delivery_for(topic, s);
    d.type = std::string(kSnsUnsubscribeConfirmation);
    d.message_id = make_uuid();
    d.timestamp = format_iso8601_millis(now);
    d.raw_message_delivery = false;
    d.token = s.token;
    d.subscribe_url = subscribe_url(public_url(), topic.arn, s.token);
    d.message = "You have chosen to deactivate subscription " + s.arn +
                ".\nTo cancel this operation and restore the subscription, visit the SubscribeURL "
                "included in this message.";
    storage::OutboxStore outbox(db_);
    TRIPLINE_TRY(outbox.enqueue("sns." + s.protocol, s.endpoint, to_json(d), now));
    return ok_status();
}

Result<SubscribeResult> TopicService::subscribe(const SnsCaller& caller,
                                                const SubscribeRequest& request) {
    TRIPLINE_TRY(validate_protocol(request.protocol));
    TRIPLINE_TRY(validate_endpoint(request.protocol, request.endpoint));
    std::map<std::string, std::string> attributes;
    for (const auto& [name, value] : request.attributes) {
        attributes[name] = normalize_subscription_attribute(name, value);
    }
    TRIPLINE_TRY(validate_subscription_attributes(request.protocol, attributes));

    SubscribeResult result;
    bool enqueued = false;
    TRIPLINE_TRY(storage::with_transaction(db_, [&]() -> Status {
        enqueued = false;
        TopicRepository repo(db_);
        TRIPLINE_ASSIGN_OR_RETURN(TopicRecord topic,
                                  load_topic(repo, caller, request.topic_arn, "Subscribe"));
        TRIPLINE_ASSIGN_OR_RETURN(auto subscriptions, repo.subscriptions_of(topic));
        const TimePoint now = clock_.now();
        for (SubscriptionRecord& s : subscriptions) {
            if (!s.active() && s.token_expires_at <= now) {
                TRIPLINE_TRY(repo.remove_subscription(s));  // restore window over
                continue;
            }
            if (!s.active() || s.protocol != request.protocol || s.endpoint != request.endpoint) {
                continue;
            }
            for (const auto& [name, value] : attributes) {
                if (attribute(s.attributes, name.c_str()) != value) {
                    return invalid(
                        "Attributes Reason: Subscription already exists with different "
                        "attributes");
                }
            }
            result = {s.arn, s.status == SubscriptionStatus::kPending};
            if (result.pending) {
                if (s.token_expires_at <= now) {
                    s.token = make_subscription_token();
                    s.token_expires_at = now + kTokenLifetime;
                    TRIPLINE_TRY(repo.put_subscription(s, now));
                }
                TRIPLINE_TRY(enqueue_confirmation(topic, s, now));
                enqueued = true;
            }
            return ok_status();
        }
        SubscriptionRecord s;
        s.account_id = topic.account_id;
        s.region = topic.region;
        s.id = make_uuid();
        s.arn = topic.arn + ":" + s.id;
        s.topic_arn = topic.arn;
        s.protocol = request.protocol;
        s.endpoint = request.endpoint;
        s.owner = caller.account_id.empty() ? topic.account_id : caller.account_id;
        for (const auto& [name, value] : attributes) {
            if (!value.empty()) {
                s.attributes[name] = value;
            }
        }
        if (needs_confirmation(topic, request)) {
            s.status = SubscriptionStatus::kPending;
            s.token = make_subscription_token();
            s.token_expires_at = now + kTokenLifetime;
        } else {
            s.status = SubscriptionStatus::kConfirmed;
            s.confirmation_was_authenticated = true;
        }
        TRIPLINE_TRY(repo.put_subscription(s, now));
        result = {s.arn, s.status == SubscriptionStatus::kPending};
        if (result.pending) {
            TRIPLINE_TRY(enqueue_confirmation(topic, s, now));
            enqueued = true;
        }
        return ok_status();
    }));
    if (enqueued) {
        notify_enqueued();
    }
    return result;
}

Result<std::string> TopicService::confirm_subscription(const SnsCaller& caller,
                                                       const ConfirmSubscriptionRequest& request) {
    if (request.token.empty()) {
        return invalid("Token");
    }
    if (request.authenticate_on_unsubscribe && !caller.authenticated) {
        return make_error(Errc::kPermissionDenied,
                          "AuthenticateOnUnsubscribe=true needs a signed request");
    }
    // Anyone holding the token may confirm, whatever their account (the token is the proof).
    SnsCaller anyone = caller;
    anyone.authenticated = false;
    std::string arn;
    TRIPLINE_TRY(storage::with_transaction(db_, [&]() -> Status {
        TopicRepository repo(db_);
        TRIPLINE_ASSIGN_OR_RETURN(
            TopicRecord topic, load_topic(repo, anyone, request.topic_arn, "ConfirmSubscription"));
        TRIPLINE_ASSIGN_OR_RETURN(auto subscriptions, repo.subscriptions_of(topic));
        const TimePoint now = clock_.now();
        SubscriptionRecord* match = nullptr;
        for (SubscriptionRecord& s : subscriptions) {
            if (tokens_equal(s.token, request.token)) {
                match = &s;
                break;
            }
        }
        if (match == nullptr) {
            return invalid("Token");
        }
        if (match->token_expires_at <= now) {
            return invalid("Token Reason: Token has expired");
        }
        if (!request.endpoint.empty() && request.endpoint != match->endpoint) {
            return invalid("Endpoint");
        }
        if (match->status == SubscriptionStatus::kDeleted) {
            // Restoring: an active twin (subscribed again meanwhile) wins over the tombstone.
            for (const SubscriptionRecord& other : subscriptions) {
                if (other.active() && other.protocol == match->protocol &&
                    other.endpoint == match->endpoint) {
                    arn = other.arn;
                    return repo.remove_subscription(*match);
                }
            }
            match->deleted_at = {};
        }
        match->status = SubscriptionStatus::kConfirmed;
        match->confirmation_was_authenticated =
            match->confirmation_was_authenticated || caller.authenticated;
        if (request.authenticate_on_unsubscribe) {
            match->authenticate_on_unsubscribe = true;
        }
        arn = match->arn;
        return repo.put_subscription(*match, now);
    }));
    return arn;
}

Result<UnsubscribeResult> TopicService::unsubscribe(const SnsCaller& caller,
                                                    std::string_view subscription_arn,
                                                    std::string_view endpoint) {
    TRIPLINE_ASSIGN_OR_RETURN(SubscriptionRef ref, parse_subscription_arn(subscription_arn));
    if (caller.authenticated && !caller.aws_service && ref.topic.region != caller.region) {
        return invalid("SubscriptionArn");
    }
    UnsubscribeResult result;
    bool enqueued = false;
    TRIPLINE_TRY(storage::with_transaction(db_, [&]() -> Status {
        enqueued = false;
        TopicRepository repo(db_);
        TRIPLINE_ASSIGN_OR_RETURN(SubscriptionRecord s, load_subscription(repo, subscription_arn));
        if (s.owner != caller.account_id) {
            TRIPLINE_TRY(authorize(caller, s.account_id, s.arn, "Unsubscribe"));
        }
        if (!caller.authenticated && s.authenticate_on_unsubscribe) {
            return make_error(Errc::kPermissionDenied,
                              "This subscription requires authentication to unsubscribe "
                              "(AuthenticateOnUnsubscribe): sign the request");
        }
        if (!endpoint.empty() && endpoint != s.endpoint) {
            return invalid("Endpoint");
        }
        result = {s.arn, s.topic_arn, s.protocol, s.endpoint, ""};
        if (s.status == SubscriptionStatus::kPending) {
            return repo.remove_subscription(s);
        }
        const TimePoint now = clock_.now();
        s.status = SubscriptionStatus::kDeleted;
        s.deleted_at = now;
        s.token = make_subscription_token();
        s.token_expires_at = now + kTokenLifetime;
        TRIPLINE_TRY(repo.put_subscription(s, now));
        result.restore_token = s.token;
        if (s.protocol == "http" || s.protocol == "https") {
            TRIPLINE_ASSIGN_OR_RETURN(
                auto topic,
                repo.find_topic(ref.topic.account_id, ref.topic.region, ref.topic.name));
            if (topic) {
                TRIPLINE_TRY(enqueue_unsubscribe_confirmation(*topic, s, now));
                enqueued = true;
            }
        }
        return ok_status();
    }));
    if (enqueued) {
        notify_enqueued();
    }
    return result;
}

Result<SnsPage<SubscriptionSummary>> TopicService::list_subscriptions(const SnsCaller& caller,
                                                                      std::string_view next_token) {
    TopicRepository repo(db_);
    TRIPLINE_ASSIGN_OR_RETURN(auto all, repo.list_subscriptions(caller.account_id, caller.region));
    return page_of(std::move(all), next_token);
}

Result<SnsPage<SubscriptionSummary>> TopicService::list_subscriptions_by_topic(
    const SnsCaller& caller, std::string_view topic_arn, std::string_view next_token) {
    TopicRepository repo(db_);
    TRIPLINE_ASSIGN_OR_RETURN(TopicRecord topic,
                              load_topic(repo, caller, topic_arn, "ListSubscriptionsByTopic"));
    TRIPLINE_ASSIGN_OR_RETURN(auto all, repo.subscriptions_of(topic));
    return page_of(std::move(all), next_token);
}

Result<std::map<std::string, std::string>> TopicService::get_subscription_attributes(
    const SnsCaller& caller, std::string_view subscription_arn) {
    TopicRepository repo(db_);
    TRIPLINE_ASSIGN_OR_RETURN(SubscriptionRecord s, load_subscription(repo, subscription_arn));
    if (s.owner != caller.account_id) {
        TRIPLINE_TRY(authorize(caller, s.account_id, s.arn, "GetSubscriptionAttributes"));
    }
    std::map<std::string, std::string> out = s.attributes;
    out["SubscriptionArn"] = s.arn;
    out["TopicArn"] = s.topic_arn;
    out["Owner"] = s.owner;
    out["Protocol"] = s.protocol;
    out["Endpoint"] = s.endpoint;
    out["PendingConfirmation"] = s.status == SubscriptionStatus::kPending ? "true" : "false";
    out["ConfirmationWasAuthenticated"] = s.confirmation_was_authenticated ? "true" : "false";
    if (!out.contains("RawMessageDelivery")) {
        out["RawMessageDelivery"] = "false";
    }
    if (out.contains("FilterPolicy") && !out.contains("FilterPolicyScope")) {
        out["FilterPolicyScope"] = "MessageAttributes";
    }
    if (s.protocol == "http" || s.protocol == "https") {
        TRIPLINE_ASSIGN_OR_RETURN(TopicRef ref, parse_topic_arn(s.topic_arn));
        TRIPLINE_ASSIGN_OR_RETURN(auto topic,
                                  repo.find_topic(ref.account_id, ref.region, ref.name));
        std::string topic_policy = topic ? attribute(topic->attributes, "DeliveryPolicy") : "";
        out["EffectiveDeliveryPolicy"] = effective_subscription_delivery_policy(
            topic_policy, attribute(s.attributes, "DeliveryPolicy"));
    }
    return out;
}

Status TopicService::set_subscription_attribute(const SnsCaller& caller,
                                                std::string_view subscription_arn,
                                                std::string_view name,
                                                std::string_view value) {
    if (!is_subscription_attribute(name)) {
        return invalid("AttributeName");
    }
    return storage::with_transaction(db_, [&]() -> Status {
        TopicRepository repo(db_);
        TRIPLINE_ASSIGN_OR_RETURN(SubscriptionRecord s, load_subscription(repo, subscription_arn));
        if (s.owner != caller.account_id) {
            TRIPLINE_TRY(authorize(caller, s.account_id, s.arn, "SetSubscriptionAttributes"));
        }
        std::map<std::string, std::string> attributes = s.attributes;
        std::string normalized = normalize_subscription_attribute(name, value);
        if (normalized.empty()) {
            attributes.erase(std::string(name));
        } else {
            attributes[std::string(name)] = normalized;
        }
        TRIPLINE_TRY(validate_subscription_attributes(s.protocol, attributes));
        s.attributes = std::move(attributes);
        return repo.put_subscription(s, clock_.now());
    });
}

}  // namespace tripline::notify
