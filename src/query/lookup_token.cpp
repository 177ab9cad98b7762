#include "query/lookup_token.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "base/encoding.h"
#include "query/record_derived.h"

namespace tripline::query {

namespace {

constexpr std::string_view kVersion = "t1";

std::int64_t micros_or_minus_one(const std::optional<TimePoint>& t) {
    if (!t) {
        return -1;
    }
    return std::chrono::duration_cast<std::chrono::microseconds>(t->time_since_epoch()).count();
}

Error invalid_token() { return make_error(Errc::kInvalidArgument, "Invalid NextToken"); }

}  // namespace

std::uint64_t lookup_parameters_hash(const LookupQuery& query) {
    std::string text;
    text.append(query.account_id).push_back('\x1f');
    text.append(query.region).push_back('\x1f');
    if (query.attribute) {
        text.append(query.attribute->first).push_back('=');
        text.append(query.attribute->second);
    }
    text.push_back('\x1f');
    text.append(std::to_string(micros_or_minus_one(query.start_time))).push_back('\x1f');
    text.append(std::to_string(micros_or_minus_one(query.end_time))).push_back('\x1f');
    text.push_back(query.insights ? 'I' : 'M');
    return dedup_key(kVersion, text);
}

std::string encode_lookup_token(std::uint64_t parameters_hash, const LookupCursor& cursor) {
    std::string payload(kVersion);
    payload.push_back(':');
    payload.append(std::to_string(parameters_hash)).push_back(':');
    payload.append(std::to_string(cursor.time_micros)).push_back(':');
    payload.append(cursor.event_id);
    return hex_encode(payload);
}

Result<LookupCursor> decode_lookup_token(std::string_view token, std::uint64_t parameters_hash) {
    std::optional<std::string> decoded;
    if (token.size() > 4096 || !(decoded = hex_decode(token))) {
        return invalid_token();
    }
    const std::string& payload = *decoded;
    std::string_view rest = payload;
    if (!rest.starts_with(kVersion) || rest.size() <= kVersion.size() ||
        rest[kVersion.size()] != ':') {
        return invalid_token();
    }
    rest.remove_prefix(kVersion.size() + 1);
    std::uint64_t hash = 0;
    auto [hash_end, hash_error] = std::from_chars(rest.data(), rest.data() + rest.size(), hash);
    if (hash_error != std::errc() || hash_end == rest.data() + rest.size() || *hash_end != ':' ||
        hash != parameters_hash) {
        return invalid_token();
    }
    rest.remove_prefix(static_cast<std::size_t>(hash_end - rest.data()) + 1);
    LookupCursor cursor;
    auto [time_end, time_error] =
        std::from_chars(rest.data(), rest.data() + rest.size(), cursor.time_micros);
    if (time_error != std::errc() || time_end == rest.data() + rest.size() || *time_end != ':') {
        return invalid_token();
    }
    rest.remove_prefix(static_cast<std::size_t>(time_end - rest.data()) + 1);
    if (std::any_of(rest.begin(), rest.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20;
        })) {
        return invalid_token();
    }
    cursor.event_id = std::string(rest);
    return cursor;
}

}  // namespace tripline::query
