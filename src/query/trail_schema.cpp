#include "query/trail_schema.h"

#include <string>

namespace tripline::query::schema {

namespace {

using duck::LogicalType;

LogicalType varchar() { return LogicalType::of(DUCKDB_TYPE_VARCHAR); }

LogicalType user_identity_type() {
    std::vector<std::pair<const char*, LogicalType>> attributes;
    attributes.emplace_back("mfaauthenticated", varchar());
    attributes.emplace_back("creationdate", varchar());
    std::vector<std::pair<const char*, LogicalType>> issuer;
    issuer.emplace_back("type", varchar());
    issuer.emplace_back("principalid", varchar());
    issuer.emplace_back("arn", varchar());
    issuer.emplace_back("accountid", varchar());
    issuer.emplace_back("username", varchar());
    std::vector<std::pair<const char*, LogicalType>> session;
    session.emplace_back("attributes", LogicalType::struct_of(attributes));
    session.emplace_back("sessionissuer", LogicalType::struct_of(issuer));
    session.emplace_back("ec2roledelivery", varchar());
    session.emplace_back("webidfederationdata", LogicalType::map_of(varchar(), varchar()));
    std::vector<std::pair<const char*, LogicalType>> identity;
    for (const char* name :
         {"type", "principalid", "arn", "accountid", "invokedby", "accesskeyid", "username"}) {
        identity.emplace_back(name, varchar());
    }
    identity.emplace_back("sessioncontext", LogicalType::struct_of(session));
    return LogicalType::struct_of(identity);
}

LogicalType resources_type() {
    std::vector<std::pair<const char*, LogicalType>> resource;
    resource.emplace_back("arn", varchar());
    resource.emplace_back("accountid", varchar());
    resource.emplace_back("type", varchar());
    return LogicalType::list_of(LogicalType::struct_of(resource));
}

LogicalType tls_type() {
    std::vector<std::pair<const char*, LogicalType>> tls;
    tls.emplace_back("tlsversion", varchar());
    tls.emplace_back("ciphersuite", varchar());
    tls.emplace_back("clientprovidedhostheader", varchar());
    return LogicalType::struct_of(tls);
}

// Must list the columns in the order of schema::Column, with the types column_types() gives.
constexpr const char* kCreateRecords = R"sql(
CREATE TABLE IF NOT EXISTS trail_records (
    eventversion VARCHAR,
    useridentity STRUCT(
        type VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, invokedby VARCHAR,
        accesskeyid VARCHAR, username VARCHAR,
        sessioncontext STRUCT(
            attributes STRUCT(mfaauthenticated VARCHAR, creationdate VARCHAR),
            sessionissuer STRUCT(type VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR,
                                 username VARCHAR),
            ec2roledelivery VARCHAR,
            webidfederationdata MAP(VARCHAR, VARCHAR))),
    eventtime VARCHAR,
    eventsource VARCHAR,
    eventname VARCHAR,
    awsregion VARCHAR,
    sourceipaddress VARCHAR,
    useragent VARCHAR,
    errorcode VARCHAR,
    errormessage VARCHAR,
    requestparameters VARCHAR,
    responseelements VARCHAR,
    additionaleventdata VARCHAR,
    requestid VARCHAR,
    eventid VARCHAR,
    resources STRUCT(arn VARCHAR, accountid VARCHAR, type VARCHAR)[],
    eventtype VARCHAR,
    apiversion VARCHAR,
    tl_readonly BOOLEAN,
    recipientaccountid VARCHAR,
    serviceeventdetails VARCHAR,
    sharedeventid VARCHAR,
    vpcendpointid VARCHAR,
    tlsdetails STRUCT(tlsversion VARCHAR, ciphersuite VARCHAR, clientprovidedhostheader VARCHAR),
    tl_eventcategory UTINYINT,
    tl_managementevent BOOLEAN,
    tl_extra VARCHAR,
    tl_time TIMESTAMP,
    tl_kind UTINYINT,
    tl_username VARCHAR,
    tl_key UBIGINT,
    tl_shape UINTEGER,
    tl_json VARCHAR
);
CREATE TABLE IF NOT EXISTS trail_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
)sql";

constexpr const char* kBoolText = "CASE WHEN {0} THEN 'true' WHEN NOT {0} THEN 'false' END";

std::string bool_text(const std::string& column) {
    std::string text = kBoolText;
    for (std::size_t pos; (pos = text.find("{0}")) != std::string::npos;) {
        text.replace(pos, 3, column);
    }
    return text;
}

std::string athena_columns_sql() {
    return "eventversion, useridentity, eventtime, eventsource, eventname, awsregion, "
           "sourceipaddress, useragent, errorcode, errormessage, requestparameters, "
           "responseelements, additionaleventdata, requestid, eventid, resources, eventtype, "
           "apiversion, " +
           bool_text("tl_readonly") +
           " AS readonly, recipientaccountid, serviceeventdetails, sharedeventid, vpcendpointid, "
           "tlsdetails";
}

std::string extended_columns_sql() {
    return "CASE tl_eventcategory WHEN 1 THEN 'Management' WHEN 2 THEN 'Data' WHEN 3 THEN "
           "'Insight' WHEN 4 THEN 'NetworkActivity' WHEN 5 THEN json_extract_string(tl_extra, "
           "'$.eventCategory') END AS eventcategory, " +
           bool_text("tl_managementevent") +
           " AS managementevent, json_extract_string(tl_extra, '$.sessionCredentialFromConsole') "
           "AS sessioncredentialfromconsole, json_extract_string(tl_extra, "
           "'$.vpcEndpointAccountId') AS vpcendpointaccountid, CAST(json_extract(tl_extra, "
           "'$.insightDetails') AS VARCHAR) AS insightdetails";
}

// Athena's table: the DDL's columns, then the partition columns of both of Athena's layouts
// (region/year/month/day and partition projection's "timestamp"). `cloudtrail_logs_extended`
// adds the columns users may add to Athena's DDL.
std::string create_views() {
    const std::string athena_columns = athena_columns_sql();
    const std::string partitions =
        "awsregion AS region, strftime(tl_time, '%Y') AS year, strftime(tl_time, '%m') AS month, "
        "strftime(tl_time, '%d') AS day, strftime(tl_time, '%Y/%m/%d') AS \"timestamp\"";
    const std::string extended = extended_columns_sql();
    // A session that runs queries for one account (Athena's API) sets the variable and sees only
    // that account's records, as its own trail would hold them; local sessions see every account.
    const std::string tenancy =
        " FROM trail_records WHERE getvariable('tripline_account') IS NULL "
        "OR " +
        account_sql("") + " = getvariable('tripline_account')";
    return "CREATE OR REPLACE VIEW cloudtrail_logs AS SELECT " + athena_columns + ", " +
           partitions + tenancy + ";\n" +
           "CREATE OR REPLACE VIEW cloudtrail_logs_extended AS SELECT " + athena_columns + ", " +
           extended + ", " + partitions + tenancy + ";";
}

}  // namespace

std::string athena_select_sql(const std::string& table) {
    return "SELECT " + athena_columns_sql() + ", " + extended_columns_sql() + " FROM " + table;
}

std::vector<duck::LogicalType> column_types() {
    std::vector<LogicalType> types;
    types.reserve(kColumnCount);
    for (std::size_t col = 0; col < kColumnCount; ++col) {
        switch (col) {
            case kUserIdentity:
                types.push_back(user_identity_type());
                break;
            case kResources:
                types.push_back(resources_type());
                break;
            case kTlsDetails:
                types.push_back(tls_type());
                break;
            case kTime:
                types.push_back(LogicalType::of(DUCKDB_TYPE_TIMESTAMP));
                break;
            case kKind:
            case kEventCategory:
                types.push_back(LogicalType::of(DUCKDB_TYPE_UTINYINT));
                break;
            case kReadOnly:
            case kManagementEvent:
                types.push_back(LogicalType::of(DUCKDB_TYPE_BOOLEAN));
                break;
            case kDedupKey:
                types.push_back(LogicalType::of(DUCKDB_TYPE_UBIGINT));
                break;
            case kShape:
                types.push_back(LogicalType::of(DUCKDB_TYPE_UINTEGER));
                break;
            default:
                types.push_back(varchar());
                break;
        }
    }
    return types;
}

Status create_schema(duck::Connection& con) {
    TRIPLINE_TRY(con.exec(kCreateRecords));
    TRIPLINE_ASSIGN_OR_RETURN(
        duck::QueryResult version,
        con.query("SELECT value FROM trail_meta WHERE key = 'schema_version'"));
    duck::DataChunk chunk(version.fetch_chunk());
    if (!chunk || chunk.size() == 0) {
        TRIPLINE_TRY(con.exec("INSERT INTO trail_meta VALUES ('schema_version', '" +
                              std::to_string(kSchemaVersion) + "')"));
    } else {
        std::string stored = duck::VectorReader(chunk.vector(0)).string_or_empty(0);
        if (stored != std::to_string(kSchemaVersion)) {
            return make_error(Errc::kFailedPrecondition,
                              "trail store schema version " + stored +
                                  " is not supported (expected " + std::to_string(kSchemaVersion) +
                                  ")");
        }
    }
    return con.exec(create_views());
}

const char* category_name(Category category) {
    switch (category) {
        case Category::kManagement:
            return "Management";
        case Category::kData:
            return "Data";
        case Category::kInsight:
            return "Insight";
        case Category::kNetworkActivity:
            return "NetworkActivity";
        default:
            return "";
    }
}

std::string account_sql(const std::string& prefix) {
    return "coalesce(nullif(" + prefix + "recipientaccountid, ''), " + prefix +
           "useridentity.accountid)";
}

std::string username_sql(const std::string& prefix) {
    return "coalesce(" + prefix + "tl_username, " + prefix + "useridentity.username)";
}

const std::vector<std::string>& column_names() {
    static const std::vector<std::string> names = {"eventversion",
                                                   "useridentity",
                                                   "eventtime",
                                                   "eventsource",
                                                   "eventname",
                                                   "awsregion",
                                                   "sourceipaddress",
                                                   "useragent",
                                                   "errorcode",
                                                   "errormessage",
                                                   "requestparameters",
                                                   "responseelements",
                                                   "additionaleventdata",
                                                   "requestid",
                                                   "eventid",
                                                   "resources",
                                                   "eventtype",
                                                   "apiversion",
                                                   "tl_readonly",
                                                   "recipientaccountid",
                                                   "serviceeventdetails",
                                                   "sharedeventid",
                                                   "vpcendpointid",
                                                   "tlsdetails",
                                                   "tl_eventcategory",
                                                   "tl_managementevent",
                                                   "tl_extra",
                                                   "tl_time",
                                                   "tl_kind",
                                                   "tl_username",
                                                   "tl_key",
                                                   "tl_shape",
                                                   "tl_json"};
    return names;
}

}  // namespace tripline::query::schema
