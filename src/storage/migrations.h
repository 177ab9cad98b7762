// Schema migrations of the state store: an ordered list of (version, SQL) steps. The database's
// schema version is SQLite's `PRAGMA user_version`; migrate() applies each missing step in order,
// each in its own transaction together with the version bump, so a crash leaves the database at a
// whole version. Opening a database twice is harmless (nothing left to apply), and a database
// written by a newer Tripline (a version above the binary's last migration) is refused instead of
// being misread.
//
// Ownership: the built-in list is static data. Thread-safety: migrate() takes the write lock of the
// database (BEGIN IMMEDIATE), so concurrent processes migrating the same file apply each step once.
// Errors: kFailedPrecondition for a newer schema, kInternal for a malformed migration list, and
// the SQLite errors of database.h.
//
// Adding a migration: append {N+1, "what it does", "SQL"} to builtin_migrations() in
// migrations.cpp. Never edit a released step; write a new one.
#pragma once

#include <span>
#include <string_view>

#include "base/result.h"
#include "storage/database.h"

namespace tripline::storage {

struct Migration {
    int version;  // 1, 2, 3, ... in order without gaps
    std::string_view description;
    std::string_view sql;
};

// The migrations this binary knows, oldest first.
std::span<const Migration> builtin_migrations();
// The schema version this binary writes (the last built-in migration's).
int latest_schema_version();

// The database's current schema version (0 for a new database).
Result<int> schema_version(Database& db);

// Applies the migrations above the database's version. Returns the resulting version.
Result<int> migrate(Database& db, std::span<const Migration> migrations = builtin_migrations());

// Database::open + migrate: what the server calls for `state.db`.
Result<std::unique_ptr<Database>> open_state_store(const std::filesystem::path& path,
                                                   OpenOptions options = {});

}  // namespace tripline::storage
