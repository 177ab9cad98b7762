#include "query/record_derived.h"

namespace tripline::query {

std::string_view history_account(const event::CloudTrailRecord& record) {
    if (record.recipient_account_id && !record.recipient_account_id->empty()) {
        return *record.recipient_account_id;
    }
    if (record.user_identity && record.user_identity->account_id) {
        return *record.user_identity->account_id;
    }
    return {};
}

schema::RecordKind record_kind(const event::CloudTrailRecord& record) {
    if (record.event_category == "Insight" || record.event_type == "AwsCloudTrailInsight") {
        return schema::RecordKind::kInsight;
    }
    if (record.event_category && *record.event_category != "Management") {
        return schema::RecordKind::kOther;
    }
    if (record.management_event == false) {
        return schema::RecordKind::kOther;
    }
    return schema::RecordKind::kManagement;
}

std::optional<std::string> lookup_username(const event::CloudTrailRecord& record) {
    if (!record.user_identity) {
        return std::nullopt;
    }
    const event::UserIdentity& identity = *record.user_identity;
    if (identity.user_name) {
        return identity.user_name;
    }
    const std::string type = identity.type.value_or("");
    if (type == "AssumedRole" || type == "FederatedUser") {
        if (identity.arn) {
            std::size_t slash = identity.arn->rfind('/');
            if (slash != std::string::npos && slash + 1 < identity.arn->size()) {
                return identity.arn->substr(slash + 1);
            }
        }
        if (identity.principal_id) {
            std::size_t colon = identity.principal_id->find(':');
            if (colon != std::string::npos) {
                return identity.principal_id->substr(colon + 1);
            }
        }
        if (identity.session_context && identity.session_context->session_issuer) {
            return identity.session_context->session_issuer->user_name;
        }
        return std::nullopt;
    }
    if (type == "Root") {
        return std::string("root");
    }
    if (type == "AWSService") {
        return identity.invoked_by;
    }
    return std::nullopt;
}

std::string resource_name(std::string_view arn) {
    std::size_t separator = arn.find_last_of("/:");
    return std::string(separator == std::string_view::npos ? arn : arn.substr(separator + 1));
}

std::uint64_t dedup_key(std::string_view account, std::string_view event_id) {
    std::uint64_t hash = 14695981039346656037ULL;
    auto mix = [&hash](std::string_view text) {
        for (unsigned char c : text) {
            hash ^= c;
            hash *= 1099511628211ULL;
        }
    };
    mix(account);
    mix(std::string_view("\x1f", 1));
    mix(event_id);
    return hash;
}

DedupKey dedup_key_128(std::string_view account, std::string_view event_id) {
    // The second hash: 64-bit MurmurHash-style mixing over the same bytes, seeded differently.
    std::uint64_t hash = 0x243F6A8885A308D3ULL ^ (account.size() * 0x9E3779B97F4A7C15ULL);
    auto mix = [&hash](std::string_view text) {
        for (unsigned char c : text) {
            hash = (hash ^ c) * 0xFF51AFD7ED558CCDULL;
            hash ^= hash >> 29;
        }
    };
    mix(account);
    mix(std::string_view("\x1e", 1));
    mix(event_id);
    return DedupKey{dedup_key(account, event_id), hash};
}

bool needs_json_copy(const event::CloudTrailRecord& record) {
    if (!record.other_members.empty()) {
        return true;
    }
    if (record.user_identity) {
        const event::UserIdentity& identity = *record.user_identity;
        if (!identity.other_members.empty()) {
            return true;
        }
        if (identity.session_context) {
            const event::SessionContext& session = *identity.session_context;
            if (!session.other_members.empty() ||
                (session.session_issuer && !session.session_issuer->other_members.empty()) ||
                (session.attributes && !session.attributes->other_members.empty())) {
                return true;
            }
        }
    }
    if (record.resources) {
        for (const event::CloudTrailResource& resource : *record.resources) {
            if (!resource.other_members.empty()) {
                return true;
            }
        }
    }
    return record.tls_details && !record.tls_details->other_members.empty();
}

}  // namespace tripline::query
