// Loading CloudTrail records into SQLite and timing queries there, for athena_bench's baseline.
#include "athena_bench_sqlite.h"

#include "athena_bench_util.h"
#include "json/json_writer.h"

namespace tripline::bench::athena {

using event::CloudTrailRecord;

namespace {

constexpr int kSqliteColumns = 33;

void add_member(std::string& out,
                bool& first,
                const char* key,
                const std::optional<std::string>& v) {
    if (!v) {
        return;
    }
    out += first ? "\"" : ",\"";
    first = false;
    out += key;
    out += "\":";
    tripline::json::append_escaped_string(out, *v);
}

void add_raw(std::string& out, bool& first, const char* key, const std::optional<std::string>& v) {
    if (!v) {
        return;
    }
    out += first ? "\"" : ",\"";
    first = false;
    out += key;
    out += "\":";
    out += *v;
}

std::optional<std::string> session_context_json(const tripline::event::UserIdentity& identity) {
    if (!identity.session_context) {
        return std::nullopt;
    }
    const auto& session = *identity.session_context;
    std::string out = "{";
    bool first = true;
    if (session.session_issuer) {
        const auto& issuer = *session.session_issuer;
        out += first ? "\"sessionIssuer\":{" : ",\"sessionIssuer\":{";
        first = false;
        bool inner = true;
        add_member(out, inner, "type", issuer.type);
        add_member(out, inner, "principalId", issuer.principal_id);
        add_member(out, inner, "arn", issuer.arn);
        add_member(out, inner, "accountId", issuer.account_id);
        add_member(out, inner, "userName", issuer.user_name);
        out += '}';
    }
    add_raw(out, first, "webIdFederationData", session.web_id_federation_data);
    if (session.attributes) {
        out += first ? "\"attributes\":{" : ",\"attributes\":{";
        first = false;
        bool inner = true;
        add_member(out, inner, "creationDate", session.attributes->creation_date);
        add_member(out, inner, "mfaAuthenticated", session.attributes->mfa_authenticated);
        out += '}';
    }
    add_member(out, first, "sourceIdentity", session.source_identity);
    add_member(out, first, "ec2RoleDelivery", session.ec2_role_delivery);
    out += '}';
    return out;
}

std::optional<std::string> resources_json(const CloudTrailRecord& record) {
    if (!record.resources) {
        return std::nullopt;
    }
    std::string out = "[";
    for (const auto& resource : *record.resources) {
        if (out.size() > 1) {
            out += ',';
        }
        out += '{';
        bool first = true;
        add_member(out, first, "accountId", resource.account_id);
        add_member(out, first, "type", resource.type);
        add_member(out, first, "ARN", resource.arn);
        out += '}';
    }
    out += ']';
    return out;
}

std::optional<std::string> tls_json(const CloudTrailRecord& record) {
    if (!record.tls_details) {
        return std::nullopt;
    }
    std::string out = "{";
    bool first = true;
    add_member(out, first, "tlsVersion", record.tls_details->tls_version);
    add_member(out, first, "cipherSuite", record.tls_details->cipher_suite);
    add_member(
        out, first, "clientProvidedHostHeader", record.tls_details->client_provided_host_header);
    out += '}';
    return out;
}

// A JSON value as stored: JSON null is SQL NULL (as in the trail store).
std::optional<std::string> raw_or_null(const std::optional<std::string>& raw) {
    if (!raw || *raw == "null") {
        return std::nullopt;
    }
    return raw;
}

std::optional<std::string> bool_text(std::optional<bool> value) {
    if (!value) {
        return std::nullopt;
    }
    return std::string(*value ? "true" : "false");
}

}  // namespace

void sqlite_exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error != nullptr ? error : sqlite3_errmsg(db);
        sqlite3_free(error);
        die(std::string("sqlite: ") + message + " in " + sql);
    }
}

SqliteDb open_sqlite(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(file.c_str(),
                        &raw,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        die("sqlite open " + file.string());
    }
    SqliteDb db(raw);
    sqlite_exec(db.get(),
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                "PRAGMA cache_size = -1000000; PRAGMA busy_timeout = 60000;");
    return db;
}

SqliteLoader::SqliteLoader(sqlite3* db) : db_(db) {
    std::string sql = "INSERT INTO cloudtrail_logs VALUES (?";
    for (int i = 1; i < kSqliteColumns; ++i) {
        sql += ",?";
    }
    sql += ")";
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        die(std::string("sqlite prepare: ") + sqlite3_errmsg(db_));
    }
    insert_.reset(raw);
}

void SqliteLoader::insert(const CloudTrailRecord& r) {
    const tripline::event::UserIdentity empty;
    const auto& ui = r.user_identity ? *r.user_identity : empty;
    const bool has_ui = r.user_identity.has_value();
    values_.clear();
    values_.push_back(r.event_version);
    values_.push_back(has_ui ? ui.type : std::nullopt);
    values_.push_back(ui.principal_id);
    values_.push_back(ui.arn);
    values_.push_back(ui.account_id);
    values_.push_back(ui.invoked_by);
    values_.push_back(ui.access_key_id);
    values_.push_back(ui.user_name);
    values_.push_back(session_context_json(ui));
    values_.push_back(r.event_time);
    values_.push_back(r.event_source);
    values_.push_back(r.event_name);
    values_.push_back(r.aws_region);
    values_.push_back(r.source_ip_address);
    values_.push_back(r.user_agent);
    values_.push_back(r.error_code);
    values_.push_back(r.error_message);
    values_.push_back(raw_or_null(r.request_parameters));
    values_.push_back(raw_or_null(r.response_elements));
    values_.push_back(raw_or_null(r.additional_event_data));
    values_.push_back(r.request_id);
    values_.push_back(r.event_id);
    values_.push_back(resources_json(r));
    values_.push_back(r.event_type);
    values_.push_back(r.api_version);
    values_.push_back(bool_text(r.read_only));
    values_.push_back(r.recipient_account_id);
    values_.push_back(raw_or_null(r.service_event_details));
    values_.push_back(r.shared_event_id);
    values_.push_back(r.vpc_endpoint_id);
    values_.push_back(tls_json(r));
    values_.push_back(r.event_category);
    values_.push_back(bool_text(r.management_event));
    sqlite3_stmt* stmt = insert_.get();
    for (int i = 0; i < kSqliteColumns; ++i) {
        const auto& value = values_[static_cast<std::size_t>(i)];
        if (value) {
            sqlite3_bind_text(
                stmt, i + 1, value->data(), static_cast<int>(value->size()), SQLITE_STATIC);
        } else {
            sqlite3_bind_null(stmt, i + 1);
        }
    }
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        die(std::string("sqlite insert: ") + sqlite3_errmsg(db_));
    }
    sqlite3_reset(stmt);
}

SqliteRun run_sqlite(sqlite3* db, const std::string& sql, std::size_t show) {
    SqliteRun out;
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        out.error = sqlite3_errmsg(db);
        return out;
    }
    SqliteStmt stmt(raw);
    const int columns = sqlite3_column_count(raw);
    std::vector<std::string> row(static_cast<std::size_t>(columns));
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        for (int c = 0; c < columns; ++c) {
            const unsigned char* text = sqlite3_column_text(raw, c);
            row[static_cast<std::size_t>(c)].assign(
                text != nullptr ? reinterpret_cast<const char*>(text) : "",
                static_cast<std::size_t>(sqlite3_column_bytes(raw, c)));
        }
        if (out.rows < show) {
            out.shown.push_back(joined(row));
        }
        ++out.rows;
    }
    if (rc != SQLITE_DONE) {
        out.error = sqlite3_errmsg(db);
    }
    return out;
}

}  // namespace tripline::bench::athena
