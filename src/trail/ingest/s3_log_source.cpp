// S3LogSource (contract in s3_log_source.h): walks CloudTrail's key layout with delimiter listings
// so that only the wanted account and region folders are ever listed in full:
//
//   <prefix>/AWSLogs/                      delimiter → accounts (12 digits) and o-<org id>/
//   <prefix>/AWSLogs/o-<org>/              delimiter → accounts of an organization trail
//   <account folder>/CloudTrail/           delimiter → regions
//   <account folder>/CloudTrail/<region>/  recursive → the log files
//
// CloudTrail-Digest/ and CloudTrail-Insight/ are never entered (they are siblings of CloudTrail/).
// When the prefix holds no AWSLogs/ folder (the user pointed below it, e.g. at
// s3://b/AWSLogs/<acct>/CloudTrail/us-east-1/2024/), the prefix is listed recursively instead and
// the filters are applied to each key's <account>/CloudTrail/<region> segments.
//
// Identity: the object key; version: its ETag (a rewritten object gets a new one); display:
// s3://bucket/key; id: "s3:<endpoint>/<bucket>/<prefix>".
#include "trail/ingest/s3_log_source.h"

#include <algorithm>
#include <set>

#include "awsclient/credentials.h"
#include "awsclient/s3_client.h"
#include "base/clock.h"
#include "trail/ingest/directory_log_source.h"

namespace tripline::trail {
namespace {

using awsclient::ListObjectsV2Page;
using awsclient::ListObjectsV2Request;
using awsclient::S3Client;
using awsclient::S3Object;

// A listing that never ends (a server repeating its token) must not loop forever.
constexpr int kMaxPagesPerListing = 1'000'000;

bool is_account_id(std::string_view s) {
    return s.size() == 12 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_org_id(std::string_view s) {
    return s.size() >= 12 && s.size() <= 34 && s.substr(0, 2) == "o-" &&
           std::all_of(s.begin() + 2, s.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
           });
}

// "logs", "/logs/", "" → "logs/", "logs/", "".
std::string folder_prefix(std::string prefix) {
    while (!prefix.empty() && prefix.front() == '/') {
        prefix.erase(prefix.begin());
    }
    while (!prefix.empty() && prefix.back() == '/') {
        prefix.pop_back();
    }
    return prefix.empty() ? prefix : prefix + "/";
}

// The last segment of a common prefix: "a/b/c/" → "c".
std::string_view last_segment(std::string_view common_prefix) {
    if (!common_prefix.empty() && common_prefix.back() == '/') {
        common_prefix.remove_suffix(1);
    }
    std::size_t slash = common_prefix.rfind('/');
    return slash == std::string_view::npos ? common_prefix : common_prefix.substr(slash + 1);
}

std::string_view file_name_of(std::string_view key) {
    std::size_t slash = key.rfind('/');
    return slash == std::string_view::npos ? key : key.substr(slash + 1);
}

bool wanted(const std::vector<std::string>& filter, std::string_view value) {
    return filter.empty() || std::find(filter.begin(), filter.end(), value) != filter.end();
}

class S3LogSource final : public LogSource {
public:
    S3LogSource(S3SourceOptions options, std::unique_ptr<S3Client> client)
        : options_(std::move(options)),
          client_(std::move(client)),
          prefix_(folder_prefix(options_.prefix)) {}

    std::string id() const override {
        return "s3:" + client_->endpoint_text() + "/" + options_.bucket + "/" + prefix_;
    }

    Result<std::vector<SourceFile>> list() override {
        std::vector<SourceFile> files;
        const std::string root = prefix_ + "AWSLogs/";
        TRIPLINE_ASSIGN_OR_RETURN(Listing top, list_all(root, "/"));
        if (top.common_prefixes.empty() && top.objects.empty()) {
            TRIPLINE_TRY(list_flat(files));
        } else {
            for (const std::string& folder : top.common_prefixes) {
                std::string_view name = last_segment(folder);
                if (is_account_id(name)) {
                    TRIPLINE_TRY(list_account(folder, name, files));
                } else if (is_org_id(name)) {
                    TRIPLINE_ASSIGN_OR_RETURN(Listing org, list_all(folder, "/"));
                    for (const std::string& account_folder : org.common_prefixes) {
                        std::string_view account = last_segment(account_folder);
                        if (is_account_id(account)) {
                            TRIPLINE_TRY(list_account(account_folder, account, files));
                        }
                    }
                }
            }
        }
        std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) {
            return a.identity < b.identity;
        });
        return files;
    }

    Result<std::string> read(const SourceFile& file) override {
        return client_->get_object(options_.bucket, file.identity);
    }

private:
    struct Listing {
        std::vector<std::string> common_prefixes;
        std::vector<S3Object> objects;
    };

    Result<Listing> list_all(const std::string& prefix, const std::string& delimiter) {
        Listing out;
        ListObjectsV2Request request;
        request.bucket = options_.bucket;
        request.prefix = prefix;
        request.delimiter = delimiter;
        std::set<std::string> seen_tokens;
        for (int page_no = 0; page_no < kMaxPagesPerListing; ++page_no) {
            TRIPLINE_ASSIGN_OR_RETURN(ListObjectsV2Page page, client_->list_objects_v2(request));
            for (auto& p : page.common_prefixes) {
                out.common_prefixes.push_back(std::move(p));
            }
            for (auto& o : page.contents) {
                out.objects.push_back(std::move(o));
            }
            if (!page.is_truncated) {
                return out;
            }
            if (page.next_continuation_token.empty() ||
                !seen_tokens.insert(page.next_continuation_token).second) {
                return make_error(Errc::kInternal,
                                  "ListObjectsV2 s3://" + options_.bucket + "/" + prefix +
                                      ": the server's listing does not advance (truncated page "
                                      "without a new continuation token)");
            }
            request.continuation_token = page.next_continuation_token;
        }
        return make_error(
            Errc::kLimitExceeded,
            "ListObjectsV2 s3://" + options_.bucket + "/" + prefix + ": more than a million pages");
    }

    // <account folder>/CloudTrail/<region>/… for one account.
    Status list_account(const std::string& account_folder,
                        std::string_view account,
                        std::vector<SourceFile>& files) {
        if (!wanted(options_.accounts, account)) {
            return ok_status();
        }
        TRIPLINE_ASSIGN_OR_RETURN(Listing regions, list_all(account_folder + "CloudTrail/", "/"));
        for (const std::string& region_folder : regions.common_prefixes) {
            if (!wanted(options_.regions, last_segment(region_folder))) {
                continue;
            }
            TRIPLINE_ASSIGN_OR_RETURN(Listing logs, list_all(region_folder, ""));
            for (S3Object& object : logs.objects) {
                add_if_log_file(std::move(object), files);
            }
        }
        return ok_status();
    }

    // Fallback below the AWSLogs/ level: everything under the prefix, filtered key by key.
    Status list_flat(std::vector<SourceFile>& files) {
        TRIPLINE_ASSIGN_OR_RETURN(Listing all, list_all(prefix_, ""));
        for (S3Object& object : all.objects) {
            if (passes_filters(object.key)) {
                add_if_log_file(std::move(object), files);
            }
        }
        return ok_status();
    }

    // Skips keys inside CloudTrail-Digest/ or CloudTrail-Insight/ and, when the key shows
    // CloudTrail's layout (<account>/CloudTrail/<region>/), applies the filters to it.
    bool passes_filters(std::string_view key) const {
        std::vector<std::string_view> segments;
        std::size_t start = 0;
        while (start <= key.size()) {
            std::size_t slash = key.find('/', start);
            std::size_t end = slash == std::string_view::npos ? key.size() : slash;
            segments.push_back(key.substr(start, end - start));
            if (slash == std::string_view::npos) {
                break;
            }
            start = slash + 1;
        }
        for (std::size_t i = 0; i + 1 < segments.size(); ++i) {  // folders only
            if (is_skipped_folder_name(segments[i])) {
                return false;
            }
            if (segments[i] == "CloudTrail" && i > 0 && is_account_id(segments[i - 1])) {
                if (!wanted(options_.accounts, segments[i - 1])) {
                    return false;
                }
                if (i + 2 < segments.size() && !wanted(options_.regions, segments[i + 1])) {
                    return false;
                }
            }
        }
        return true;
    }

    void add_if_log_file(S3Object object, std::vector<SourceFile>& files) const {
        if (!is_log_file_name(file_name_of(object.key))) {
            return;
        }
        SourceFile file;
        file.display = "s3://" + options_.bucket + "/" + object.key;
        file.identity = std::move(object.key);
        file.version = std::move(object.etag);
        file.size = object.size;
        files.push_back(std::move(file));
    }

    S3SourceOptions options_;
    std::unique_ptr<S3Client> client_;
    std::string prefix_;  // "" or "folder/"
};

}  // namespace

Result<std::unique_ptr<LogSource>> open_s3_log_source(const S3SourceOptions& options) {
    if (options.bucket.empty()) {
        return make_error(Errc::kInvalidArgument, "an S3 source needs a bucket name");
    }
    // The requests are signed with the real time: this is the composition point for it.
    TRIPLINE_ASSIGN_OR_RETURN(
        auto client,
        S3Client::from_cli_settings(
            options.profile, options.region, options.endpoint_url, SystemClock::instance()));
    return std::unique_ptr<LogSource>(new S3LogSource(options, std::move(client)));
}

}  // namespace tripline::trail
