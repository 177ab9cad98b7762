// The trail store's tables (private to the query module).
//
// `trail_records` holds one row per stored record. Its first 24 columns are Athena's CloudTrail
// table (athena.md §1) in Athena's order and shapes, stored nested (STRUCT/LIST/MAP) so that
// investigators' queries read them directly - except readonly, kept as BOOLEAN `tl_readonly`
// (cheaper to load; the view renders 'true'/'false'). Then Tripline's `tl_` columns: eventCategory
// (coded) and managementEvent, `tl_extra` (the rarely set modelled members, record_extra.h), the
// parsed time, LookupEvents' kind and Username, the dedup key, the shape bits and, for records
// with unmodelled members, their JSON. Each stored cell costs load time, so derivable values
// (the history account, resource names) are computed in SQL instead (account_sql(), ...).
//
// Views: `cloudtrail_logs` is Athena's table - the 24 columns plus the partition columns region,
// year, month, day and "timestamp" (partition projection's yyyy/MM/dd); `cloudtrail_logs_extended`
// adds eventcategory, managementevent, sessioncredentialfromconsole, vpcendpointaccountid and
// insightdetails (JSON text), the columns users may add to Athena's DDL.
//
// CloudTrailEvent is rebuilt from the columns (record_chunk_reader.h); a record with members the
// columns cannot hold (anything in other_members) keeps its JSON text in tl_json instead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "query/duck.h"

namespace tripline::query::schema {

inline constexpr const char* kRecordsTable = "trail_records";
inline constexpr int kSchemaVersion = 1;

// Column positions in trail_records (and in the appended chunks).
enum Column : std::size_t {
    kEventVersion,
    kUserIdentity,
    kEventTime,
    kEventSource,
    kEventName,
    kAwsRegion,
    kSourceIpAddress,
    kUserAgent,
    kErrorCode,
    kErrorMessage,
    kRequestParameters,
    kResponseElements,
    kAdditionalEventData,
    kRequestId,
    kEventId,
    kResources,
    kEventType,
    kApiVersion,
    kReadOnly,  // BOOLEAN (the view renders 'true'/'false')
    kRecipientAccountId,
    kServiceEventDetails,
    kSharedEventId,
    kVpcEndpointId,
    kTlsDetails,
    kEventCategory,    // UTINYINT Category
    kManagementEvent,  // BOOLEAN
    kExtra,            // JSON object of the rarely set modelled members (ExtraMember names)
    kTime,             // eventTime parsed (TIMESTAMP), NULL when unparsable
    kKind,             // RecordKind
    kUsername,         // LookupEvents' Username when it differs from useridentity.username
    kDedupKey,         // hash of (account, eventID); NULL without eventID
    kShape,            // ShapeBit flags
    kJson,             // the record's JSON when it cannot be rebuilt from the columns
    kColumnCount
};

// Children of the useridentity STRUCT, sessioncontext, attributes, sessionissuer, resources' and
// tlsdetails' STRUCTs, in declaration order.
enum UserIdentityChild : std::size_t {
    kUiType,
    kUiPrincipalId,
    kUiArn,
    kUiAccountId,
    kUiInvokedBy,
    kUiAccessKeyId,
    kUiUserName,
    kUiSessionContext
};
enum SessionContextChild : std::size_t {
    kScAttributes,
    kScSessionIssuer,
    kScEc2RoleDelivery,
    kScWebIdFederationData
};
enum AttributesChild : std::size_t { kAtMfaAuthenticated, kAtCreationDate };
enum SessionIssuerChild : std::size_t {
    kSiType,
    kSiPrincipalId,
    kSiArn,
    kSiAccountId,
    kSiUserName
};
enum ResourceChild : std::size_t { kResArn, kResAccountId, kResType };
enum TlsChild : std::size_t { kTlsVersion, kTlsCipherSuite, kTlsClientProvidedHostHeader };

enum class RecordKind : std::uint8_t { kOther = 0, kManagement = 1, kInsight = 2 };

// eventCategory, coded (any other value is kept in tl_extra as "eventCategory").
enum class Category : std::uint8_t {
    kAbsent = 0,
    kManagement = 1,
    kData = 2,
    kInsight = 3,
    kNetworkActivity = 4,
    kOther = 5
};
const char* category_name(Category category);  // "" for kAbsent and kOther

// SQL over a trail_records row (`prefix` is "" or "t."): the account whose event history holds it
// (what history_account() computes), and LookupEvents' Username (lookup_username()).
std::string account_sql(const std::string& prefix);
std::string username_sql(const std::string& prefix);

// tl_shape: which optional objects exist (an object may be present with no fields set) and which
// raw-JSON members hold a JSON null (Athena shows those as NULL, like absent ones).
// webIdFederationData: an empty object is the MAP column's empty map; any other value is kept in
// tl_extra.
enum ShapeBit : std::uint32_t {
    kHasUserIdentity = 1U << 0,
    kHasSessionContext = 1U << 1,
    kHasSessionIssuer = 1U << 2,
    kHasAttributes = 1U << 3,
    kHasTlsDetails = 1U << 4,
    kNullRequestParameters = 1U << 5,
    kNullResponseElements = 1U << 6,
    kNullAdditionalEventData = 1U << 7,
    kNullServiceEventDetails = 1U << 8,
};

// SELECT of Athena's columns (those of cloudtrail_logs_extended, without the partition columns)
// over `table`, a table laid out as trail_records.
std::string athena_select_sql(const std::string& table);

// The chunk layout of trail_records, column by column.
std::vector<duck::LogicalType> column_types();

// Column names of trail_records, in order.
const std::vector<std::string>& column_names();

// Creates the tables and the view when missing (idempotent) and checks the schema version.
Status create_schema(duck::Connection& con);

}  // namespace tripline::query::schema
