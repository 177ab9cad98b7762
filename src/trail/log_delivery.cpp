#include "trail/log_delivery.h"

#include <spdlog/spdlog.h>

#include <deque>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "trail/digest_chain.h"
#include "trail/digest_file.h"
#include "trail/digest_keys.h"
#include "trail/gzip.h"
#include "trail/log_file_names.h"
#include "trail/log_spool.h"

namespace tripline::trail {

namespace {

// CloudTrail stores its .json.gz objects as gzip-encoded JSON, which is why a browser opening a
// log file in the S3 console shows the JSON (CloudTrail User Guide, "Reading your log files").
// Clients that download through the S3 API get the gzip bytes unchanged.
constexpr const char* kContentType = "application/json";
constexpr const char* kContentEncoding = "gzip";
// While writes to a destination fail, at most this many files wait per trail/account/region;
// older ones are dropped (and the drop reported) so that memory stays bounded. Healthy
// destinations are never capped: bursts wait for the next deliver_due().
constexpr std::size_t kMaxQueuedFiles = 8;
constexpr std::string_view kRecordsOpen = "{\"Records\":[";
// libdeflate level 5 compresses CloudTrail records ~20% faster than level 6 for a 3% larger
// file (measured: ~470k vs ~390k records/s per core, ratio 20.6 vs 21.2).
constexpr int kGzipLevel = 5;

// A log file being filled: the JSON text so far (without the closing "]}").
struct OpenFile {
    std::string body;
    std::size_t records = 0;
    TimePoint first_added;
    std::optional<TimePoint> oldest;
    std::optional<TimePoint> newest;
    std::shared_ptr<SpoolFile> spool;  // null when not spooled

    // Its records will never be written (dropped) or are written: the spool copy goes.
    void discard_spool() {
        if (spool) {
            spool->discard();
        }
    }
};

// The files of one trail for one account and region.
struct Buffer {
    TrailDestination trail;  // as first seen; the active set's copy wins when writing
    std::string account_id;
    std::string region;
    bool insight = false;  // Insights events: CloudTrail-Insight files, no digests
    std::deque<OpenFile> files;
    std::size_t dropped_records = 0;
    bool failing = false;  // the last write failed
};

// Files taken out of a buffer for writing.
struct Batch {
    std::string buffer_key;
    TrailDestination trail;
    std::string account_id;
    std::string region;
    bool insight = false;
    std::deque<OpenFile> files;
    std::size_t dropped_records = 0;
};

std::string buffer_key(std::string_view arn, std::string_view account, std::string_view region) {
    std::string key;
    key.reserve(arn.size() + account.size() + region.size() + 2);
    key.append(arn).append("\n").append(account).append("\n").append(region);
    return key;
}

TimePoint whole_seconds(TimePoint t) {
    return std::chrono::time_point_cast<std::chrono::seconds>(t);
}

storage::NewObject gzip_json_object() {
    storage::NewObject object;
    object.content_type = kContentType;
    object.headers["Content-Encoding"] = kContentEncoding;
    return object;
}

}  // namespace

struct LogDelivery::State {
    storage::BucketStore& buckets;
    DigestKeys& keys;
    Clock& clock;
    LogDeliveryOptions options;
    DigestChainStore chain_store;
    LogSpool spool;

    std::mutex buffer_mutex;  // guards buffers (add() runs on producer threads)
    std::unordered_map<std::string, Buffer> buffers;
    // Bodies of written files, kept for reuse: a fresh multi-megabyte string costs a page fault
    // per 4 KiB on first touch, more than serialising the records into it.
    std::vector<std::string> spare_bodies;

    std::mutex active_mutex;  // guards active, active_known
    std::map<std::string, TrailDestination> active;
    bool active_known = false;  // set_active_trails() has been called

    std::mutex deliver_mutex;  // one deliver_due() at a time; guards what follows
    bool chains_loaded = false;
    std::map<std::string, DigestChain> chains;  // by buffer_key(trail, account, region)

    State(storage::BucketStore& b,
          storage::ResourceStore& r,
          DigestKeys& k,
          Clock& c,
          LogDeliveryOptions o)
        : buckets(b), keys(k), clock(c), options(o), chain_store(r), spool(o.spool_dir) {
        if (options.max_records_per_file == 0) {
            options.max_records_per_file = 1;
        }
    }

    void load_chains() {
        if (chains_loaded) {
            return;
        }
        auto loaded = chain_store.load_all();
        if (!loaded) {
            spdlog::warn("cloudtrail: cannot load digest chains: {}", loaded.error().to_string());
            return;  // retried at the next delivery
        }
        for (DigestChain& chain : *loaded) {
            std::string key =
                buffer_key(chain.trail_arn, chain.location.account_id, chain.location.region);
            chains.emplace(std::move(key), std::move(chain));
        }
        chains_loaded = true;
    }

    // The chain of `trail` for account/region, started now when there is none.
    DigestChain& chain_for(const TrailDestination& trail,
                           const std::string& account,
                           const std::string& region,
                           TimePoint now) {
        auto [it, inserted] = chains.try_emplace(buffer_key(trail.trail_arn, account, region));
        DigestChain& chain = it->second;
        if (inserted) {
            chain.trail_arn = trail.trail_arn;
            chain.location.account_id = account;
            chain.location.region = region;
            chain.period_start = whole_seconds(now);
        }
        // Follow the trail's current settings (UpdateTrail may move the bucket or prefix).
        chain.trail_name = trail.trail_name;
        chain.home_region = trail.home_region;
        chain.location.key_prefix = trail.key_prefix;
        chain.location.organization_id = trail.organization_id;
        chain.bucket = trail.bucket;
        if (inserted) {
            save(chain, now);
        }
        return chain;
    }

    void save(const DigestChain& chain, TimePoint now) {
        if (Status st = chain_store.save(chain, now); !st) {
            spdlog::warn("cloudtrail: cannot save the digest chain of {} ({}): {}",
                         chain.trail_arn,
                         chain.location.region,
                         st.error().to_string());
        }
    }

    std::vector<Batch> take_due(TimePoint now,
                                bool force,
                                const std::map<std::string, TrailDestination>& now_active,
                                bool known) {
        std::vector<Batch> batches;
        std::lock_guard lock(buffer_mutex);
        // Batch holds a std::deque, whose move may throw: a reallocation would copy every
        // buffered file body.
        batches.reserve(buffers.size());
        for (auto it = buffers.begin(); it != buffers.end();) {
            Buffer& buffer = it->second;
            auto active_it = now_active.find(buffer.trail.trail_arn);
            const bool left = known && active_it == now_active.end();
            Batch batch;
            while (!buffer.files.empty()) {
                const OpenFile& f = buffer.files.front();
                bool due = force || left || f.records >= options.max_records_per_file ||
                           now - f.first_added >= options.flush_interval;
                if (!due) {
                    break;  // later files are newer
                }
                batch.files.push_back(std::move(buffer.files.front()));
                buffer.files.pop_front();
            }
            if (!batch.files.empty()) {
                batch.buffer_key = it->first;
                batch.trail = active_it != now_active.end() ? active_it->second : buffer.trail;
                batch.account_id = buffer.account_id;
                batch.region = buffer.region;
                batch.insight = buffer.insight;
                batch.dropped_records = std::exchange(buffer.dropped_records, 0);
                batches.push_back(std::move(batch));
            }
            it = buffer.files.empty() ? buffers.erase(it) : std::next(it);
        }
        return batches;
    }

    void recycle(std::string body) {
        std::lock_guard lock(buffer_mutex);
        if (spare_bodies.size() < kMaxQueuedFiles) {
            spare_bodies.push_back(std::move(body));
        }
    }

    // Puts files that could not be written back in front of newer ones.
    void give_back(Batch& batch) {
        std::lock_guard lock(buffer_mutex);
        auto [it, inserted] = buffers.try_emplace(batch.buffer_key);
        Buffer& buffer = it->second;
        if (inserted) {
            buffer.trail = batch.trail;
            buffer.account_id = batch.account_id;
            buffer.region = batch.region;
            buffer.insight = batch.insight;
        }
        buffer.dropped_records += batch.dropped_records;
        buffer.failing = true;
        while (!batch.files.empty()) {
            buffer.files.push_front(std::move(batch.files.back()));
            batch.files.pop_back();
        }
        while (buffer.files.size() > kMaxQueuedFiles) {
            buffer.dropped_records += buffer.files.front().records;
            buffer.files.front().discard_spool();
            buffer.files.pop_front();
        }
    }

    void write_batch(Batch& batch, TimePoint now, std::vector<DeliveredFile>& out) {
        const TrailDestination& trail = batch.trail;
        LogLocation where{trail.key_prefix, trail.organization_id, batch.account_id, batch.region};
        DigestChain* chain = nullptr;
        bool chain_changed = false;
        bool failed = false;
        while (!batch.files.empty()) {
            OpenFile& file = batch.files.front();
            file.body += "]}";
            DeliveredFile delivered;
            delivered.kind =
                batch.insight ? DeliveredFile::Kind::kInsight : DeliveredFile::Kind::kLog;
            delivered.trail_arn = trail.trail_arn;
            delivered.region = batch.region;
            delivered.bucket = trail.bucket;
            delivered.key = batch.insight ? insight_file_key(where, now, random_unique_string())
                                          : log_file_key(where, now, random_unique_string());
            delivered.delivered_at = now;
            delivered.records = file.records;
            auto put = buckets.put_object(trail.bucket,
                                          delivered.key,
                                          gzip_compress(file.body, kGzipLevel),
                                          gzip_json_object(),
                                          now);
            if (!put) {
                file.body.resize(file.body.size() - 2);  // open again for later records
                delivered.error = "cannot write s3://" + trail.bucket + "/" + delivered.key + ": " +
                                  put.error().message;
                out.push_back(std::move(delivered));
                give_back(batch);
                failed = true;
                break;
            }
            if (batch.dropped_records > 0) {
                delivered.error = std::to_string(batch.dropped_records) +
                                  " records were dropped while the bucket could not be written";
                batch.dropped_records = 0;
            }
            if (trail.log_file_validation && !batch.insight) {
                if (chain == nullptr) {
                    chain = &chain_for(trail, batch.account_id, batch.region, now);
                }
                chain->pending.push_back(DigestLogFile{
                    trail.bucket, delivered.key, sha256_hex(file.body), file.newest, file.oldest});
                chain_changed = true;
            }
            out.push_back(std::move(delivered));
            file.discard_spool();
            recycle(std::move(file.body));
            batch.files.pop_front();
        }
        if (chain_changed) {
            save(*chain, now);
        }
        if (!failed) {
            std::lock_guard lock(buffer_mutex);
            if (auto it = buffers.find(batch.buffer_key); it != buffers.end()) {
                it->second.failing = false;
            }
        }
    }

    void write_digest(DigestChain& chain, TimePoint now, std::vector<DeliveredFile>& out) {
        const TimePoint end = whole_seconds(now);
        DeliveredFile delivered;
        delivered.kind = DeliveredFile::Kind::kDigest;
        delivered.trail_arn = chain.trail_arn;
        delivered.region = chain.location.region;
        delivered.bucket = chain.bucket;
        delivered.key = digest_file_key(chain.location, chain.trail_name, chain.home_region, end);
        delivered.delivered_at = now;
        auto fail = [&](const std::string& why) {
            delivered.error =
                "cannot write digest s3://" + chain.bucket + "/" + delivered.key + ": " + why;
            out.push_back(std::move(delivered));
        };
        auto key = keys.public_key(chain.location.region);
        if (!key) {
            return fail(key.error().message);
        }
        DigestContent content;
        content.account_id = chain.location.account_id;
        content.start_time = chain.period_start;
        content.end_time = end;
        content.bucket = chain.bucket;
        content.key = delivered.key;
        content.fingerprint = key->fingerprint;
        content.previous = chain.previous;
        content.log_files = chain.pending;
        const std::string json = digest_json(content);
        const std::string hash = sha256_hex(json);
        std::optional<std::string> previous_signature;
        if (chain.previous) {
            previous_signature = chain.previous->signature;
        }
        auto signature = keys.sign(
            chain.location.region,
            digest_string_to_sign(
                format_iso8601(end), chain.bucket, delivered.key, hash, previous_signature));
        if (!signature) {
            return fail(signature.error().message);
        }
        storage::NewObject object = gzip_json_object();
        object.metadata[std::string(kSignatureMetadata)] = *signature;
        object.metadata[std::string(kSignatureAlgorithmMetadata)] =
            std::string(kDigestSignatureAlgorithm);
        auto put = buckets.put_object(
            chain.bucket, delivered.key, gzip_compress(json, kGzipLevel), object, now);
        if (!put) {
            return fail(put.error().message);
        }
        chain.previous = PreviousDigest{chain.bucket, delivered.key, hash, *signature};
        chain.period_start = end;
        chain.pending.clear();
        save(chain, now);
        out.push_back(std::move(delivered));
    }

    void deliver_digests(TimePoint now,
                         const std::map<std::string, TrailDestination>& now_active,
                         std::vector<DeliveredFile>& out) {
        for (const auto& [arn, trail] : now_active) {
            if (!trail.log_file_validation) {
                continue;
            }
            for (const std::string& region : trail.regions) {
                chain_for(trail, trail.account_id, region, now);
            }
            // Organization trails' member-account chains follow the trail's settings too.
            for (auto& [key, chain] : chains) {
                if (chain.trail_arn == arn) {
                    chain_for(trail, chain.location.account_id, chain.location.region, now);
                }
            }
        }
        for (auto it = chains.begin(); it != chains.end();) {
            DigestChain& chain = it->second;
            if (now < chain.period_start + options.digest_interval) {
                ++it;
                continue;
            }
            auto active_it = now_active.find(chain.trail_arn);
            bool validating =
                active_it != now_active.end() && active_it->second.log_file_validation;
            if (!validating && chain.pending.empty()) {
                // Logging stopped or validation turned off: the chain ends here, as in AWS
                // (a later start begins a new chain).
                if (Status st = chain_store.remove(chain); !st) {
                    spdlog::warn("cloudtrail: cannot end the digest chain of {}: {}",
                                 chain.trail_arn,
                                 st.error().to_string());
                }
                it = chains.erase(it);
                continue;
            }
            write_digest(chain, now, out);
            ++it;
        }
    }
};

LogDelivery::LogDelivery(storage::BucketStore& buckets,
                         storage::ResourceStore& resources,
                         DigestKeys& keys,
                         Clock& clock,
                         LogDeliveryOptions options)
    : state_(std::make_unique<State>(buckets, resources, keys, clock, options)) {}

LogDelivery::~LogDelivery() = default;

void LogDelivery::add(const TrailDestination& trail, const event::CloudTrailRecord& record) {
    // Serialised outside the lock, into a per-thread buffer that keeps its capacity.
    thread_local std::string json;
    json.clear();
    event::append_json(json, record);
    add(trail, record, json);
}

void LogDelivery::add(const TrailDestination& trail,
                      const event::CloudTrailRecord& record,
                      std::string_view json) {
    std::optional<TimePoint> event_time;
    if (TimePoint t; record.event_time && parse_iso8601(*record.event_time, t)) {
        event_time = t;
    }
    const std::string& region = record.aws_region ? *record.aws_region : trail.home_region;
    // Organization trails file each member account's events under that account's folder.
    const std::string& account = trail.organization_id && record.recipient_account_id &&
                                         is_account_id(*record.recipient_account_id)
                                     ? *record.recipient_account_id
                                     : trail.account_id;
    // Insights events go to files of their own (CloudTrail-Insight), which digests do not cover.
    const bool insight = record.event_type == "AwsCloudTrailInsight";
    std::string key = buffer_key(trail.trail_arn, account, region);
    if (insight) {
        key += "\ninsight";
    }
    const TimePoint now = state_->clock.now();
    const std::size_t max_records = state_->options.max_records_per_file;

    std::lock_guard lock(state_->buffer_mutex);
    auto [it, inserted] = state_->buffers.try_emplace(std::move(key));
    Buffer& buffer = it->second;
    if (inserted) {
        buffer.trail = trail;
        buffer.account_id = account;
        buffer.region = region;
        buffer.insight = insight;
    }
    if (buffer.files.empty() || buffer.files.back().records >= max_records) {
        if (buffer.failing && buffer.files.size() >= kMaxQueuedFiles) {
            buffer.dropped_records += buffer.files.front().records;
            buffer.files.front().discard_spool();
            buffer.files.pop_front();
        }
        OpenFile& fresh = buffer.files.emplace_back();
        if (state_->spool.enabled()) {
            fresh.spool = std::make_shared<SpoolFile>(
                state_->spool.create(buffer.trail, buffer.account_id, buffer.region));
        }
        if (!state_->spare_bodies.empty()) {
            fresh.body = std::move(state_->spare_bodies.back());
            state_->spare_bodies.pop_back();
        } else {
            fresh.body.reserve(std::min<std::size_t>(max_records, 256) * 2048);
        }
        fresh.body.assign(kRecordsOpen);
        fresh.first_added = now;
    }
    OpenFile& file = buffer.files.back();
    if (file.records > 0) {
        file.body += ',';
    }
    file.body += json;
    ++file.records;
    if (file.spool) {
        file.spool->append(json);
    }
    if (event_time) {
        file.oldest = file.oldest ? std::min(*file.oldest, *event_time) : *event_time;
        file.newest = file.newest ? std::max(*file.newest, *event_time) : *event_time;
    }
}

Result<std::size_t> LogDelivery::recover_spool() {
    TRIPLINE_ASSIGN_OR_RETURN(auto spooled, state_->spool.recover());
    std::size_t recovered = 0;
    for (SpooledFile& file : spooled) {
        std::size_t added = 0;
        std::size_t skipped = file.torn_lines;
        for (const std::string& json : file.records) {
            auto record = event::parse_cloudtrail_record(json);
            if (!record) {
                ++skipped;
                continue;
            }
            add(file.trail, *record, json);
            ++added;
        }
        recovered += added;
        spdlog::warn(
            "cloudtrail: recovered {} records of an undelivered log file of {} ({}, {}); {} torn "
            "or unreadable lines skipped",
            added,
            file.trail.trail_arn,
            file.account_id,
            file.region,
            skipped);
        // Its records are spooled again by add(); the old copy goes only after that.
        std::error_code ec;
        std::filesystem::remove(file.path, ec);
    }
    return recovered;
}

void LogDelivery::set_active_trails(std::vector<TrailDestination> trails) {
    std::map<std::string, TrailDestination> active;
    for (TrailDestination& trail : trails) {
        std::string arn = trail.trail_arn;
        active.insert_or_assign(std::move(arn), std::move(trail));
    }
    std::lock_guard lock(state_->active_mutex);
    state_->active = std::move(active);
    state_->active_known = true;
}

std::vector<DeliveredFile> LogDelivery::deliver_due(bool force) {
    std::lock_guard deliver_lock(state_->deliver_mutex);
    const TimePoint now = state_->clock.now();
    std::map<std::string, TrailDestination> active;
    bool known = false;
    {
        std::lock_guard lock(state_->active_mutex);
        active = state_->active;
        known = state_->active_known;
    }
    std::vector<DeliveredFile> out;
    state_->load_chains();
    for (Batch& batch : state_->take_due(now, force, active, known)) {
        state_->write_batch(batch, now, out);
    }
    // Before the first set_active_trails() nothing is known to be logging (e.g. at start-up
    // before the trails are loaded), so no chain is written or ended yet.
    if (known && state_->chains_loaded) {
        state_->deliver_digests(now, active, out);
    }
    return out;
}

}  // namespace tripline::trail
