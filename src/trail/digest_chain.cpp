#include "trail/digest_chain.h"

#include <nlohmann/json.hpp>

namespace tripline::trail {

namespace {

std::string chain_arn(const DigestChain& chain) {
    return chain.trail_arn + "/digest-chain/" + chain.location.account_id + "/" +
           chain.location.region;
}

std::string to_document(const DigestChain& chain) {
    nlohmann::ordered_json j;
    j["trailArn"] = chain.trail_arn;
    j["trailName"] = chain.trail_name;
    j["homeRegion"] = chain.home_region;
    j["accountId"] = chain.location.account_id;
    j["region"] = chain.location.region;
    j["keyPrefix"] = chain.location.key_prefix;
    j["organizationId"] = chain.location.organization_id
                              ? nlohmann::ordered_json(*chain.location.organization_id)
                              : nlohmann::ordered_json(nullptr);
    j["bucket"] = chain.bucket;
    j["periodStart"] = format_iso8601_millis(chain.period_start);
    if (chain.previous) {
        j["previous"] = {{"bucket", chain.previous->bucket},
                         {"key", chain.previous->key},
                         {"hashValue", chain.previous->hash_value},
                         {"signature", chain.previous->signature}};
    } else {
        j["previous"] = nullptr;
    }
    nlohmann::ordered_json pending = nlohmann::ordered_json::array();
    for (const DigestLogFile& file : chain.pending) {
        pending.push_back(log_file_json(file));
    }
    j["pending"] = std::move(pending);
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Result<DigestChain> from_document(std::string_view text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    auto invalid = [](const std::string& why) {
        return make_error(Errc::kInvalidArgument, "invalid digest chain state: " + why);
    };
    if (!j.is_object()) {
        return invalid("not an object");
    }
    DigestChain chain;
    for (auto [name, field] : {std::pair{"trailArn", &chain.trail_arn},
                               std::pair{"trailName", &chain.trail_name},
                               std::pair{"homeRegion", &chain.home_region},
                               std::pair{"accountId", &chain.location.account_id},
                               std::pair{"region", &chain.location.region},
                               std::pair{"keyPrefix", &chain.location.key_prefix},
                               std::pair{"bucket", &chain.bucket}}) {
        if (!j.contains(name) || !j[name].is_string()) {
            return invalid(std::string("no ") + name);
        }
        *field = j[name].get<std::string>();
    }
    if (j.contains("organizationId") && j["organizationId"].is_string()) {
        chain.location.organization_id = j["organizationId"].get<std::string>();
    }
    if (!j.contains("periodStart") || !j["periodStart"].is_string() ||
        !parse_iso8601(j["periodStart"].get<std::string>(), chain.period_start)) {
        return invalid("no periodStart");
    }
    if (j.contains("previous") && j["previous"].is_object()) {
        const auto& p = j["previous"];
        PreviousDigest previous;
        for (auto [name, field] : {std::pair{"bucket", &previous.bucket},
                                   std::pair{"key", &previous.key},
                                   std::pair{"hashValue", &previous.hash_value},
                                   std::pair{"signature", &previous.signature}}) {
            if (!p.contains(name) || !p[name].is_string()) {
                return invalid(std::string("previous without ") + name);
            }
            *field = p[name].get<std::string>();
        }
        chain.previous = std::move(previous);
    }
    if (j.contains("pending") && j["pending"].is_array()) {
        for (const auto& entry : j["pending"]) {
            TRIPLINE_ASSIGN_OR_RETURN(DigestLogFile file, log_file_from_json(entry));
            chain.pending.push_back(std::move(file));
        }
    }
    return chain;
}

}  // namespace

Result<std::vector<DigestChain>> DigestChainStore::load_all() {
    TRIPLINE_ASSIGN_OR_RETURN(std::vector<storage::StoredResource> rows,
                              resources_.list_all(kDigestChainType));
    std::vector<DigestChain> chains;
    chains.reserve(rows.size());
    for (const auto& row : rows) {
        TRIPLINE_ASSIGN_OR_RETURN(DigestChain chain, from_document(row.document));
        chains.push_back(std::move(chain));
    }
    return chains;
}

Status DigestChainStore::save(const DigestChain& chain, TimePoint now) {
    storage::StoredResource row;
    row.account_id = chain.location.account_id;
    row.region = chain.location.region;
    row.type = std::string(kDigestChainType);
    row.name = chain.trail_arn;
    row.arn = chain_arn(chain);
    row.document = to_document(chain);
    TRIPLINE_TRY(resources_.put(row, now));
    return ok_status();
}

Status DigestChainStore::remove(const DigestChain& chain) {
    Status st = resources_.remove(
        chain.location.account_id, chain.location.region, kDigestChainType, chain.trail_arn);
    if (!st && st.error().code == Errc::kNotFound) {
        return ok_status();
    }
    return st;
}

}  // namespace tripline::trail
