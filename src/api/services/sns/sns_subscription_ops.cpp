// SNS subscription operations (sns_service.h).
#include "api/services/sns/sns_form.h"
#include "api/services/sns/sns_service.h"
#include "api/services/sns/sns_support.h"

namespace tripline::api::services {

using sns::caller_of;
using sns::form_param;
using sns::missing_parameter;
using sns::sns_error;

namespace {

void write_subscriptions(XmlWriter& xml, const notify::SnsPage<notify::SubscriptionSummary>& page) {
    xml.open("Subscriptions");
    for (const notify::SubscriptionSummary& s : page.items) {
        xml.open("member")
            .element("TopicArn", s.topic_arn)
            .element("Protocol", s.protocol)
            .element("SubscriptionArn", s.pending ? "PendingConfirmation" : s.subscription_arn)
            .element("Owner", s.owner)
            .element("Endpoint", s.endpoint)
            .close("member");
    }
    xml.close("Subscriptions");
    if (!page.next_token.empty()) {
        xml.element("NextToken", page.next_token);
    }
}

bool is_true(const std::optional<std::string>& value) {
    return value && (*value == "true" || *value == "True" || *value == "TRUE");
}

}  // namespace

ServiceReply SnsService::subscribe(ApiCall& call) {
    auto topic_arn = form_param(call, "TopicArn");
    auto protocol = form_param(call, "Protocol");
    if (!topic_arn) {
        return missing_parameter("TopicArn");
    }
    if (!protocol) {
        return missing_parameter("Protocol");
    }
    notify::SubscribeRequest request;
    request.topic_arn = *topic_arn;
    request.protocol = *protocol;
    request.endpoint = form_param(call, "Endpoint").value_or("");
    auto attributes = sns::string_map(call.form, "Attributes");
    if (!attributes) {
        return sns_error(attributes.error());
    }
    request.attributes = std::move(*attributes);
    auto result = topics_.subscribe(caller_of(call), request);
    if (!result) {
        return sns_error(result.error());
    }
    const bool return_arn = is_true(form_param(call, "ReturnSubscriptionArn"));
    std::string arn =
        result->pending && !return_arn ? "pending confirmation" : result->subscription_arn;
    XmlWriter xml;
    xml.element("SubscriptionArn", arn);
    call.response_elements = {{"subscriptionArn", arn}};
    return query_reply(call, xml_namespace(), xml.str());
}

ServiceReply SnsService::confirm_subscription(ApiCall& call) {
    auto topic_arn = form_param(call, "TopicArn");
    auto token = form_param(call, "Token");
    if (!topic_arn) {
        return missing_parameter("TopicArn");
    }
    if (!token) {
        return missing_parameter("Token");
    }
    notify::ConfirmSubscriptionRequest request;
    request.topic_arn = *topic_arn;
    request.token = *token;
    request.authenticate_on_unsubscribe = is_true(form_param(call, "AuthenticateOnUnsubscribe"));
    // The token is a credential: keep it out of the trail.
    nlohmann::json parameters = call.form.to_request_parameters();
    if (parameters.is_object() && parameters.contains("token")) {
        parameters["token"] = sns::kHidden;
    }
    call.request_parameters = std::move(parameters);
    auto arn = topics_.confirm_subscription(caller_of(call), request);
    if (!arn) {
        return sns_error(arn.error());
    }
    XmlWriter xml;
    xml.element("SubscriptionArn", *arn);
    call.response_elements = {{"subscriptionArn", *arn}};
    return query_reply(call, xml_namespace(), xml.str());
}

ServiceReply SnsService::unsubscribe(ApiCall& call) {
    auto arn = form_param(call, "SubscriptionArn");
    if (!arn) {
        return missing_parameter("SubscriptionArn");
    }
    auto result = topics_.unsubscribe(caller_of(call), *arn);
    if (!result) {
        return sns_error(result.error());
    }
    return query_reply(call, xml_namespace(), "", false);
}

ServiceReply SnsService::list_subscriptions(ApiCall& call) {
    auto page =
        topics_.list_subscriptions(caller_of(call), form_param(call, "NextToken").value_or(""));
    if (!page) {
        return sns_error(page.error());
    }
    XmlWriter xml;
    write_subscriptions(xml, *page);
    return query_reply(call, xml_namespace(), xml.str());
}

ServiceReply SnsService::list_subscriptions_by_topic(ApiCall& call) {
    auto topic_arn = form_param(call, "TopicArn");
    if (!topic_arn) {
        return missing_parameter("TopicArn");
    }
    auto page = topics_.list_subscriptions_by_topic(
        caller_of(call), *topic_arn, form_param(call, "NextToken").value_or(""));
    if (!page) {
        return sns_error(page.error());
    }
    XmlWriter xml;
    write_subscriptions(xml, *page);
    return query_reply(call, xml_namespace(), xml.str());
}

ServiceReply SnsService::get_subscription_attributes(ApiCall& call) {
    auto arn = form_param(call, "SubscriptionArn");
    if (!arn) {
        return missing_parameter("SubscriptionArn");
    }
    auto attributes = topics_.get_subscription_attributes(caller_of(call), *arn);
    if (!attributes) {
        return sns_error(attributes.error());
    }
    XmlWriter xml;
    sns::write_attribute_map(xml, "Attributes", *attributes);
    return query_reply(call, xml_namespace(), xml.str());
}

ServiceReply SnsService::set_subscription_attributes(ApiCall& call) {
    auto arn = form_param(call, "SubscriptionArn");
    auto name = form_param(call, "AttributeName");
    if (!arn) {
        return missing_parameter("SubscriptionArn");
    }
    if (!name) {
        return missing_parameter("AttributeName");
    }
    auto done = topics_.set_subscription_attribute(
        caller_of(call), *arn, *name, form_param(call, "AttributeValue").value_or(""));
    if (!done) {
        return sns_error(done.error());
    }
    return query_reply(call, xml_namespace(), "", false);
}

}  // namespace tripline::api::services
