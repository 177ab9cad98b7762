#include "query/record_extra.h"

#include "json/json_parser.h"
#include "json/json_writer.h"

namespace tripline::query {

namespace {

using event::CloudTrailRecord;

void put_string(json::JsonWriter& writer,
                std::string_view name,
                const std::optional<std::string>& value) {
    if (value) {
        writer.key(name).string(*value);
    }
}

void put_raw(json::JsonWriter& writer,
             std::string_view name,
             const std::optional<event::RawJson>& value) {
    if (value) {
        writer.key(name).raw(*value);
    }
}

}  // namespace

schema::Category category_code(const std::optional<std::string>& event_category) {
    if (!event_category) {
        return schema::Category::kAbsent;
    }
    for (auto code : {schema::Category::kManagement,
                      schema::Category::kData,
                      schema::Category::kInsight,
                      schema::Category::kNetworkActivity}) {
        if (*event_category == schema::category_name(code)) {
            return code;
        }
    }
    return schema::Category::kOther;
}

std::optional<std::string> encode_extra(const CloudTrailRecord& record) {
    const event::UserIdentity* identity = record.user_identity ? &*record.user_identity : nullptr;
    const event::SessionContext* session =
        identity && identity->session_context ? &*identity->session_context : nullptr;
    const bool webid =
        session && session->web_id_federation_data && *session->web_id_federation_data != "{}";
    const bool other_category = category_code(record.event_category) == schema::Category::kOther;
    if (!(identity &&
          (identity->identity_provider || identity->credential_id || identity->on_behalf_of)) &&
        !(session && session->source_identity) && !webid &&
        !(record.tls_details && record.tls_details->key_exchange) && !record.addendum &&
        !record.edge_device_details && !record.insight_details &&
        !record.session_credential_from_console && !record.vpc_endpoint_account_id &&
        !other_category) {
        return std::nullopt;
    }
    std::string out;
    json::JsonWriter writer(out);
    writer.begin_object();
    if (identity) {
        put_string(writer, "identityProvider", identity->identity_provider);
        put_string(writer, "credentialId", identity->credential_id);
        put_raw(writer, "onBehalfOf", identity->on_behalf_of);
    }
    if (session) {
        put_string(writer, "sourceIdentity", session->source_identity);
        if (webid) {
            put_raw(writer, "webIdFederationData", session->web_id_federation_data);
        }
    }
    if (record.tls_details) {
        put_string(writer, "keyExchange", record.tls_details->key_exchange);
    }
    put_raw(writer, "addendum", record.addendum);
    put_raw(writer, "edgeDeviceDetails", record.edge_device_details);
    put_raw(writer, "insightDetails", record.insight_details);
    put_string(writer, "sessionCredentialFromConsole", record.session_credential_from_console);
    put_string(writer, "vpcEndpointAccountId", record.vpc_endpoint_account_id);
    if (other_category) {
        put_string(writer, "eventCategory", record.event_category);
    }
    writer.end_object();
    return out;
}

bool decode_extra(std::string_view text, CloudTrailRecord& record) {
    json::JsonParser parser;
    Result<simdjson::dom::element> parsed = parser.parse(text);
    simdjson::dom::object object;
    if (!parsed || parsed->get_object().get(object) != simdjson::SUCCESS) {
        return false;
    }
    event::UserIdentity* identity = record.user_identity ? &*record.user_identity : nullptr;
    event::SessionContext* session =
        identity && identity->session_context ? &*identity->session_context : nullptr;
    for (auto [key, value] : object) {
        std::string_view string_value;
        const bool is_string = value.get_string().get(string_value) == simdjson::SUCCESS;
        auto text_value = [&] { return std::string(string_value); };
        if (key == "identityProvider" && identity && is_string) {
            identity->identity_provider = text_value();
        } else if (key == "credentialId" && identity && is_string) {
            identity->credential_id = text_value();
        } else if (key == "onBehalfOf" && identity) {
            identity->on_behalf_of = json::to_json(value);
        } else if (key == "sourceIdentity" && session && is_string) {
            session->source_identity = text_value();
        } else if (key == "webIdFederationData" && session) {
            session->web_id_federation_data = json::to_json(value);
        } else if (key == "keyExchange" && record.tls_details && is_string) {
            record.tls_details->key_exchange = text_value();
        } else if (key == "addendum") {
            record.addendum = json::to_json(value);
        } else if (key == "edgeDeviceDetails") {
            record.edge_device_details = json::to_json(value);
        } else if (key == "insightDetails") {
            record.insight_details = json::to_json(value);
        } else if (key == "sessionCredentialFromConsole" && is_string) {
            record.session_credential_from_console = text_value();
        } else if (key == "vpcEndpointAccountId" && is_string) {
            record.vpc_endpoint_account_id = text_value();
        } else if (key == "eventCategory" && is_string) {
            record.event_category = text_value();
        }
    }
    return true;
}

}  // namespace tripline::query
