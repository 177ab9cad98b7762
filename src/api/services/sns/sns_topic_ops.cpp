// SNS topic operations and topic tags (sns_service.h).
#include "api/services/sns/sns_form.h"
#include "api/services/sns/sns_service.h"
#include "api/services/sns/sns_support.h"

namespace tripline::api::services {

using sns::caller_of;
using sns::form_param;
using sns::missing_parameter;
using sns::sns_error;

ServiceReply SnsService::create_topic(ApiCall& call) {
    auto name = form_param(call, "Name");
    if (!name) {
        return missing_parameter("Name");
    }
    notify::CreateTopicRequest request;
    request.name = *name;
    auto attributes = sns::string_map(call.form, "Attributes");
    if (!attributes) {
        return sns_error(attributes.error());
    }
    request.attributes = std::move(*attributes);
    auto tags = sns::tags(call.form);
    if (!tags) {
        return sns_error(tags.error());
    }
    request.tags = std::move(*tags);
    auto arn = topics_.create_topic(caller_of(call), request);
    if (!arn) {
        return sns_error(arn.error());
    }
    XmlWriter xml;
    xml.element("TopicArn", *arn);
    call.response_elements = {{"topicArn", *arn}};
    return query_reply(call, xml_namespace(), xml.str());
}

ServiceReply SnsService::delete_topic(ApiCall& call) {
    auto arn = form_param(call, "TopicArn");
    if (!arn) {
        return missing_parameter("TopicArn");
    }
    if (auto done = topics_.delete_topic(caller_of(call), *arn); !done) {
        return sns_error(done.error());
    }
    return query_reply(call, xml_namespace(), "", false);
}

ServiceReply SnsService::list_topics(ApiCall& call) {
    auto page = topics_.list_topics(caller_of(call), form_param(call, "NextToken").value_or(""));
    if (!page) {
        return sns_error(page.error());
    }
    XmlWriter xml;
    xml.open("Topics");
    for (const std::string& arn : page->items) {
        xml.open("member").element("TopicArn", arn).close("member");
    }
    xml.close("Topics");
    if (!page->next_token.empty()) {
        xml.element("NextToken", page->next_token);
    }
    return query_reply(call, xml_namespace(), xml.str());
}

ServiceReply SnsService::get_topic_attributes(ApiCall& call) {
    auto arn = form_param(call, "TopicArn");
    if (!arn) {
        return missing_parameter("TopicArn");
    }
    auto attributes = topics_.get_topic_attributes(caller_of(call), *arn);
    if (!attributes) {
        return sns_error(attributes.error());
    }
    XmlWriter xml;
    sns::write_attribute_map(xml, "Attributes", *attributes);
    return query_reply(call, xml_namespace(), xml.str());
}

ServiceReply SnsService::set_topic_attributes(ApiCall& call) {
    auto arn = form_param(call, "TopicArn");
    auto name = form_param(call, "AttributeName");
    if (!arn) {
        return missing_parameter("TopicArn");
    }
    if (!name) {
        return missing_parameter("AttributeName");
    }
    auto done = topics_.set_topic_attribute(
        caller_of(call), *arn, *name, form_param(call, "AttributeValue").value_or(""));
    if (!done) {
        return sns_error(done.error());
    }
    return query_reply(call, xml_namespace(), "", false);
}

ServiceReply SnsService::tag_resource(ApiCall& call) {
    auto arn = form_param(call, "ResourceArn");
    if (!arn) {
        return missing_parameter("ResourceArn");
    }
    auto tags = sns::tags(call.form);
    if (!tags) {
        return sns_error(tags.error(), true);
    }
    if (auto done = topics_.tag_topic(caller_of(call), *arn, *tags); !done) {
        return sns_error(done.error(), true);
    }
    return query_reply(call, xml_namespace(), "");
}

ServiceReply SnsService::untag_resource(ApiCall& call) {
    auto arn = form_param(call, "ResourceArn");
    if (!arn) {
        return missing_parameter("ResourceArn");
    }
    auto keys = sns::string_list(call.form, "TagKeys");
    if (auto done = topics_.untag_topic(caller_of(call), *arn, keys); !done) {
        return sns_error(done.error(), true);
    }
    return query_reply(call, xml_namespace(), "");
}

ServiceReply SnsService::list_tags_for_resource(ApiCall& call) {
    auto arn = form_param(call, "ResourceArn");
    if (!arn) {
        return missing_parameter("ResourceArn");
    }
    auto tags = topics_.list_tags(caller_of(call), *arn);
    if (!tags) {
        return sns_error(tags.error(), true);
    }
    XmlWriter xml;
    xml.open("Tags");
    for (const notify::SnsTag& tag : *tags) {
        xml.open("member").element("Key", tag.key).element("Value", tag.value).close("member");
    }
    xml.close("Tags");
    return query_reply(call, xml_namespace(), xml.str());
}

}  // namespace tripline::api::services
