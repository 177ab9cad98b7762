// IamService's storage helpers, construction and the name/path rules.
#include <algorithm>

#include "iam/iam_errors.h"
#include "iam/iam_service.h"
#include "storage/resource_store.h"

namespace tripline::iam {

IamService::IamService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
IamService::~IamService() = default;

CodedResult<nlohmann::json> IamService::load(const std::string& account,
                                             const std::string& type,
                                             const std::string& name) {
    storage::ResourceStore store(db_);
    auto row = store.get(account, "", type, name);
    if (!row) {
        if (row.error().code == Errc::kNotFound) {
            return nlohmann::json();  // null: absent
        }
        return coded_internal(row.error());
    }
    nlohmann::json doc = nlohmann::json::parse(row->document, nullptr, false);
    if (!doc.is_object()) {
        return CodedError{
            "InternalError", "stored IAM document " + type + "/" + name + " is not JSON", 500};
    }
    doc["_arn"] = row->arn;
    return doc;
}

CodedResult<bool> IamService::save(const std::string& account,
                                   const std::string& type,
                                   const std::string& name,
                                   const std::string& arn,
                                   const nlohmann::json& doc) {
    storage::ResourceStore store(db_);
    storage::StoredResource row;
    row.account_id = account;
    row.region = "";
    row.type = type;
    row.name = name;
    row.arn = arn;
    nlohmann::json copy = doc;
    copy.erase("_arn");
    row.document = copy.dump();
    CODED_STORAGE_TRY(store.put(row, clock_.now()));
    changed();
    return true;
}

CodedResult<bool> IamService::erase(const std::string& account,
                                    const std::string& type,
                                    const std::string& name) {
    storage::ResourceStore store(db_);
    auto st = store.remove(account, "", type, name);
    if (!st && st.error().code != Errc::kNotFound) {
        return coded_internal(st.error());
    }
    changed();
    return true;
}

CodedResult<std::vector<std::pair<std::string, nlohmann::json>>> IamService::load_all(
    const std::string& account, const std::string& type) {
    storage::ResourceStore store(db_);
    CODED_STORAGE(auto rows, store.list(account, "", type));
    std::vector<std::pair<std::string, nlohmann::json>> out;
    for (const auto& row : rows) {
        nlohmann::json doc = nlohmann::json::parse(row.document, nullptr, false);
        if (!doc.is_object()) {
            continue;
        }
        doc["_arn"] = row.arn;
        out.emplace_back(row.name, std::move(doc));
    }
    return out;
}

void IamService::changed() { policy_cache_.clear(); }

CodedResult<bool> validate_iam_name(const std::string& field,
                                    const std::string& value,
                                    std::size_t max_length) {
    auto allowed = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '+' ||
               c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
    };
    if (value.empty() || value.size() > max_length) {
        return validation_error("1 validation error detected: Value '" + value + "' at '" + field +
                                "' failed to satisfy constraint: Member must have length between 1 "
                                "and " +
                                std::to_string(max_length));
    }
    if (!std::all_of(value.begin(), value.end(), allowed)) {
        return validation_error("1 validation error detected: Value '" + value + "' at '" + field +
                                "' failed to satisfy constraint: Member must satisfy regular "
                                "expression pattern: [\\w+=,.@-]+");
    }
    return true;
}

CodedResult<bool> validate_iam_path(const std::string& path) {
    bool ok = !path.empty() && path.size() <= 512 && path.front() == '/' && path.back() == '/';
    for (char c : path) {
        ok = ok && c >= '!' && c <= '~';
    }
    if (!ok) {
        return validation_error(
            "The specified value for path is invalid. It must begin and end with / "
            "and contain only alphanumeric characters and/or / characters.");
    }
    return true;
}

}  // namespace tripline::iam
