#include "query/record_chunk_writer.h"

#include <algorithm>
#include <cctype>

#include "base/clock.h"
#include "json/json_parser.h"
#include "json/json_writer.h"
#include "query/record_derived.h"
#include "query/record_extra.h"

namespace tripline::query {

namespace {

using event::CloudTrailRecord;
using event::JsonMembers;

const std::optional<std::string> kNone;

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// Athena's text of a JSON value in a STRING column: a string's content, null as NULL, anything
// else as its JSON text.
std::optional<std::string> athena_text(std::string_view raw) {
    if (raw == "null") {
        return std::nullopt;
    }
    if (raw.empty() || raw.front() != '"') {
        return std::string(raw);
    }
    json::JsonParser parser;
    Result<simdjson::dom::element> parsed = parser.parse(raw);
    std::string_view text;
    if (!parsed || parsed->get_string().get(text) != simdjson::SUCCESS) {
        return std::string(raw);
    }
    return std::string(text);
}

std::int64_t micros_since_epoch(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

}  // namespace

void RecordChunkWriter::Leaf::bind(duckdb_vector v) {
    vector = v;
    duckdb_vector_ensure_validity_writable(v);
    validity = duckdb_vector_get_validity(v);
}

void RecordChunkWriter::Leaf::set_text(std::size_t row, std::string_view value) const {
    set_valid(row);
    duckdb_vector_assign_string_element_len(vector, row, value.data(), value.size());
}

void RecordChunkWriter::Leaf::set(std::size_t row, const std::optional<std::string>& value) const {
    if (value) {
        set_text(row, *value);
    } else {
        set_null(row);
    }
}

RecordChunkWriter::RecordChunkWriter()
    : types_(schema::column_types()), chunk_(types_), capacity_(duckdb_vector_size()) {
    bind_vectors();
}

void RecordChunkWriter::clear() {
    chunk_ = duck::DataChunk(types_);
    rows_ = 0;
    bind_vectors();
}

duck::DataChunk RecordChunkWriter::take() {
    duckdb_list_vector_set_size(resources_.list.vector, resources_.size);
    duckdb_list_vector_set_size(webid_.list.vector, webid_.size);
    chunk_.set_size(rows_);
    duck::DataChunk full = std::move(chunk_);
    clear();
    return full;
}

void RecordChunkWriter::bind_vectors() {
    for (std::size_t col = 0; col < schema::kColumnCount; ++col) {
        top_[col].bind(chunk_.vector(col));
    }
    for (std::size_t i = 0; i < 8; ++i) {
        identity_[i].bind(duckdb_struct_vector_get_child(top_[schema::kUserIdentity].vector, i));
    }
    for (std::size_t i = 0; i < 4; ++i) {
        session_[i].bind(
            duckdb_struct_vector_get_child(identity_[schema::kUiSessionContext].vector, i));
    }
    for (std::size_t i = 0; i < 2; ++i) {
        attributes_[i].bind(
            duckdb_struct_vector_get_child(session_[schema::kScAttributes].vector, i));
    }
    for (std::size_t i = 0; i < 5; ++i) {
        issuer_[i].bind(
            duckdb_struct_vector_get_child(session_[schema::kScSessionIssuer].vector, i));
    }
    for (std::size_t i = 0; i < 3; ++i) {
        tls_[i].bind(duckdb_struct_vector_get_child(top_[schema::kTlsDetails].vector, i));
    }
    resources_ = ListState{top_[schema::kResources], 0, 0};
    webid_ = ListState{session_[schema::kScWebIdFederationData], 0, 0};
    reserve(resources_, capacity_);
    reserve(webid_, capacity_);
}

void RecordChunkWriter::reserve(ListState& state, std::size_t extra) {
    std::size_t needed = state.size + extra;
    if (needed <= state.capacity) {
        return;
    }
    std::size_t capacity = std::max(needed, state.capacity * 2);
    duckdb_list_vector_reserve(state.list.vector, capacity);
    state.capacity = capacity;
    if (&state == &resources_) {
        rebind_resource_children();
    } else {
        rebind_webid_children();
    }
}

void RecordChunkWriter::rebind_resource_children() {
    resource_struct_.bind(duckdb_list_vector_get_child(resources_.list.vector));
    for (std::size_t i = 0; i < 3; ++i) {
        resource_[i].bind(duckdb_struct_vector_get_child(resource_struct_.vector, i));
    }
}

void RecordChunkWriter::rebind_webid_children() {
    duckdb_vector entries = duckdb_list_vector_get_child(webid_.list.vector);
    webid_key_.bind(duckdb_struct_vector_get_child(entries, 0));
    webid_value_.bind(duckdb_struct_vector_get_child(entries, 1));
}

void RecordChunkWriter::write_raw(std::size_t row,
                                  schema::Column column,
                                  const std::optional<event::RawJson>& value,
                                  std::uint32_t null_bit,
                                  std::uint32_t& shape) const {
    if (value && *value == "null") {
        shape |= null_bit;
        top_[column].set_null(row);
    } else {
        top_[column].set(row, value);
    }
}

void RecordChunkWriter::write_scalar(std::size_t row,
                                     schema::Column column,
                                     const std::optional<std::string>& value,
                                     const CloudTrailRecord& record,
                                     std::string_view athena_name) const {
    if (value || record.other_members.empty()) {
        top_[column].set(row, value);
        return;
    }
    for (const event::JsonMember& member : record.other_members) {
        if (iequals(member.name, athena_name)) {
            top_[column].set(row, athena_text(member.value));
            return;
        }
    }
    top_[column].set_null(row);
}

std::optional<std::int64_t> RecordChunkWriter::add(const CloudTrailRecord& r) {
    const std::size_t row = rows_++;
    std::uint32_t shape = 0;

    write_scalar(row, schema::kEventVersion, r.event_version, r, "eventversion");
    write_user_identity(row, r);
    if (r.user_identity) {
        shape |= schema::kHasUserIdentity;
        if (const auto& session = r.user_identity->session_context) {
            shape |= schema::kHasSessionContext;
            shape |= session->session_issuer ? schema::kHasSessionIssuer : 0U;
            shape |= session->attributes ? schema::kHasAttributes : 0U;
        }
    }
    write_scalar(row, schema::kEventTime, r.event_time, r, "eventtime");
    write_scalar(row, schema::kEventSource, r.event_source, r, "eventsource");
    write_scalar(row, schema::kEventName, r.event_name, r, "eventname");
    write_scalar(row, schema::kAwsRegion, r.aws_region, r, "awsregion");
    write_scalar(row, schema::kSourceIpAddress, r.source_ip_address, r, "sourceipaddress");
    write_scalar(row, schema::kUserAgent, r.user_agent, r, "useragent");
    write_scalar(row, schema::kErrorCode, r.error_code, r, "errorcode");
    write_scalar(row, schema::kErrorMessage, r.error_message, r, "errormessage");
    write_raw(row,
              schema::kRequestParameters,
              r.request_parameters,
              schema::kNullRequestParameters,
              shape);
    write_raw(
        row, schema::kResponseElements, r.response_elements, schema::kNullResponseElements, shape);
    write_raw(row,
              schema::kAdditionalEventData,
              r.additional_event_data,
              schema::kNullAdditionalEventData,
              shape);
    write_scalar(row, schema::kRequestId, r.request_id, r, "requestid");
    write_scalar(row, schema::kEventId, r.event_id, r, "eventid");
    write_resources(row, r);
    write_scalar(row, schema::kEventType, r.event_type, r, "eventtype");
    write_scalar(row, schema::kApiVersion, r.api_version, r, "apiversion");
    std::optional<bool> read_only = r.read_only;
    if (!read_only && !r.other_members.empty()) {
        // Athena reads a hand-edited "readOnly":"true" as 'true' too.
        for (const event::JsonMember& member : r.other_members) {
            if (iequals(member.name, "readonly")) {
                std::optional<std::string> text = athena_text(member.value);
                if (text == "true" || text == "false") {
                    read_only = text == "true";
                }
                break;
            }
        }
    }
    set_bool(row, schema::kReadOnly, read_only);
    write_scalar(row, schema::kRecipientAccountId, r.recipient_account_id, r, "recipientaccountid");
    write_raw(row,
              schema::kServiceEventDetails,
              r.service_event_details,
              schema::kNullServiceEventDetails,
              shape);
    write_scalar(row, schema::kSharedEventId, r.shared_event_id, r, "sharedeventid");
    write_scalar(row, schema::kVpcEndpointId, r.vpc_endpoint_id, r, "vpcendpointid");
    write_tls(row, r);
    shape |= r.tls_details ? schema::kHasTlsDetails : 0U;

    set_fixed(
        row, schema::kEventCategory, static_cast<std::uint8_t>(category_code(r.event_category)));
    set_bool(row, schema::kManagementEvent, r.management_event);
    top_[schema::kExtra].set(row, encode_extra(r));

    std::optional<std::int64_t> time = write_tripline_columns(row, r);
    set_fixed(row, schema::kShape, shape);
    return time;
}

void RecordChunkWriter::set_bool(std::size_t row,
                                 schema::Column column,
                                 std::optional<bool> value) const {
    if (value) {
        set_fixed(row, column, *value);
    } else {
        top_[column].set_null(row);
    }
}

void RecordChunkWriter::write_user_identity(std::size_t row, const CloudTrailRecord& record) {
    const Leaf& column = top_[schema::kUserIdentity];
    if (!record.user_identity) {
        column.set_null(row);
        for (std::size_t i = 0; i < schema::kUiSessionContext; ++i) {
            identity_[i].set_null(row);
        }
        write_session_context(row, nullptr);
        return;
    }
    const event::UserIdentity& identity = *record.user_identity;
    column.set_valid(row);
    identity_[schema::kUiType].set(row, identity.type);
    identity_[schema::kUiPrincipalId].set(row, identity.principal_id);
    identity_[schema::kUiArn].set(row, identity.arn);
    identity_[schema::kUiAccountId].set(row, identity.account_id);
    identity_[schema::kUiInvokedBy].set(row, identity.invoked_by);
    identity_[schema::kUiAccessKeyId].set(row, identity.access_key_id);
    identity_[schema::kUiUserName].set(row, identity.user_name);
    write_session_context(row, identity.session_context ? &*identity.session_context : nullptr);
}

void RecordChunkWriter::write_session_context(std::size_t row,
                                              const event::SessionContext* session) {
    const event::SessionAttributes* attributes =
        session && session->attributes ? &*session->attributes : nullptr;
    const event::SessionIssuer* issuer =
        session && session->session_issuer ? &*session->session_issuer : nullptr;
    if (session) {
        identity_[schema::kUiSessionContext].set_valid(row);
    } else {
        identity_[schema::kUiSessionContext].set_null(row);
    }
    if (attributes) {
        session_[schema::kScAttributes].set_valid(row);
        attributes_[schema::kAtMfaAuthenticated].set(row, attributes->mfa_authenticated);
        attributes_[schema::kAtCreationDate].set(row, attributes->creation_date);
    } else {
        session_[schema::kScAttributes].set_null(row);
        attributes_[schema::kAtMfaAuthenticated].set_null(row);
        attributes_[schema::kAtCreationDate].set_null(row);
    }
    if (issuer) {
        session_[schema::kScSessionIssuer].set_valid(row);
        issuer_[schema::kSiType].set(row, issuer->type);
        issuer_[schema::kSiPrincipalId].set(row, issuer->principal_id);
        issuer_[schema::kSiArn].set(row, issuer->arn);
        issuer_[schema::kSiAccountId].set(row, issuer->account_id);
        issuer_[schema::kSiUserName].set(row, issuer->user_name);
    } else {
        session_[schema::kScSessionIssuer].set_null(row);
        for (const Leaf& leaf : issuer_) {
            leaf.set_null(row);
        }
    }
    session_[schema::kScEc2RoleDelivery].set(row, session ? session->ec2_role_delivery : kNone);
    write_webid_map(row, session ? session->web_id_federation_data : kNone);
}

void RecordChunkWriter::write_webid_map(std::size_t row,
                                        const std::optional<event::RawJson>& webid) {
    auto* entries = static_cast<duckdb_list_entry*>(duckdb_vector_get_data(webid_.list.vector));
    entries[row] = duckdb_list_entry{webid_.size, 0};
    if (!webid || webid->empty() || webid->front() != '{') {
        webid_.list.set_null(row);
        return;
    }
    webid_.list.set_valid(row);
    if (*webid == "{}") {
        return;
    }
    // Athena's MAP<STRING,STRING>: string values as their text, other values as JSON text.
    json::JsonParser parser;
    Result<simdjson::dom::element> parsed = parser.parse(*webid);
    simdjson::dom::object object;
    if (!parsed || parsed->get_object().get(object) != simdjson::SUCCESS) {
        return;
    }
    reserve(webid_, object.size());
    std::vector<std::string_view> seen;  // MAP keys must be unique; JSON keys need not be
    for (auto [key, value] : object) {
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
            continue;
        }
        seen.push_back(key);
        std::size_t index = webid_.size++;
        webid_key_.set_text(index, key);
        std::string_view text;
        if (value.is_null()) {
            webid_value_.set_null(index);
        } else if (value.get_string().get(text) == simdjson::SUCCESS) {
            webid_value_.set_text(index, text);
        } else {
            webid_value_.set_text(index, json::to_json(value));
        }
        ++entries[row].length;
    }
}

void RecordChunkWriter::write_resources(std::size_t row, const CloudTrailRecord& record) {
    auto* entries = static_cast<duckdb_list_entry*>(duckdb_vector_get_data(resources_.list.vector));
    entries[row] = duckdb_list_entry{resources_.size, 0};
    if (!record.resources) {
        resources_.list.set_null(row);
        return;
    }
    resources_.list.set_valid(row);
    const auto& resources = *record.resources;
    reserve(resources_, resources.size());
    for (const event::CloudTrailResource& resource : resources) {
        std::size_t index = resources_.size++;
        resource_struct_.set_valid(index);
        resource_[schema::kResArn].set(index, resource.arn);
        resource_[schema::kResAccountId].set(index, resource.account_id);
        resource_[schema::kResType].set(index, resource.type);
    }
    entries[row].length = resources.size();
}

void RecordChunkWriter::write_tls(std::size_t row, const CloudTrailRecord& record) {
    if (!record.tls_details) {
        top_[schema::kTlsDetails].set_null(row);
        for (const Leaf& leaf : tls_) {
            leaf.set_null(row);
        }
        return;
    }
    const event::TlsDetails& tls = *record.tls_details;
    top_[schema::kTlsDetails].set_valid(row);
    tls_[schema::kTlsVersion].set(row, tls.tls_version);
    tls_[schema::kTlsCipherSuite].set(row, tls.cipher_suite);
    tls_[schema::kTlsClientProvidedHostHeader].set(row, tls.client_provided_host_header);
}

std::optional<std::int64_t> RecordChunkWriter::write_tripline_columns(
    std::size_t row, const CloudTrailRecord& record) {
    TimePoint parsed;
    std::optional<std::int64_t> time;
    if (record.event_time && parse_iso8601(*record.event_time, parsed)) {
        time = micros_since_epoch(parsed);
        set_fixed(row, schema::kTime, *time);
    } else {
        top_[schema::kTime].set_null(row);
    }
    set_fixed(row, schema::kKind, static_cast<std::uint8_t>(record_kind(record)));
    // Stored only when it is not useridentity.username (schema::username_sql()).
    if (record.user_identity && !record.user_identity->user_name) {
        top_[schema::kUsername].set(row, lookup_username(record));
    } else {
        top_[schema::kUsername].set_null(row);
    }
    if (record.event_id) {
        set_fixed(row, schema::kDedupKey, dedup_key(history_account(record), *record.event_id));
    } else {
        top_[schema::kDedupKey].set_null(row);
    }
    if (needs_json_copy(record)) {
        top_[schema::kJson].set(row, event::to_json(record));
    } else {
        top_[schema::kJson].set_null(row);
    }
    return time;
}

}  // namespace tripline::query
