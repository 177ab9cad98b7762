#include "trail/log_file_names.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

namespace tripline::trail {

namespace {

constexpr std::string_view kAwsLogs = "AWSLogs/";
constexpr std::string_view kJsonGz = ".json.gz";
constexpr std::string_view kBackfill = "_backfill";

struct Civil {
    int year, month, day, hour, minute, second;
};

Civil civil(TimePoint t) {
    using namespace std::chrono;
    auto secs = time_point_cast<seconds>(t);
    auto day = floor<days>(secs);
    year_month_day ymd{day};
    hh_mm_ss hms{secs - day};
    return Civil{static_cast<int>(ymd.year()),
                 static_cast<int>(static_cast<unsigned>(ymd.month())),
                 static_cast<int>(static_cast<unsigned>(ymd.day())),
                 static_cast<int>(hms.hours().count()),
                 static_cast<int>(hms.minutes().count()),
                 static_cast<int>(hms.seconds().count())};
}

std::string date_folders(const Civil& c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d/%02d/%02d", c.year, c.month, c.day);
    return buf;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t end = text.find(sep, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view digits) {
    int n = 0;
    for (char c : digits) {
        n = n * 10 + (c - '0');
    }
    return n;
}

// "YYYYMMDDTHHMM[SS]Z" -> time; with_seconds picks the 16- or 14-character form.
std::optional<TimePoint> parse_timestamp(std::string_view ts, bool with_seconds) {
    const std::size_t size = with_seconds ? 16 : 14;
    if (ts.size() != size || ts[8] != 'T' || ts.back() != 'Z' || !all_digits(ts.substr(0, 8)) ||
        !all_digits(ts.substr(9, size - 10))) {
        return std::nullopt;
    }
    using namespace std::chrono;
    year_month_day ymd{year{number(ts.substr(0, 4))},
                       month{static_cast<unsigned>(number(ts.substr(4, 2)))},
                       day{static_cast<unsigned>(number(ts.substr(6, 2)))}};
    int h = number(ts.substr(9, 2));
    int m = number(ts.substr(11, 2));
    int s = with_seconds ? number(ts.substr(13, 2)) : 0;
    if (!ymd.ok() || h > 23 || m > 59 || s > 59) {
        return std::nullopt;
    }
    return TimePoint{sys_days{ymd}} + hours{h} + minutes{m} + seconds{s};
}

bool is_region_name(std::string_view text) {
    return !text.empty() && text.size() <= 32 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

// The parts after "AWSLogs/": [o-id/]<acct>/<folder>/<region>/YYYY/MM/DD/<file>.
struct FolderParts {
    LogLocation location;
    std::string_view file;
};

std::optional<FolderParts> parse_folders(std::string_view key,
                                         std::size_t aws_logs_at,
                                         std::string_view folder) {
    FolderParts out;
    if (aws_logs_at > 0) {
        out.location.key_prefix = std::string(key.substr(0, aws_logs_at - 1));
    }
    std::vector<std::string_view> parts = split(key.substr(aws_logs_at + kAwsLogs.size()), '/');
    std::size_t i = 0;
    if (parts.size() == 8) {
        if (!is_organization_id(parts[0])) {
            return std::nullopt;
        }
        out.location.organization_id = std::string(parts[0]);
        i = 1;
    } else if (parts.size() != 7) {
        return std::nullopt;
    }
    if (!is_account_id(parts[i]) || parts[i + 1] != folder || !is_region_name(parts[i + 2]) ||
        parts[i + 3].size() != 4 || !all_digits(parts[i + 3]) || parts[i + 4].size() != 2 ||
        !all_digits(parts[i + 4]) || parts[i + 5].size() != 2 || !all_digits(parts[i + 5])) {
        return std::nullopt;
    }
    out.location.account_id = std::string(parts[i]);
    out.location.region = std::string(parts[i + 2]);
    out.file = parts[i + 6];
    return out;
}

// Every place "AWSLogs/" starts a path segment (a prefix may itself contain "AWSLogs").
template <typename Parse>
auto first_parse(std::string_view key, Parse parse) -> decltype(parse(std::size_t{})) {
    for (std::size_t at = key.find(kAwsLogs); at != std::string_view::npos;
         at = key.find(kAwsLogs, at + 1)) {
        if (at == 0 || key[at - 1] == '/') {
            if (auto parsed = parse(at)) {
                return parsed;
            }
        }
    }
    return std::nullopt;
}

}  // namespace

bool is_account_id(std::string_view text) { return text.size() == 12 && all_digits(text); }

bool is_organization_id(std::string_view text) {
    if (!text.starts_with("o-") || text.size() < 12 || text.size() > 34) {
        return false;
    }
    return std::all_of(text.begin() + 2, text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
}

std::string random_unique_string() {
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    out.reserve(16);
    while (out.size() < 16) {
        std::array<unsigned char, 32> bytes{};
        if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
            // The CSPRNG failing is not recoverable in a meaningful way; uniqueness is all the
            // name needs, so fall back to the clock-free std::random_device.
            std::random_device device;
            for (auto& b : bytes) {
                b = static_cast<unsigned char>(device());
            }
        }
        for (unsigned char b : bytes) {
            if (b < 248 && out.size() < 16) {  // 248 = 4 * 62: no modulo bias
                out += kAlphabet[b % kAlphabet.size()];
            }
        }
    }
    return out;
}

std::string log_file_timestamp(TimePoint t) {
    Civil c = civil(t);
    char buf[24];
    std::snprintf(
        buf, sizeof buf, "%04d%02d%02dT%02d%02dZ", c.year, c.month, c.day, c.hour, c.minute);
    return buf;
}

std::string digest_file_timestamp(TimePoint t) {
    Civil c = civil(t);
    char buf[24];
    std::snprintf(buf,
                  sizeof buf,
                  "%04d%02d%02dT%02d%02d%02dZ",
                  c.year,
                  c.month,
                  c.day,
                  c.hour,
                  c.minute,
                  c.second);
    return buf;
}

std::string aws_logs_prefix(std::string_view key_prefix,
                            const std::optional<std::string>& organization_id) {
    std::string out;
    if (!key_prefix.empty()) {
        out.append(key_prefix).append("/");
    }
    out.append(kAwsLogs);
    if (organization_id) {
        out.append(*organization_id).append("/");
    }
    return out;
}

namespace {

// A log file or Insights file key: `folder` is "CloudTrail" or "CloudTrail-Insight".
std::string delivered_file_key(const LogLocation& where,
                               std::string_view folder,
                               TimePoint delivered,
                               std::string_view unique) {
    std::string key = aws_logs_prefix(where.key_prefix, where.organization_id);
    key += where.account_id + "/" + std::string(folder) + "/" + where.region + "/" +
           date_folders(civil(delivered)) + "/";
    key += where.account_id + "_" + std::string(folder) + "_" + where.region + "_" +
           log_file_timestamp(delivered) + "_" + std::string(unique) + std::string(kJsonGz);
    return key;
}

}  // namespace

std::string log_file_key(const LogLocation& where, TimePoint delivered, std::string_view unique) {
    return delivered_file_key(where, "CloudTrail", delivered, unique);
}

std::string insight_file_key(const LogLocation& where,
                             TimePoint delivered,
                             std::string_view unique) {
    return delivered_file_key(where, "CloudTrail-Insight", delivered, unique);
}

std::string digest_file_key(const LogLocation& where,
                            std::string_view trail_name,
                            std::string_view home_region,
                            TimePoint digest_end) {
    std::string key = aws_logs_prefix(where.key_prefix, where.organization_id);
    key += where.account_id + "/CloudTrail-Digest/" + where.region + "/" +
           date_folders(civil(digest_end)) + "/";
    key += where.account_id + "_CloudTrail-Digest_" + where.region + "_" + std::string(trail_name) +
           "_" + std::string(home_region) + "_" + digest_file_timestamp(digest_end) +
           std::string(kJsonGz);
    return key;
}

std::optional<DigestKeyParts> parse_digest_key(std::string_view key) {
    return first_parse(key, [&](std::size_t at) -> std::optional<DigestKeyParts> {
        auto folders = parse_folders(key, at, "CloudTrail-Digest");
        if (!folders) {
            return std::nullopt;
        }
        DigestKeyParts out;
        out.location = std::move(folders->location);
        std::string_view file = folders->file;
        std::string head =
            out.location.account_id + "_CloudTrail-Digest_" + out.location.region + "_";
        if (!file.starts_with(head) || !file.ends_with(kJsonGz)) {
            return std::nullopt;
        }
        file.remove_prefix(head.size());
        file.remove_suffix(kJsonGz.size());
        if (file.ends_with(kBackfill)) {
            out.backfill = true;
            file.remove_suffix(kBackfill.size());
        }
        // <trail>_<home>_<16-char timestamp>: the trail name may hold '_', the region not.
        if (file.size() < 16 + 4 || file[file.size() - 17] != '_') {
            return std::nullopt;
        }
        out.timestamp = std::string(file.substr(file.size() - 16));
        auto end = parse_timestamp(out.timestamp, true);
        file.remove_suffix(17);
        std::size_t sep = file.rfind('_');
        if (!end || sep == std::string_view::npos || sep == 0 ||
            !is_region_name(file.substr(sep + 1))) {
            return std::nullopt;
        }
        out.end_time = *end;
        out.trail_name = std::string(file.substr(0, sep));
        out.home_region = std::string(file.substr(sep + 1));
        return out;
    });
}

std::optional<LogFileKeyParts> parse_log_file_key(std::string_view key) {
    return first_parse(key, [&](std::size_t at) -> std::optional<LogFileKeyParts> {
        auto folders = parse_folders(key, at, "CloudTrail");
        if (!folders) {
            return std::nullopt;
        }
        LogFileKeyParts out;
        out.location = std::move(folders->location);
        std::string_view file = folders->file;
        std::string head = out.location.account_id + "_CloudTrail_" + out.location.region + "_";
        // <head><14-char timestamp>_<unique>.json.gz
        if (!file.starts_with(head) || !file.ends_with(kJsonGz) ||
            file.size() < head.size() + 14 + 2 + kJsonGz.size()) {
            return std::nullopt;
        }
        file.remove_prefix(head.size());
        file.remove_suffix(kJsonGz.size());
        out.timestamp = std::string(file.substr(0, 14));
        auto delivered = parse_timestamp(out.timestamp, false);
        if (!delivered || file[14] != '_') {
            return std::nullopt;
        }
        out.delivered = *delivered;
        out.unique = std::string(file.substr(15));
        if (out.unique.empty()) {
            return std::nullopt;
        }
        return out;
    });
}

}  // namespace tripline::trail
