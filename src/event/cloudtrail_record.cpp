// Parsing of CloudTrail records. Every reader walks the object's members once (one pass is faster
// than lookups by name) and hands each to take_*(), which returns false when the member is not what
// the model expects; such members are kept verbatim so that nothing is lost.
#include "event/cloudtrail_record.h"

#include <utility>

#include "json/json_writer.h"

namespace tripline::event {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

void keep(JsonMembers& other, std::string_view name, element value) {
    other.push_back(JsonMember{std::string(name), json::to_json(value)});
}

bool take_string(element value, std::optional<std::string>& out) {
    std::string_view text;
    if (out || value.get_string().get(text) != simdjson::SUCCESS) {
        return false;
    }
    out = std::string(text);
    return true;
}

bool take_bool(element value, std::optional<bool>& out) {
    bool b = false;
    if (out || value.get_bool().get(b) != simdjson::SUCCESS) {
        return false;
    }
    out = b;
    return true;
}

bool take_raw(element value, std::optional<RawJson>& out) {
    if (out) {
        return false;
    }
    out = json::to_json(value);
    return true;
}

// Reads an object member into a nested model with `read(object, T&)`.
template <typename T, typename Reader>
bool take_object(element value, std::optional<T>& out, Reader read) {
    simdjson::dom::object object;
    if (out || value.get_object().get(object) != simdjson::SUCCESS) {
        return false;
    }
    T nested;
    read(object, nested);
    out = std::move(nested);
    return true;
}

void read_session_issuer(simdjson::dom::object object, SessionIssuer& out) {
    for (auto [key, value] : object) {
        const bool taken = key == "type"          ? take_string(value, out.type)
                           : key == "principalId" ? take_string(value, out.principal_id)
                           : key == "arn"         ? take_string(value, out.arn)
                           : key == "accountId"   ? take_string(value, out.account_id)
                           : key == "userName"    ? take_string(value, out.user_name)
                                                  : false;
        if (!taken) {
            keep(out.other_members, key, value);
        }
    }
}

void read_session_attributes(simdjson::dom::object object, SessionAttributes& out) {
    for (auto [key, value] : object) {
        const bool taken = key == "creationDate"       ? take_string(value, out.creation_date)
                           : key == "mfaAuthenticated" ? take_string(value, out.mfa_authenticated)
                                                       : false;
        if (!taken) {
            keep(out.other_members, key, value);
        }
    }
}

void read_session_context(simdjson::dom::object object, SessionContext& out) {
    for (auto [key, value] : object) {
        const bool taken =
            key == "sessionIssuer" ? take_object(value, out.session_issuer, read_session_issuer)
            : key == "webIdFederationData" ? take_raw(value, out.web_id_federation_data)
            : key == "attributes"      ? take_object(value, out.attributes, read_session_attributes)
            : key == "sourceIdentity"  ? take_string(value, out.source_identity)
            : key == "ec2RoleDelivery" ? take_string(value, out.ec2_role_delivery)
                                       : false;
        if (!taken) {
            keep(out.other_members, key, value);
        }
    }
}

void read_user_identity(simdjson::dom::object object, UserIdentity& out) {
    for (auto [key, value] : object) {
        const bool taken = key == "type"          ? take_string(value, out.type)
                           : key == "principalId" ? take_string(value, out.principal_id)
                           : key == "arn"         ? take_string(value, out.arn)
                           : key == "accountId"   ? take_string(value, out.account_id)
                           : key == "accessKeyId" ? take_string(value, out.access_key_id)
                           : key == "userName"    ? take_string(value, out.user_name)
                           : key == "sessionContext"
                               ? take_object(value, out.session_context, read_session_context)
                           : key == "invokedBy"        ? take_string(value, out.invoked_by)
                           : key == "identityProvider" ? take_string(value, out.identity_provider)
                           : key == "onBehalfOf"       ? take_raw(value, out.on_behalf_of)
                           : key == "credentialId"     ? take_string(value, out.credential_id)
                                                       : false;
        if (!taken) {
            keep(out.other_members, key, value);
        }
    }
}

void read_resource(simdjson::dom::object object, CloudTrailResource& out) {
    for (auto [key, value] : object) {
        const bool taken = key == "accountId" ? take_string(value, out.account_id)
                           : key == "type"    ? take_string(value, out.type)
                           : key == "ARN"     ? take_string(value, out.arn)
                                              : false;
        if (!taken) {
            keep(out.other_members, key, value);
        }
    }
}

// An array of objects only; anything else is kept verbatim.
bool take_resources(element value, std::optional<std::vector<CloudTrailResource>>& out) {
    simdjson::dom::array array;
    if (out || value.get_array().get(array) != simdjson::SUCCESS) {
        return false;
    }
    std::vector<CloudTrailResource> resources;
    resources.reserve(array.size());
    for (element item : array) {
        simdjson::dom::object object;
        if (item.get_object().get(object) != simdjson::SUCCESS) {
            return false;
        }
        read_resource(object, resources.emplace_back());
    }
    out = std::move(resources);
    return true;
}

void read_tls_details(simdjson::dom::object object, TlsDetails& out) {
    for (auto [key, value] : object) {
        const bool taken = key == "tlsVersion"    ? take_string(value, out.tls_version)
                           : key == "cipherSuite" ? take_string(value, out.cipher_suite)
                           : key == "clientProvidedHostHeader"
                               ? take_string(value, out.client_provided_host_header)
                           : key == "keyExchange" ? take_string(value, out.key_exchange)
                                                  : false;
        if (!taken) {
            keep(out.other_members, key, value);
        }
    }
}

bool take_record_member(std::string_view key, element value, CloudTrailRecord& r) {
    // Grouped by first letter so that a member costs a few comparisons, not thirty.
    switch (key.empty() ? '\0' : key[0]) {
        case 'a':
            return key == "awsRegion"             ? take_string(value, r.aws_region)
                   : key == "additionalEventData" ? take_raw(value, r.additional_event_data)
                   : key == "apiVersion"          ? take_string(value, r.api_version)
                   : key == "addendum"            ? take_raw(value, r.addendum)
                                                  : false;
        case 'e':
            return key == "eventVersion"        ? take_string(value, r.event_version)
                   : key == "eventTime"         ? take_string(value, r.event_time)
                   : key == "eventSource"       ? take_string(value, r.event_source)
                   : key == "eventName"         ? take_string(value, r.event_name)
                   : key == "errorCode"         ? take_string(value, r.error_code)
                   : key == "errorMessage"      ? take_string(value, r.error_message)
                   : key == "eventID"           ? take_string(value, r.event_id)
                   : key == "eventType"         ? take_string(value, r.event_type)
                   : key == "eventCategory"     ? take_string(value, r.event_category)
                   : key == "edgeDeviceDetails" ? take_raw(value, r.edge_device_details)
                                                : false;
        case 'i':
            return key == "insightDetails" ? take_raw(value, r.insight_details) : false;
        case 'm':
            return key == "managementEvent" ? take_bool(value, r.management_event) : false;
        case 'r':
            return key == "requestParameters"    ? take_raw(value, r.request_parameters)
                   : key == "responseElements"   ? take_raw(value, r.response_elements)
                   : key == "requestID"          ? take_string(value, r.request_id)
                   : key == "readOnly"           ? take_bool(value, r.read_only)
                   : key == "resources"          ? take_resources(value, r.resources)
                   : key == "recipientAccountId" ? take_string(value, r.recipient_account_id)
                                                 : false;
        case 's':
            return key == "sourceIPAddress"       ? take_string(value, r.source_ip_address)
                   : key == "sharedEventID"       ? take_string(value, r.shared_event_id)
                   : key == "serviceEventDetails" ? take_raw(value, r.service_event_details)
                   : key == "sessionCredentialFromConsole"
                       ? take_string(value, r.session_credential_from_console)
                       : false;
        case 't':
            return key == "tlsDetails" ? take_object(value, r.tls_details, read_tls_details)
                                       : false;
        case 'u':
            return key == "userIdentity" ? take_object(value, r.user_identity, read_user_identity)
                   : key == "userAgent"  ? take_string(value, r.user_agent)
                                         : false;
        case 'v':
            return key == "vpcEndpointId"          ? take_string(value, r.vpc_endpoint_id)
                   : key == "vpcEndpointAccountId" ? take_string(value, r.vpc_endpoint_account_id)
                                                   : false;
        default:
            return false;
    }
}

json::ParseLimits record_limits() {
    return json::ParseLimits{kMaxCloudTrailRecordBytes, kMaxCloudTrailDepth};
}

}  // namespace

const RawJson* CloudTrailRecord::other_member(std::string_view name) const {
    for (const auto& member : other_members) {
        if (member.name == name) {
            return &member.value;
        }
    }
    return nullptr;
}

Result<CloudTrailRecord> parse_cloudtrail_record(simdjson::dom::element record) {
    simdjson::dom::object object;
    if (record.get_object().get(object) != simdjson::SUCCESS) {
        return make_error(Errc::kInvalidArgument, "CloudTrail record must be a JSON object");
    }
    CloudTrailRecord out;
    for (auto [key, value] : object) {
        if (!take_record_member(key, value, out)) {
            keep(out.other_members, key, value);
        }
    }
    return out;
}

Result<CloudTrailRecord> parse_cloudtrail_record(std::string_view json, json::JsonParser& parser) {
    TRIPLINE_ASSIGN_OR_RETURN(element root, parser.parse(json, record_limits()));
    return parse_cloudtrail_record(root);
}

Result<CloudTrailRecord> parse_cloudtrail_record(std::string_view json) {
    return parse_cloudtrail_record(json, json::thread_local_parser());
}

Result<std::vector<CloudTrailRecord>> parse_cloudtrail_log_file(std::string_view json) {
    json::JsonParser parser(json::ParseLimits{kMaxCloudTrailLogFileBytes, kMaxCloudTrailDepth + 2});
    TRIPLINE_ASSIGN_OR_RETURN(element root, parser.parse(json));
    simdjson::dom::object object;
    if (root.get_object().get(object) != simdjson::SUCCESS) {
        return make_error(Errc::kInvalidArgument,
                          "CloudTrail log file must be a JSON object with a \"Records\" array");
    }
    simdjson::dom::array records;
    if (object.at_key("Records").get_array().get(records) != simdjson::SUCCESS) {
        return make_error(Errc::kInvalidArgument,
                          "CloudTrail log file must have a \"Records\" array");
    }
    std::vector<CloudTrailRecord> out;
    out.reserve(records.size());
    std::size_t index = 0;
    for (element item : records) {
        auto record = parse_cloudtrail_record(item);
        if (!record) {
            Error error = std::move(record).error();
            error.message = "Records[" + std::to_string(index) + "]: " + error.message;
            return error;
        }
        out.push_back(std::move(record).value());
        ++index;
    }
    return out;
}

}  // namespace tripline::event
