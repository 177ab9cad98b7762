#include "storage/migrations.h"

#include <array>
#include <string>

#include "storage/transaction.h"

namespace tripline::storage {

namespace {

// Version 1: identities, the generic resource store and the delivery outbox. Times are unix
// milliseconds. STRICT tables make SQLite enforce the declared column types.
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE accounts (
    account_id TEXT PRIMARY KEY NOT NULL,
    alias      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE iam_users (
    account_id TEXT NOT NULL REFERENCES accounts(account_id),
    user_name  TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    path       TEXT NOT NULL DEFAULT '/',
    arn        TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, user_name)
) STRICT;

-- user_name NULL: the account's root credentials.
CREATE TABLE access_keys (
    access_key_id     TEXT PRIMARY KEY NOT NULL,
    secret_access_key TEXT NOT NULL,
    account_id        TEXT NOT NULL REFERENCES accounts(account_id),
    user_name         TEXT,
    status            TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
    created_at        INTEGER NOT NULL,
    last_used_at      INTEGER,
    last_used_service TEXT,
    last_used_region  TEXT,
    FOREIGN KEY (account_id, user_name) REFERENCES iam_users(account_id, user_name)
) STRICT;
CREATE INDEX access_keys_by_user ON access_keys(account_id, user_name);

CREATE TABLE resources (
    account_id TEXT NOT NULL,
    region     TEXT NOT NULL,
    type       TEXT NOT NULL,
    name       TEXT NOT NULL,
    arn        TEXT NOT NULL UNIQUE,
    document   TEXT NOT NULL CHECK (json_valid(document)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, type, name)
) STRICT;
CREATE INDEX resources_by_type ON resources(type);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,
    destination     TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    status          TEXT NOT NULL
                    CHECK (status IN ('pending', 'in_flight', 'delivered', 'dead')),
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
)sql";

// Version 2: the messages of Tripline's SQS queues (storage/queue_store.h). The queues themselves
// are resources of type "sqs:queue"; a message names its queue by ARN. Times are unix
// milliseconds: a message is receivable once visible_at has passed (delays and visibility timeouts
// both move it), and expires by sent_at and its queue's retention period.
constexpr std::string_view kSqsMessages = R"sql(
CREATE TABLE sqs_messages (
    seq                    INTEGER PRIMARY KEY AUTOINCREMENT,
    queue_arn              TEXT NOT NULL,
    message_id             TEXT NOT NULL UNIQUE,
    body                   TEXT NOT NULL,
    message_attributes     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(message_attributes)),
    md5_of_body            TEXT NOT NULL,
    sender_id              TEXT NOT NULL DEFAULT '',
    sent_at                INTEGER NOT NULL,
    visible_at             INTEGER NOT NULL,
    receive_count          INTEGER NOT NULL DEFAULT 0,
    first_received_at      INTEGER,
    receipt_token          TEXT,
    dead_letter_source_arn TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sqs_messages_by_visibility ON sqs_messages(queue_arn, visible_at);
CREATE INDEX sqs_messages_by_age ON sqs_messages(queue_arn, sent_at);
)sql";

// Version 3: checkpoints of `tripline ingest` (storage/ingest_checkpoint_store.h). One row per
// file of a log source: the version last finished and whether it was ingested or found bad, so a
// restart neither re-reads a finished file nor retries an unchanged bad one. ingested_events holds
// a key per event handed to the pipeline (eventTime, eventID and a fingerprint: the keys of one
// batch then sit together in the b-tree, which made dedup 6x cheaper than random eventIDs alone),
// so a file delivered twice (or re-read after a crash) does not alert twice. WITHOUT ROWID: both
// tables are looked up by their whole key.
constexpr std::string_view kIngestCheckpoints = R"sql(
CREATE TABLE ingest_files (
    source      TEXT NOT NULL,
    identity    TEXT NOT NULL,
    version     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('done', 'failed')),
    reason      TEXT NOT NULL DEFAULT '',
    records     INTEGER NOT NULL DEFAULT 0,
    bad_records INTEGER NOT NULL DEFAULT 0,
    finished_at INTEGER NOT NULL,
    PRIMARY KEY (source, identity)
) STRICT, WITHOUT ROWID;

CREATE TABLE ingested_events (
    event_key TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// Version 4: outbox payloads may be compressed BLOBs (storage/outbox_payload.h). STRICT tables
// cannot change a column's type in place, so the table is rebuilt; ids and the AUTOINCREMENT
// high-water mark carry over (ids are never reused).
constexpr const char* kOutboxBlobPayloads = R"sql(
CREATE TABLE outbox_v4 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,
    destination     TEXT NOT NULL,
    payload         ANY NOT NULL CHECK (typeof(payload) IN ('text', 'blob')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    status          TEXT NOT NULL
                    CHECK (status IN ('pending', 'in_flight', 'delivered', 'dead')),
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
INSERT INTO outbox_v4 SELECT * FROM outbox;
INSERT INTO sqlite_sequence(name, seq)
    SELECT 'outbox_v4', seq FROM sqlite_sequence WHERE name = 'outbox'
    AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox_v4');
UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'outbox'))
    WHERE name = 'outbox_v4' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox');
DROP TABLE outbox;
ALTER TABLE outbox_v4 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
)sql";

// Version 5: GuardDuty-style findings (storage/finding_store.h) and the baselines detections learn
// (storage/detection_state_store.h). A finding is found again by its
// detector and aggregation key when later occurrences fold into it; `publish` says whether an
// EventBridge event is owed ('pending'), was sent ('published') or is withheld by a suppression
// filter ('suppressed'), so a crash between storing and publishing loses no event.
constexpr std::string_view kFindings = R"sql(
CREATE TABLE findings (
    id              TEXT PRIMARY KEY NOT NULL,
    detector_id     TEXT NOT NULL,
    account_id      TEXT NOT NULL,
    region          TEXT NOT NULL,
    type            TEXT NOT NULL,
    aggregation_key TEXT NOT NULL,
    severity        REAL NOT NULL,
    archived        INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL,
    publish         TEXT NOT NULL CHECK (publish IN ('pending', 'published', 'suppressed')),
    published_at    INTEGER,
    document        TEXT NOT NULL CHECK (json_valid(document)),
    UNIQUE (detector_id, aggregation_key)
) STRICT;
CREATE INDEX findings_by_detector ON findings(detector_id, updated_at);
CREATE INDEX findings_to_publish ON findings(publish) WHERE publish = 'pending';

-- What detections learn (per-principal baselines), by key; documents belong to the detect module.
CREATE TABLE detection_state (
    key        TEXT PRIMARY KEY NOT NULL,
    document   TEXT NOT NULL CHECK (json_valid(document)),
    updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// Version 6: CloudWatch Logs events (storage/log_event_store.h) and metric datapoints aggregated
// per minute (storage/metric_data_store.h). Log events are read back in ingestion order (id) within
// a group or stream; `samples` keeps up to MetricDataStore::kMaxSamplesPerMinute raw values of a
// minute, for percentile statistics.
constexpr std::string_view kCloudWatch = R"sql(
CREATE TABLE log_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    group_arn      TEXT NOT NULL,
    stream         TEXT NOT NULL,
    timestamp      INTEGER NOT NULL,
    ingestion_time INTEGER NOT NULL,
    message        TEXT NOT NULL
) STRICT;
CREATE INDEX log_events_by_group ON log_events(group_arn, id);
CREATE INDEX log_events_by_stream ON log_events(group_arn, stream, id);
CREATE INDEX log_events_by_time ON log_events(group_arn, timestamp);

CREATE TABLE metric_data (
    account_id   TEXT NOT NULL,
    region       TEXT NOT NULL,
    namespace    TEXT NOT NULL,
    metric_name  TEXT NOT NULL,
    dimensions   TEXT NOT NULL,
    minute       INTEGER NOT NULL,
    unit         TEXT NOT NULL,
    sample_count REAL NOT NULL,
    sum          REAL NOT NULL,
    minimum      REAL NOT NULL,
    maximum      REAL NOT NULL,
    samples      TEXT NOT NULL CHECK (json_valid(samples)),
    PRIMARY KEY (account_id, region, namespace, metric_name, dimensions, minute)
) STRICT, WITHOUT ROWID;
CREATE INDEX metric_data_by_minute ON metric_data(minute);
)sql";

constexpr std::array kBuiltin = {
    Migration{1, "accounts, IAM users, access keys, resources, outbox", kInitialSchema},
    Migration{2, "SQS messages", kSqsMessages},
    Migration{3, "ingestion checkpoints and ingested event ids", kIngestCheckpoints},
    Migration{4, "compressed outbox payloads", kOutboxBlobPayloads},
    Migration{5, "GuardDuty findings and detection baselines", kFindings},
    Migration{6, "CloudWatch Logs events and metric data", kCloudWatch},
};

Status check_list(std::span<const Migration> migrations) {
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != static_cast<int>(i) + 1) {
            return make_error(Errc::kInternal,
                              "migration list out of order: position " + std::to_string(i + 1) +
                                  " has version " + std::to_string(migrations[i].version));
        }
    }
    return ok_status();
}

}  // namespace

std::span<const Migration> builtin_migrations() { return kBuiltin; }

int latest_schema_version() { return kBuiltin.back().version; }

Result<int> schema_version(Database& db) {
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt, db.prepare("PRAGMA user_version"));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    return row ? static_cast<int>(stmt.column_int64(0)) : 0;
}

Result<int> migrate(Database& db, std::span<const Migration> migrations) {
    TRIPLINE_TRY(check_list(migrations));
    const int known = static_cast<int>(migrations.size());
    auto refuse_newer = [&](int current) {
        return make_error(Errc::kFailedPrecondition,
                          db.name() + " is schema version " + std::to_string(current) +
                              " but this tripline knows up to " + std::to_string(known) +
                              "; upgrade tripline");
    };
    TRIPLINE_ASSIGN_OR_RETURN(int current, schema_version(db));
    if (current > known) {
        return refuse_newer(current);
    }
    for (const Migration& m : migrations) {
        if (m.version <= current) {
            continue;
        }
        // Read the version again under the write lock: another process may have migrated since.
        Status applied = with_transaction(db, [&]() -> Status {
            TRIPLINE_ASSIGN_OR_RETURN(current, schema_version(db));
            if (current > known) {
                return refuse_newer(current);
            }
            if (current >= m.version) {
                return ok_status();
            }
            TRIPLINE_TRY(db.exec(m.sql));
            TRIPLINE_TRY(db.exec("PRAGMA user_version = " + std::to_string(m.version)));
            current = m.version;
            return ok_status();
        });
        TRIPLINE_TRY(applied);
    }
    return current;
}

Result<std::unique_ptr<Database>> open_state_store(const std::filesystem::path& path,
                                                   OpenOptions options) {
    TRIPLINE_ASSIGN_OR_RETURN(auto db, Database::open(path, options));
    TRIPLINE_TRY(migrate(*db, builtin_migrations()));
    return db;
}

}  // namespace tripline::storage
