#include "trail/ingest/ingester.h"

#include <algorithm>
#include <cstring>
#include <istream>
#include <iterator>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "trail/ingest/file_prefetcher.h"

namespace tripline::trail {

namespace {

bool contains(const std::vector<std::string>& list, const std::optional<std::string>& value) {
    return value && std::find(list.begin(), list.end(), *value) != list.end();
}

// The reader's messages start with the file name; the report lists the name apart.
std::string reason_without_name(std::string_view name, const std::string& message) {
    if (message.size() > name.size() + 2 && message.compare(0, name.size(), name) == 0 &&
        message.compare(name.size(), 2, ": ") == 0) {
        return message.substr(name.size() + 2);
    }
    return message;
}

}  // namespace

std::string dedup_key(const event::CloudTrailRecord& record) {
    if (!record.event_id || record.event_id->empty()) {
        return {};
    }
    // A 64-bit multiply-xorshift hash over 8-byte words (FNV-1a byte by byte cost 2 us a record
    // over requestParameters and responseElements). Defined here, not std::hash, because the keys
    // are stored: it must not change between builds.
    std::uint64_t hash = 0x9e3779b97f4a7c15ULL;
    auto step = [&hash](std::uint64_t word) {
        hash = (hash ^ word) * 0xff51afd7ed558ccdULL;
        hash ^= hash >> 32;
    };
    auto mix = [&step](const std::optional<std::string>& field) {
        if (field) {
            const char* p = field->data();
            std::size_t n = field->size();
            for (; n >= 8; p += 8, n -= 8) {
                std::uint64_t word = 0;
                std::memcpy(&word, p, 8);
                step(word);
            }
            std::uint64_t tail = 0;
            std::memcpy(&tail, p, n);
            step(tail ^ (static_cast<std::uint64_t>(field->size()) << 56));
        } else {
            step(0x1f);
        }
    };
    mix(record.event_source);
    mix(record.event_name);
    mix(record.aws_region);
    mix(record.source_ip_address);
    mix(record.user_agent);
    mix(record.error_code);
    mix(record.request_id);
    mix(record.recipient_account_id);
    mix(record.request_parameters);
    mix(record.response_elements);
    if (record.user_identity) {
        mix(record.user_identity->arn);
        mix(record.user_identity->principal_id);
        mix(record.user_identity->access_key_id);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string key = record.event_time.value_or("");
    key += ' ';
    key += *record.event_id;
    key += ' ';
    for (int shift = 60; shift >= 0; shift -= 4) {
        key += kHex[(hash >> shift) & 0xf];
    }
    return key;
}

void IngestStats::add(const IngestStats& o) {
    files_listed += o.files_listed;
    files_ingested += o.files_ingested;
    files_skipped += o.files_skipped;
    records += o.records;
    duplicates += o.duplicates;
    filtered += o.filtered;
    bad_files += o.bad_files;
    bad_records += o.bad_records;
    bytes += o.bytes;
    json_bytes += o.json_bytes;
    bad_file_list.insert(bad_file_list.end(), o.bad_file_list.begin(), o.bad_file_list.end());
    for (const auto& p : o.bad_record_problems) {
        if (bad_record_problems.size() < kMaxReportedProblems) {
            bad_record_problems.push_back(p);
        }
    }
    elapsed += o.elapsed;
    dedup_time += o.dedup_time;
    sink_time += o.sink_time;
}

Ingester::Ingester(RecordSink& sink,
                   storage::IngestCheckpointStore& checkpoints,
                   Clock& clock,
                   IngestOptions options)
    : sink_(sink), checkpoints_(checkpoints), clock_(clock), options_(std::move(options)) {
    options_.batch_records = std::max<std::size_t>(options_.batch_records, 1);
}

bool Ingester::stopping(const std::atomic<bool>* extra) const {
    return (options_.stop != nullptr && options_.stop->load()) ||
           (extra != nullptr && extra->load());
}

Result<IngestStats> Ingester::run_once(LogSource& source, const ProgressCallback& progress) {
    TRIPLINE_ASSIGN_OR_RETURN(auto files, source.list());
    return run_round(source, files, options_.retry_failed, progress, nullptr);
}

Result<IngestStats> Ingester::follow(LogSource& source,
                                     const std::atomic<bool>& stop,
                                     std::chrono::milliseconds poll_interval,
                                     const ProgressCallback& progress,
                                     const RoundCallback& on_round) {
    IngestStats total;
    bool first = true;
    while (!stopping(&stop)) {
        auto files = source.list();
        if (!files) {
            if (on_round) {
                on_round(Result<IngestStats>(files.error()));
            }
        } else {
            auto round = run_round(source, *files, first && options_.retry_failed, progress, &stop);
            if (!round) {
                return round;
            }
            first = false;
            total.add(*round);
            if (on_round) {
                on_round(round);
            }
        }
        // Wait for the next poll, looking at the stop flag often enough to quit promptly.
        const auto deadline = clock_.steady_now() + poll_interval;
        while (!stopping(&stop) && clock_.steady_now() < deadline) {
            std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
                std::chrono::milliseconds(100), deadline - clock_.steady_now()));
        }
    }
    return total;
}

Result<IngestStats> Ingester::run_round(LogSource& source,
                                        const std::vector<SourceFile>& files,
                                        bool retry_failed,
                                        const ProgressCallback& progress,
                                        const std::atomic<bool>* stop) {
    const auto start = clock_.steady_now();
    IngestStats stats;
    stats.files_listed = files.size();

    TRIPLINE_ASSIGN_OR_RETURN(auto checkpoints, checkpoints_.files(source.id()));
    std::unordered_map<std::string_view, const storage::IngestFileCheckpoint*> by_identity;
    for (const auto& c : checkpoints) {
        by_identity.emplace(c.identity, &c);
    }
    std::vector<const SourceFile*> todo;
    IngestProgress p;
    for (const SourceFile& file : files) {
        auto it = by_identity.find(file.identity);
        const bool same_version = it != by_identity.end() && it->second->version == file.version;
        if (same_version &&
            (it->second->state == storage::IngestFileState::kDone || !retry_failed)) {
            ++stats.files_skipped;
            continue;
        }
        todo.push_back(&file);
        p.bytes_total += file.size;
    }
    p.files_total = todo.size();

    auto report = [&] {
        if (progress) {
            p.records = stats.records;
            p.duplicates = stats.duplicates;
            p.bad_files = stats.bad_files;
            p.elapsed = clock_.steady_now() - start;
            progress(p);
        }
    };
    report();
    // Reading and parsing run on the prefetch thread, one batch or so ahead of this one.
    FilePrefetcher prefetch(source, todo, options_.batch_records, 2 * options_.batch_records);
    const std::string source_id = source.id();
    bool file_started = false;
    while (true) {
        // Stop between files only: a file's records are not split across a stop.
        if (!file_started && stopping(stop)) {
            break;
        }
        std::optional<FileChunk> chunk = prefetch.next();
        if (!chunk) {
            break;
        }
        file_started = !chunk->last;
        for (event::CloudTrailRecord& record : chunk->records) {
            TRIPLINE_TRY(take(std::move(record), stats));
        }
        if (chunk->last) {
            TRIPLINE_TRY(finish_file(source_id, *chunk, stats));
            ++p.files_done;
            p.bytes_done += chunk->file->size;
            report();
        }
    }
    TRIPLINE_TRY(flush(stats));
    stats.elapsed = clock_.steady_now() - start;
    report();
    return stats;
}

Status Ingester::finish_file(const std::string& source_id,
                             const FileChunk& chunk,
                             IngestStats& stats) {
    const SourceFile& file = *chunk.file;
    storage::IngestFileCheckpoint checkpoint;
    checkpoint.source = source_id;
    checkpoint.identity = file.identity;
    checkpoint.version = file.version;
    stats.bytes += chunk.bytes;
    if (chunk.error) {
        const Error& error = *chunk.error;
        ++stats.bad_files;
        stats.bad_file_list.push_back(
            BadFile{file.display, reason_without_name(file.display, error.message)});
        if (error.code == Errc::kUnavailable) {
            return ok_status();  // transient: the next round tries again
        }
        checkpoint.state = storage::IngestFileState::kFailed;
        checkpoint.reason = stats.bad_file_list.back().reason;
        checkpoint.finished_at = clock_.now();
        return checkpoints_.put_file(checkpoint);
    }
    const ReadSummary& summary = chunk.summary;
    ++stats.files_ingested;
    stats.json_bytes += summary.json_bytes;
    note_problems(file.display, summary, stats);
    checkpoint.state = storage::IngestFileState::kDone;
    checkpoint.records = static_cast<std::int64_t>(summary.records);
    checkpoint.bad_records = static_cast<std::int64_t>(summary.bad_records);
    if (!summary.problems.empty()) {
        checkpoint.reason = summary.problems.front();
    }
    checkpoint.finished_at = clock_.now();
    batch_.finished.push_back(std::move(checkpoint));
    // With nothing pending, the file is finished now; otherwise with the batch holding its tail.
    return batch_.records.empty() ? flush(stats) : ok_status();
}

void Ingester::note_problems(std::string_view file,
                             const ReadSummary& summary,
                             IngestStats& stats) {
    stats.bad_records += summary.bad_records;
    for (const auto& problem : summary.problems) {
        if (stats.bad_record_problems.size() < kMaxReportedProblems) {
            stats.bad_record_problems.push_back(std::string(file) + ": " + problem);
        }
    }
}

bool Ingester::wanted(const event::CloudTrailRecord& record) const {
    if (!options_.accounts.empty() && !contains(options_.accounts, record.recipient_account_id) &&
        !(record.user_identity && contains(options_.accounts, record.user_identity->account_id))) {
        return false;
    }
    return options_.regions.empty() || contains(options_.regions, record.aws_region);
}

Status Ingester::take(event::CloudTrailRecord&& record, IngestStats& stats) {
    if (!wanted(record)) {
        ++stats.filtered;
        return ok_status();
    }
    if (batch_.records.capacity() < options_.batch_records) {
        batch_.records.reserve(options_.batch_records);
    }
    batch_.records.push_back(std::move(record));
    if (batch_.records.size() >= options_.batch_records) {
        return flush(stats);
    }
    return ok_status();
}

Status Ingester::flush(IngestStats& stats) {
    if (batch_.records.empty() && batch_.finished.empty()) {
        return ok_status();
    }
    auto& records = batch_.records;
    const auto dedup_start = clock_.steady_now();
    // Dedup keys, "" for records without an eventID (never duplicates).
    std::vector<std::string> keys(records.size());
    std::vector<std::string_view> lookups;
    lookups.reserve(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        keys[i] = dedup_key(records[i]);
        if (!keys[i].empty()) {
            lookups.push_back(keys[i]);
        }
    }
    TRIPLINE_ASSIGN_OR_RETURN(auto seen_before, checkpoints_.find_ingested(lookups));
    // What goes on: not ingested before, and the first of its key in this batch. Compacted in
    // place (no record moves while there are no duplicates), then handed over whole.
    std::unordered_set<std::string_view> in_batch;
    in_batch.reserve(lookups.size());
    std::vector<std::string_view> fresh_keys;
    fresh_keys.reserve(lookups.size());
    std::size_t kept = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (!keys[i].empty()) {
            if (seen_before.contains(keys[i]) || !in_batch.insert(keys[i]).second) {
                ++stats.duplicates;
                continue;
            }
            fresh_keys.push_back(keys[i]);
        }
        if (kept != i) {
            records[kept] = std::move(records[i]);
        }
        ++kept;
    }
    records.resize(kept);
    std::vector<event::CloudTrailRecord> fresh = std::move(records);
    records = {};
    stats.dedup_time += clock_.steady_now() - dedup_start;

    if (!fresh.empty()) {
        const std::uint64_t count = fresh.size();
        const auto sink_start = clock_.steady_now();
        Status accepted = sink_.accept(std::move(fresh), RecordOrigin::kIngested);
        stats.sink_time += clock_.steady_now() - sink_start;
        if (!accepted) {
            batch_.finished.clear();  // unfinished: read again next time
            return accepted;
        }
        stats.records += count;
    }

    const auto commit_start = clock_.steady_now();
    Status committed = checkpoints_.commit_batch(fresh_keys, batch_.finished);
    batch_.finished.clear();
    stats.dedup_time += clock_.steady_now() - commit_start;
    return committed;
}

Result<IngestStats> Ingester::run_stream(std::istream& in,
                                         std::string_view name,
                                         const ProgressCallback& progress) {
    const auto start = clock_.steady_now();
    IngestStats stats;
    IngestProgress p;
    auto report = [&] {
        if (progress) {
            p.bytes_done = stats.bytes;
            p.records = stats.records;
            p.duplicates = stats.duplicates;
            p.bad_files = stats.bad_files;
            p.elapsed = clock_.steady_now() - start;
            progress(p);
        }
    };
    Status fatal = ok_status();
    auto on_record = [&](event::CloudTrailRecord&& record) -> Status {
        Status st = take(std::move(record), stats);
        if (!st) {
            fatal = st;
        }
        return st;
    };
    auto bad_input = [&](std::string reason) {
        ++stats.bad_files;
        stats.bad_file_list.push_back(BadFile{std::string(name), std::move(reason)});
    };
    // One document (gzip, or JSON spread over lines): read it all, then parse it as a file.
    auto read_document = [&](std::string text) -> Status {
        text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        stats.bytes = text.size();
        auto summary = reader_.read_file(name, text, on_record);
        TRIPLINE_TRY(fatal);
        if (!summary) {
            bad_input(reason_without_name(name, summary.error().message));
        } else {
            stats.json_bytes = summary->json_bytes;
            note_problems(name, *summary, stats);
        }
        return ok_status();
    };

    if (in.peek() == 0x1f) {
        TRIPLINE_TRY(read_document(std::string()));
    } else {
        ReadSummary summary;
        std::string line;
        std::uint64_t line_number = 0;
        bool lines_mode = false;
        while (std::getline(in, line)) {
            ++line_number;
            stats.bytes += line.size() + 1;
            if (!lines_mode) {
                if (line.find_first_not_of(" \t\r") == std::string::npos) {
                    continue;
                }
                if (!reader_.is_json_object(line)) {
                    TRIPLINE_TRY(read_document(std::string(line_number - 1, '\n') + line + '\n'));
                    break;
                }
                lines_mode = true;
            }
            Status st = reader_.read_line(line_number, line, on_record, summary);
            TRIPLINE_TRY(st);
            // Hand the batch on when the producer pauses, so its records do not wait.
            if (in.rdbuf()->in_avail() <= 0 && !batch_.records.empty()) {
                TRIPLINE_TRY(flush(stats));
                report();
            }
            if (stopping()) {
                break;
            }
        }
        if (lines_mode) {
            stats.json_bytes = stats.bytes;
            note_problems(name, summary, stats);
            if (summary.records == 0 && summary.bad_records > 0) {
                bad_input(summary.problems.empty() ? "no CloudTrail records"
                                                   : summary.problems.front());
            }
        }
    }
    TRIPLINE_TRY(flush(stats));
    stats.elapsed = clock_.steady_now() - start;
    report();
    return stats;
}

}  // namespace tripline::trail
