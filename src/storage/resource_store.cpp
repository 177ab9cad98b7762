#include "storage/resource_store.h"

#include <utility>

namespace tripline::storage {

namespace {

constexpr std::string_view kColumns =
    "account_id, region, type, name, arn, document, created_at, updated_at";

StoredResource read_resource(const Statement& stmt) {
    return StoredResource{stmt.column_string(0),
                          stmt.column_string(1),
                          stmt.column_string(2),
                          stmt.column_string(3),
                          stmt.column_string(4),
                          stmt.column_string(5),
                          stmt.column_time(6),
                          stmt.column_time(7)};
}

std::string describe(std::string_view account_id,
                     std::string_view region,
                     std::string_view type,
                     std::string_view name) {
    return std::string(type) + " " + std::string(name) + " (account " + std::string(account_id) +
           ", region " + std::string(region) + ")";
}

}  // namespace

Result<StoredResource> ResourceStore::put(const StoredResource& resource, TimePoint now) {
    auto guard = db_.lock();
    auto stmt = db_.prepare(
        "INSERT INTO resources(" + std::string(kColumns) +
            ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) "
            "ON CONFLICT(account_id, region, type, name) DO UPDATE SET arn = excluded.arn, "
            "document = excluded.document, updated_at = excluded.updated_at "
            "RETURNING " +
            std::string(kColumns),
        resource.account_id,
        resource.region,
        resource.type,
        resource.name,
        resource.arn,
        resource.document,
        now);
    TRIPLINE_TRY(stmt);
    auto row = stmt->step();
    if (!row.has_value()) {
        Error err = std::move(row).error();
        if (err.code == Errc::kAlreadyExists) {
            err.message = "ARN " + resource.arn + " already names another resource";
        } else if (err.code == Errc::kFailedPrecondition) {
            err.message =
                "the document of " +
                describe(resource.account_id, resource.region, resource.type, resource.name) +
                " is not valid JSON";
        }
        return err;
    }
    StoredResource stored = read_resource(*stmt);
    // RETURNING hands out the row before the statement completes; run it to the end.
    TRIPLINE_TRY(stmt->step());
    return stored;
}

Result<StoredResource> ResourceStore::get(std::string_view account_id,
                                          std::string_view region,
                                          std::string_view type,
                                          std::string_view name) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT " + std::string(kColumns) +
                        " FROM resources WHERE account_id = ?1 AND region = ?2 AND type = ?3 AND "
                        "name = ?4",
                    account_id,
                    region,
                    type,
                    name));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) {
        return make_error(Errc::kNotFound,
                          describe(account_id, region, type, name) + " does not exist");
    }
    return read_resource(stmt);
}

Result<StoredResource> ResourceStore::get_by_arn(std::string_view arn) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT " + std::string(kColumns) + " FROM resources WHERE arn = ?1", arn));
    TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) {
        return make_error(Errc::kNotFound, "no resource has ARN " + std::string(arn));
    }
    return read_resource(stmt);
}

Result<std::vector<StoredResource>> ResourceStore::list(std::string_view account_id,
                                                        std::string_view region,
                                                        std::string_view type) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.prepare("SELECT " + std::string(kColumns) +
                        " FROM resources WHERE account_id = ?1 AND region = ?2 AND type = ?3 "
                        "ORDER BY name",
                    account_id,
                    region,
                    type));
    return collect(stmt);
}

Result<std::vector<StoredResource>> ResourceStore::list_all(std::string_view type) {
    auto guard = db_.lock();
    TRIPLINE_ASSIGN_OR_RETURN(Statement stmt,
                              db_.prepare("SELECT " + std::string(kColumns) +
                                              " FROM resources WHERE type = ?1 ORDER BY arn",
                                          type));
    return collect(stmt);
}

Status ResourceStore::remove(std::string_view account_id,
                             std::string_view region,
                             std::string_view type,
                             std::string_view name) {
    TRIPLINE_ASSIGN_OR_RETURN(
        std::int64_t changed,
        db_.run("DELETE FROM resources WHERE account_id = ?1 AND region = ?2 AND type = ?3 AND "
                "name = ?4",
                account_id,
                region,
                type,
                name));
    if (changed == 0) {
        return make_error(Errc::kNotFound,
                          describe(account_id, region, type, name) + " does not exist");
    }
    return ok_status();
}

Result<std::vector<StoredResource>> ResourceStore::collect(Statement& stmt) {
    std::vector<StoredResource> out;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(bool row, stmt.step());
        if (!row) {
            return out;
        }
        out.push_back(read_resource(stmt));
    }
}

}  // namespace tripline::storage
