#include "query/record_chunk_reader.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "query/record_derived.h"
#include "query/record_extra.h"

namespace tripline::query {

namespace {

const char* bool_text(bool value) { return value ? "true" : "false"; }

}  // namespace

RecordChunkReader::RecordChunkReader(const duck::DataChunk& chunk, std::size_t first_column)
    : chunk_(chunk), first_column_(first_column), size_(chunk.size()) {}

std::optional<std::string> RecordChunkReader::raw(schema::Column col,
                                                  std::size_t row,
                                                  std::uint32_t shape,
                                                  std::uint32_t null_bit) const {
    if ((shape & null_bit) != 0) {
        return std::string("null");
    }
    return text(col, row);
}

std::int64_t RecordChunkReader::time_micros(std::size_t row) const {
    duck::VectorReader time = column(schema::kTime);
    return time.is_null(row) ? 0 : time.fixed<std::int64_t>(row);
}

std::string RecordChunkReader::event_id(std::size_t row) const {
    return column(schema::kEventId).string_or_empty(row);
}

event::CloudTrailRecord RecordChunkReader::record(std::size_t row) const {
    using namespace schema;
    const std::uint32_t shape = column(kShape).fixed<std::uint32_t>(row);
    event::CloudTrailRecord r;
    r.event_version = text(kEventVersion, row);
    if ((shape & kHasUserIdentity) != 0) {
        duck::VectorReader ui = column(kUserIdentity);
        event::UserIdentity& identity = r.user_identity.emplace();
        identity.type = ui.struct_child(kUiType).string(row);
        identity.principal_id = ui.struct_child(kUiPrincipalId).string(row);
        identity.arn = ui.struct_child(kUiArn).string(row);
        identity.account_id = ui.struct_child(kUiAccountId).string(row);
        identity.invoked_by = ui.struct_child(kUiInvokedBy).string(row);
        identity.access_key_id = ui.struct_child(kUiAccessKeyId).string(row);
        identity.user_name = ui.struct_child(kUiUserName).string(row);
        if ((shape & kHasSessionContext) != 0) {
            duck::VectorReader sc = ui.struct_child(kUiSessionContext);
            event::SessionContext& session = identity.session_context.emplace();
            if ((shape & kHasSessionIssuer) != 0) {
                duck::VectorReader si = sc.struct_child(kScSessionIssuer);
                event::SessionIssuer& issuer = session.session_issuer.emplace();
                issuer.type = si.struct_child(kSiType).string(row);
                issuer.principal_id = si.struct_child(kSiPrincipalId).string(row);
                issuer.arn = si.struct_child(kSiArn).string(row);
                issuer.account_id = si.struct_child(kSiAccountId).string(row);
                issuer.user_name = si.struct_child(kSiUserName).string(row);
            }
            if (!sc.struct_child(kScWebIdFederationData).is_null(row)) {
                session.web_id_federation_data = "{}";  // other values are in tl_extra
            }
            if ((shape & kHasAttributes) != 0) {
                duck::VectorReader at = sc.struct_child(kScAttributes);
                event::SessionAttributes& attributes = session.attributes.emplace();
                attributes.creation_date = at.struct_child(kAtCreationDate).string(row);
                attributes.mfa_authenticated = at.struct_child(kAtMfaAuthenticated).string(row);
            }
            session.ec2_role_delivery = sc.struct_child(kScEc2RoleDelivery).string(row);
        }
    }
    r.event_time = text(kEventTime, row);
    r.event_source = text(kEventSource, row);
    r.event_name = text(kEventName, row);
    r.aws_region = text(kAwsRegion, row);
    r.source_ip_address = text(kSourceIpAddress, row);
    r.user_agent = text(kUserAgent, row);
    r.error_code = text(kErrorCode, row);
    r.error_message = text(kErrorMessage, row);
    r.request_parameters = raw(kRequestParameters, row, shape, kNullRequestParameters);
    r.response_elements = raw(kResponseElements, row, shape, kNullResponseElements);
    r.additional_event_data = raw(kAdditionalEventData, row, shape, kNullAdditionalEventData);
    r.request_id = text(kRequestId, row);
    r.event_id = text(kEventId, row);
    r.read_only = boolean(kReadOnly, row);
    duck::VectorReader resources = column(kResources);
    if (!resources.is_null(row)) {
        duckdb_list_entry entry = resources.list_entry(row);
        duck::VectorReader element = resources.list_child();
        auto& list = r.resources.emplace();
        list.reserve(entry.length);
        for (std::size_t i = entry.offset; i < entry.offset + entry.length; ++i) {
            event::CloudTrailResource& resource = list.emplace_back();
            resource.account_id = element.struct_child(kResAccountId).string(i);
            resource.type = element.struct_child(kResType).string(i);
            resource.arn = element.struct_child(kResArn).string(i);
        }
    }
    r.event_type = text(kEventType, row);
    r.api_version = text(kApiVersion, row);
    r.management_event = boolean(kManagementEvent, row);
    r.recipient_account_id = text(kRecipientAccountId, row);
    r.shared_event_id = text(kSharedEventId, row);
    r.service_event_details = raw(kServiceEventDetails, row, shape, kNullServiceEventDetails);
    r.vpc_endpoint_id = text(kVpcEndpointId, row);
    const auto category = static_cast<Category>(column(kEventCategory).fixed<std::uint8_t>(row));
    if (category != Category::kAbsent && category != Category::kOther) {
        r.event_category = category_name(category);
    }
    if ((shape & kHasTlsDetails) != 0) {
        duck::VectorReader tls_column = column(kTlsDetails);
        event::TlsDetails& tls = r.tls_details.emplace();
        tls.tls_version = tls_column.struct_child(kTlsVersion).string(row);
        tls.cipher_suite = tls_column.struct_child(kTlsCipherSuite).string(row);
        tls.client_provided_host_header =
            tls_column.struct_child(kTlsClientProvidedHostHeader).string(row);
    }
    if (std::optional<std::string> extra = text(kExtra, row)) {
        decode_extra(*extra, r);
    }
    return r;
}

std::string RecordChunkReader::record_json(std::size_t row) const {
    if (std::optional<std::string> json = text(schema::kJson, row)) {
        return std::move(*json);
    }
    return event::to_json(record(row));
}

LookupEvent RecordChunkReader::lookup_event(std::size_t row) const {
    using namespace schema;
    LookupEvent event;
    event.event_id = event_id(row);
    event.event_name = column(kEventName).string_or_empty(row);
    std::optional<bool> read_only = boolean(kReadOnly, row);
    event.read_only = read_only ? bool_text(*read_only) : "";
    duck::VectorReader identity = column(kUserIdentity);
    event.access_key_id = identity.struct_child(kUiAccessKeyId).string_or_empty(row);
    event.event_time = TimePoint{std::chrono::microseconds{time_micros(row)}};
    event.event_source = column(kEventSource).string_or_empty(row);
    event.username = column(kUsername).string(row).value_or(
        identity.struct_child(kUiUserName).string_or_empty(row));
    duck::VectorReader resources = column(kResources);
    if (!resources.is_null(row)) {
        duckdb_list_entry entry = resources.list_entry(row);
        duck::VectorReader types = resources.list_child().struct_child(kResType);
        duck::VectorReader arns = resources.list_child().struct_child(kResArn);
        for (std::size_t i = entry.offset; i < entry.offset + entry.length; ++i) {
            LookupResource resource;
            resource.type = types.string_or_empty(i);
            resource.name = resource_name(arns.string_or_empty(i));
            event.resources.push_back(std::move(resource));
        }
    }
    event.cloudtrail_event = record_json(row);
    if (event.event_name.empty() && event.event_source.empty()) {
        // Insights events name their API in insightDetails (cloudtrail.md §9-10).
        if (std::optional<std::string> extra = text(kExtra, row)) {
            event::CloudTrailRecord insight;
            decode_extra(*extra, insight);
            if (insight.insight_details) {
                auto details = nlohmann::json::parse(*insight.insight_details, nullptr, false);
                if (details.is_object()) {
                    event.event_name = details.value("eventName", "");
                    event.event_source = details.value("eventSource", "");
                }
            }
        }
    }
    return event;
}

}  // namespace tripline::query
