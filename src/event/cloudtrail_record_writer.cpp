// Writing CloudTrail records back as JSON, in the member order AWS uses in its log files.
#include <utility>

#include "event/cloudtrail_record.h"
#include "json/json_writer.h"

namespace tripline::event {

namespace {

using json::JsonWriter;

void put(JsonWriter& w, std::string_view key, const std::optional<std::string>& value) {
    if (value) {
        w.key(key).string(*value);
    }
}

void put(JsonWriter& w, std::string_view key, const std::optional<bool>& value) {
    if (value) {
        w.key(key).boolean(*value);
    }
}

void put_raw(JsonWriter& w, std::string_view key, const std::optional<RawJson>& value) {
    if (value) {
        w.key(key).raw(*value);
    }
}

void put_others(JsonWriter& w, const JsonMembers& members) {
    for (const auto& member : members) {
        w.key(member.name).raw(member.value);
    }
}

void write(JsonWriter& w, const SessionIssuer& s) {
    w.begin_object();
    put(w, "type", s.type);
    put(w, "principalId", s.principal_id);
    put(w, "arn", s.arn);
    put(w, "accountId", s.account_id);
    put(w, "userName", s.user_name);
    put_others(w, s.other_members);
    w.end_object();
}

void write(JsonWriter& w, const SessionAttributes& a) {
    w.begin_object();
    put(w, "creationDate", a.creation_date);
    put(w, "mfaAuthenticated", a.mfa_authenticated);
    put_others(w, a.other_members);
    w.end_object();
}

void write(JsonWriter& w, const SessionContext& c) {
    w.begin_object();
    if (c.session_issuer) {
        w.key("sessionIssuer");
        write(w, *c.session_issuer);
    }
    put_raw(w, "webIdFederationData", c.web_id_federation_data);
    if (c.attributes) {
        w.key("attributes");
        write(w, *c.attributes);
    }
    put(w, "sourceIdentity", c.source_identity);
    put(w, "ec2RoleDelivery", c.ec2_role_delivery);
    put_others(w, c.other_members);
    w.end_object();
}

void write(JsonWriter& w, const UserIdentity& u) {
    w.begin_object();
    put(w, "type", u.type);
    put(w, "principalId", u.principal_id);
    put(w, "arn", u.arn);
    put(w, "accountId", u.account_id);
    put(w, "accessKeyId", u.access_key_id);
    put(w, "userName", u.user_name);
    if (u.session_context) {
        w.key("sessionContext");
        write(w, *u.session_context);
    }
    put(w, "invokedBy", u.invoked_by);
    put(w, "identityProvider", u.identity_provider);
    put_raw(w, "onBehalfOf", u.on_behalf_of);
    put(w, "credentialId", u.credential_id);
    put_others(w, u.other_members);
    w.end_object();
}

void write(JsonWriter& w, const CloudTrailResource& r) {
    w.begin_object();
    put(w, "accountId", r.account_id);
    put(w, "type", r.type);
    put(w, "ARN", r.arn);
    put_others(w, r.other_members);
    w.end_object();
}

void write(JsonWriter& w, const TlsDetails& t) {
    w.begin_object();
    put(w, "tlsVersion", t.tls_version);
    put(w, "cipherSuite", t.cipher_suite);
    put(w, "clientProvidedHostHeader", t.client_provided_host_header);
    put(w, "keyExchange", t.key_exchange);
    put_others(w, t.other_members);
    w.end_object();
}

void write(JsonWriter& w, const CloudTrailRecord& r) {
    w.begin_object();
    put(w, "eventVersion", r.event_version);
    if (r.user_identity) {
        w.key("userIdentity");
        write(w, *r.user_identity);
    }
    put(w, "eventTime", r.event_time);
    put(w, "eventSource", r.event_source);
    put(w, "eventName", r.event_name);
    put(w, "awsRegion", r.aws_region);
    put(w, "sourceIPAddress", r.source_ip_address);
    put(w, "userAgent", r.user_agent);
    put(w, "errorCode", r.error_code);
    put(w, "errorMessage", r.error_message);
    put_raw(w, "requestParameters", r.request_parameters);
    put_raw(w, "responseElements", r.response_elements);
    put_raw(w, "additionalEventData", r.additional_event_data);
    put(w, "requestID", r.request_id);
    put(w, "eventID", r.event_id);
    put(w, "readOnly", r.read_only);
    if (r.resources) {
        w.key("resources").begin_array();
        for (const auto& resource : *r.resources) {
            write(w, resource);
        }
        w.end_array();
    }
    put(w, "eventType", r.event_type);
    put(w, "apiVersion", r.api_version);
    put(w, "managementEvent", r.management_event);
    put(w, "recipientAccountId", r.recipient_account_id);
    put(w, "sharedEventID", r.shared_event_id);
    put_raw(w, "serviceEventDetails", r.service_event_details);
    put(w, "vpcEndpointId", r.vpc_endpoint_id);
    put(w, "vpcEndpointAccountId", r.vpc_endpoint_account_id);
    put(w, "eventCategory", r.event_category);
    put_raw(w, "addendum", r.addendum);
    put(w, "sessionCredentialFromConsole", r.session_credential_from_console);
    put_raw(w, "edgeDeviceDetails", r.edge_device_details);
    if (r.tls_details) {
        w.key("tlsDetails");
        write(w, *r.tls_details);
    }
    put_raw(w, "insightDetails", r.insight_details);
    put_others(w, r.other_members);
    w.end_object();
}

}  // namespace

void append_json(std::string& out, const CloudTrailRecord& record) {
    JsonWriter w(out);
    write(w, record);
}

std::string to_json(const CloudTrailRecord& record) {
    std::string out;
    out.reserve(1024);
    append_json(out, record);
    return out;
}

std::string to_cloudtrail_log_file(const std::vector<CloudTrailRecord>& records) {
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("Records").begin_array();
    for (const auto& record : records) {
        write(w, record);
    }
    w.end_array().end_object();
    return out;
}

}  // namespace tripline::event
