// Ingestion of CloudTrail logs: the directory source (order, skips, versions), the record reader
// (log files, gzip, single records, arrays, JSON Lines, EventBridge events, bad input) and the
// ingester (checkpoints, dedup, bad files, filters, batches, streams, follow rounds).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "storage/ingest_checkpoint_store.h"
#include "storage/migrations.h"
#include "test_support.h"
#include "trail/gzip.h"
#include "trail/ingest/directory_log_source.h"
#include "trail/ingest/ingester.h"
#include "trail/ingest/record_reader.h"

namespace tripline::trail {
namespace {

namespace fs = std::filesystem;
using event::CloudTrailRecord;
using tripline::testing::TempDir;

std::string record_json(std::string_view id,
                        std::string_view account = "111122223333",
                        std::string_view region = "us-east-1",
                        std::string_view name = "GetCallerIdentity") {
    return R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":")" +
           std::string(account) + R"("},"eventTime":"2024-08-01T12:00:00Z","eventSource":)" +
           R"("sts.amazonaws.com","eventName":")" + std::string(name) + R"(","awsRegion":")" +
           std::string(region) + R"(","eventID":")" + std::string(id) +
           R"(","recipientAccountId":")" + std::string(account) + R"("})";
}

std::string log_file(const std::vector<std::string>& records) {
    std::string out = R"({"Records":[)";
    for (std::size_t i = 0; i < records.size(); ++i) {
        out += (i > 0 ? "," : "") + records[i];
    }
    return out + "]}";
}

void write_file(const fs::path& path, std::string_view content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

fs::path shared_samples() { return tripline::testing::shared_dir() / "testdata" / "cloudtrail"; }

// Reads a whole buffer, collecting the records' eventIDs.
struct ReadResult {
    Result<ReadSummary> summary = make_error(Errc::kInternal, "unset");
    std::vector<std::string> ids;
};
ReadResult read(std::string_view name, std::string_view bytes) {
    RecordReader reader;
    ReadResult out;
    out.summary = reader.read_file(name, bytes, [&](CloudTrailRecord&& r) {
        out.ids.push_back(r.event_id.value_or("-"));
        return ok_status();
    });
    return out;
}

class CollectingSink final : public RecordSink {
public:
    Status accept(std::vector<CloudTrailRecord> records, RecordOrigin origin) override {
        if (fail_next) {
            fail_next = false;
            return make_error(Errc::kUnavailable, "journal full");
        }
        EXPECT_EQ(origin, RecordOrigin::kIngested);
        ++batches;
        for (auto& r : records) {
            ids.push_back(r.event_id.value_or("-"));
        }
        return ok_status();
    }
    std::vector<std::string> ids;
    int batches = 0;
    bool fail_next = false;
};

// --- DirectoryLogSource
// ---------------------------------------------------------------------------

TEST(DirectoryLogSource, ListsLogFilesRecursivelyInSortedOrderAndSkipsTheRest) {
    TempDir dir;
    const fs::path base = dir.path() / "AWSLogs" / "111122223333";
    write_file(base / "CloudTrail/us-east-1/2024/08/02/b.json.gz", "x");
    write_file(base / "CloudTrail/us-east-1/2024/08/01/a.json", "x");
    write_file(base / "CloudTrail/eu-west-1/2024/08/01/c.jsonl", "x");
    write_file(base / "CloudTrail/eu-west-1/2024/08/01/d.jsonl.gz", "x");
    write_file(base / "CloudTrail/eu-west-1/2024/08/01/e.gz", "x");
    write_file(base / "CloudTrail-Digest/us-east-1/2024/08/01/digest.json.gz", "x");
    write_file(base / "CloudTrail-Insight/us-east-1/2024/08/01/insight.json.gz", "x");
    write_file(base /
                   "CloudTrail/us-east-1/2024/08/01/"
                   "111122223333_CloudTrail-Digest_us-east-1_t_20240801T0000Z.json.gz",
               "x");
    write_file(base / "CloudTrail/us-east-1/notes.txt", "x");
    write_file(base / "CloudTrail/us-east-1/.hidden.json", "x");
    write_file(dir.path() / ".cache" / "f.json", "x");

    auto source = open_directory_log_source(dir.path());
    ASSERT_TRUE(source.has_value()) << source.error().to_string();
    EXPECT_EQ((*source)->id(), "dir:" + fs::absolute(dir.path()).lexically_normal().string());
    auto files = (*source)->list();
    ASSERT_TRUE(files.has_value());
    std::vector<std::string> identities;
    for (const auto& f : *files) {
        identities.push_back(f.identity);
        EXPECT_EQ(f.size, 1u);
        EXPECT_EQ(f.version.substr(0, 2), "1:");
    }
    const std::string p = "AWSLogs/111122223333/CloudTrail/";
    EXPECT_EQ(identities,
              (std::vector<std::string>{p + "eu-west-1/2024/08/01/c.jsonl",
                                        p + "eu-west-1/2024/08/01/d.jsonl.gz",
                                        p + "eu-west-1/2024/08/01/e.gz",
                                        p + "us-east-1/2024/08/01/a.json",
                                        p + "us-east-1/2024/08/02/b.json.gz"}));
}

TEST(DirectoryLogSource, VersionChangesWithTheContentAndReadReturnsTheBytes) {
    TempDir dir;
    write_file(dir.path() / "a.json", "12345");
    auto source = open_directory_log_source(dir.path());
    ASSERT_TRUE(source.has_value());
    auto first = (*source)->list();
    ASSERT_TRUE(first.has_value() && first->size() == 1);
    EXPECT_EQ((*source)->read(first->front()).value_or(""), "12345");
    write_file(dir.path() / "a.json", "123456");
    auto second = (*source)->list();
    ASSERT_TRUE(second.has_value() && second->size() == 1);
    EXPECT_NE(first->front().version, second->front().version);
    EXPECT_EQ(second->front().version.substr(0, 2), "6:");
}

TEST(DirectoryLogSource, ASingleFileIsItsOwnSourceWhateverItsName) {
    TempDir dir;
    write_file(dir.path() / "export.txt", "[]");
    auto source = open_directory_log_source(dir.path() / "export.txt");
    ASSERT_TRUE(source.has_value());
    EXPECT_EQ((*source)->id().substr(0, 5), "file:");
    auto files = (*source)->list();
    ASSERT_TRUE(files.has_value() && files->size() == 1);
    EXPECT_EQ(files->front().identity, "export.txt");
    EXPECT_EQ((*source)->read(files->front()).value_or(""), "[]");
}

TEST(DirectoryLogSource, AMissingPathIsNotFound) {
    auto source = open_directory_log_source("/nonexistent/tripline/logs");
    ASSERT_FALSE(source.has_value());
    EXPECT_EQ(source.error().code, Errc::kNotFound);
}

// --- RecordReader
// ---------------------------------------------------------------------------------

TEST(RecordReader, ReadsALogFileGzippedOrNot) {
    const std::string file = log_file({record_json("a"), record_json("b")});
    for (const std::string& bytes : {file, gzip_compress(file)}) {
        auto r = read("x.json.gz", bytes);
        ASSERT_TRUE(r.summary.has_value()) << r.summary.error().to_string();
        EXPECT_EQ(r.ids, (std::vector<std::string>{"a", "b"}));
        EXPECT_EQ(r.summary->records, 2u);
        EXPECT_EQ(r.summary->json_bytes, file.size());
    }
}

TEST(RecordReader, ReadsTheSharedSamples) {
    auto otrf = read("otrf.json",
                     tripline::testing::read_file(shared_samples() / "otrf" /
                                                  "ec2_proxy_s3_exfiltration.cloudtrail.json"));
    ASSERT_TRUE(otrf.summary.has_value()) << otrf.summary.error().to_string();
    EXPECT_EQ(otrf.summary->records, 103u);
    // 464 hand-made events, one per line; 4 are stubs without eventTime/eventSource/eventVersion.
    auto panther = read("panther.jsonl",
                        tripline::testing::read_file(shared_samples() / "panther" /
                                                     "panther_cloudtrail_tests.jsonl"));
    ASSERT_TRUE(panther.summary.has_value()) << panther.summary.error().to_string();
    EXPECT_EQ(panther.summary->records + panther.summary->bad_records, 464u);
    EXPECT_LE(panther.summary->bad_records, 4u);
}

TEST(RecordReader, ReadsASingleRecordAndAnArray) {
    auto single = read("r.json", record_json("one"));
    ASSERT_TRUE(single.summary.has_value());
    EXPECT_EQ(single.ids, std::vector<std::string>{"one"});
    auto array = read("r.json", "[" + record_json("a") + "," + record_json("b") + "]");
    ASSERT_TRUE(array.summary.has_value());
    EXPECT_EQ(array.ids, (std::vector<std::string>{"a", "b"}));
}

TEST(RecordReader, ReadsJsonLinesByNameOrByContent) {
    const std::string lines = record_json("a") + "\n\n" + log_file({record_json("b")}) + "\r\n" +
                              R"({"detail-type":"AWS API Call via CloudTrail","detail":)" +
                              record_json("c") + "}\n";
    for (std::string_view name : {"x.jsonl", "x.json", "-"}) {
        auto r = read(name, lines);
        ASSERT_TRUE(r.summary.has_value()) << name << ": " << r.summary.error().to_string();
        EXPECT_EQ(r.ids, (std::vector<std::string>{"a", "b", "c"})) << name;
    }
    auto gz = read("x.jsonl.gz", gzip_compress(lines));
    ASSERT_TRUE(gz.summary.has_value());
    EXPECT_EQ(gz.ids.size(), 3u);
}

TEST(RecordReader, BadLinesAreCountedAndTheGoodOnesKept) {
    const std::string lines = record_json("a") + "\n{\"eventID\": \n" + R"({"hello":"world"})" +
                              "\n" + record_json("d") + "\n";
    auto r = read("x.jsonl", lines);
    ASSERT_TRUE(r.summary.has_value());
    EXPECT_EQ(r.ids, (std::vector<std::string>{"a", "d"}));
    EXPECT_EQ(r.summary->bad_records, 2u);
    ASSERT_EQ(r.summary->problems.size(), 2u);
    EXPECT_EQ(r.summary->problems[0].rfind("line 2: invalid JSON", 0), 0u)
        << r.summary->problems[0];
    EXPECT_EQ(r.summary->problems[1].rfind("line 3: neither a CloudTrail log file nor a record", 0),
              0u)
        << r.summary->problems[1];
}

TEST(RecordReader, BadEntriesOfARecordsArrayAreCounted) {
    auto r =
        read("x.json", R"({"Records":[)" + record_json("a") + R"(,42,)" + record_json("c") + "]}");
    ASSERT_TRUE(r.summary.has_value());
    EXPECT_EQ(r.ids, (std::vector<std::string>{"a", "c"}));
    EXPECT_EQ(r.summary->bad_records, 1u);
    EXPECT_EQ(r.summary->problems.at(0), "Records[1]: CloudTrail record must be a JSON object");
}

TEST(RecordReader, UnreadableFilesAreErrorsNamingTheFileAndReason) {
    const std::string file = log_file({record_json("a"), record_json("b")});
    const std::string gz = gzip_compress(file);
    struct Case {
        std::string bytes;
        std::string expected_prefix;
    };
    const std::vector<Case> cases = {
        {gz.substr(0, gz.size() / 2), "f.json.gz: gzip: "},
        {file.substr(0, file.size() - 5), "f.json.gz: invalid JSON"},
        {"", "f.json.gz: empty file"},
        {"  \n ", "f.json.gz: empty file"},
        {R"({"Records":{}})", R"(f.json.gz: "Records" must be an array, not an object)"},
        {R"({"digestStartTime":"2024-08-01T00:00:00Z"})",
         "f.json.gz: neither a CloudTrail log file nor a record"},
        {"\"text\"", "f.json.gz: expected CloudTrail records, found a string"},
        {"not json\nat all\n", "f.json.gz: invalid JSON"},
    };
    for (const Case& c : cases) {
        auto r = read("f.json.gz", c.bytes);
        ASSERT_FALSE(r.summary.has_value()) << c.expected_prefix;
        EXPECT_EQ(r.summary.error().message.rfind(c.expected_prefix, 0), 0u)
            << r.summary.error().message;
        EXPECT_TRUE(r.ids.empty());
    }
    // JSON Lines with not one good line is a bad file, naming the first bad line.
    auto lines = read("f.jsonl", "{\"a\":1}\n{\"b\":2}\n");
    ASSERT_FALSE(lines.summary.has_value());
    EXPECT_EQ(lines.summary.error().message.rfind("f.jsonl: line 1: neither", 0), 0u)
        << lines.summary.error().message;
}

TEST(RecordReader, TheCallbacksErrorStopsReading) {
    RecordReader reader;
    int calls = 0;
    auto r = reader.read_file("x.json",
                              log_file({record_json("a"), record_json("b")}),
                              [&](CloudTrailRecord&&) -> Status {
                                  ++calls;
                                  return make_error(Errc::kUnavailable, "sink down");
                              });
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "sink down");
    EXPECT_EQ(calls, 1);
}

// --- Ingester
// ---------------------------------------------------------------------------------------

class IngesterTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = storage::open_state_store(dir_.path() / "state.db");
        ASSERT_TRUE(db.has_value()) << db.error().to_string();
        db_ = std::move(db).value();
        store_ = std::make_unique<storage::IngestCheckpointStore>(*db_);
        logs_ = dir_.path() / "logs";
        fs::create_directories(logs_);
    }

    Ingester ingester(IngestOptions options = {}) {
        return Ingester(sink_, *store_, clock_, std::move(options));
    }

    IngestStats run(IngestOptions options = {}) {
        auto source = open_directory_log_source(logs_);
        EXPECT_TRUE(source.has_value());
        auto stats = ingester(std::move(options)).run_once(**source);
        EXPECT_TRUE(stats.has_value()) << stats.error().to_string();
        return stats.value_or(IngestStats{});
    }

    TempDir dir_;
    FakeClock clock_;
    std::unique_ptr<storage::Database> db_;
    std::unique_ptr<storage::IngestCheckpointStore> store_;
    CollectingSink sink_;
    fs::path logs_;
};

TEST_F(IngesterTest, ARerunIngestsNothingNew) {
    write_file(logs_ / "a.json.gz", gzip_compress(log_file({record_json("1"), record_json("2")})));
    write_file(logs_ / "b.json", log_file({record_json("3")}));
    IngestStats first = run();
    EXPECT_EQ(first.files_listed, 2u);
    EXPECT_EQ(first.files_ingested, 2u);
    EXPECT_EQ(first.records, 3u);
    EXPECT_EQ(sink_.ids, (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(sink_.batches, 1);  // one batch across both files

    IngestStats second = run();
    EXPECT_EQ(second.files_skipped, 2u);
    EXPECT_EQ(second.files_ingested, 0u);
    EXPECT_EQ(second.records, 0u);
    EXPECT_EQ(sink_.ids.size(), 3u);
    auto checkpoints = store_->files("dir:" + fs::absolute(logs_).lexically_normal().string());
    ASSERT_TRUE(checkpoints.has_value());
    ASSERT_EQ(checkpoints->size(), 2u);
    EXPECT_EQ(checkpoints->front().state, storage::IngestFileState::kDone);
    EXPECT_EQ(checkpoints->front().records, 2);
}

TEST_F(IngesterTest, AChangedFileIsReadAgainButItsOldRecordsAreDuplicates) {
    write_file(logs_ / "a.json", log_file({record_json("1"), record_json("2")}));
    run();
    write_file(logs_ / "a.json", log_file({record_json("1"), record_json("2"), record_json("3")}));
    IngestStats again = run();
    EXPECT_EQ(again.files_ingested, 1u);
    EXPECT_EQ(again.records, 1u);
    EXPECT_EQ(again.duplicates, 2u);
    EXPECT_EQ(sink_.ids, (std::vector<std::string>{"1", "2", "3"}));
}

TEST_F(IngesterTest, DuplicatesWithinABatchAndRecordsWithoutIdsAreHandled) {
    const std::string no_id = R"({"eventTime":"2024-08-01T00:00:00Z","eventName":"X"})";
    write_file(logs_ / "a.json", log_file({record_json("1"), record_json("1"), no_id, no_id}));
    IngestStats stats = run();
    EXPECT_EQ(stats.records, 3u);
    EXPECT_EQ(stats.duplicates, 1u);
    // The same eventID for a different call (hand-made data) is not a duplicate.
    write_file(logs_ / "b.json",
               log_file({record_json("1", "111122223333", "us-east-1", "Other")}));
    EXPECT_EQ(run().records, 1u);
}

TEST_F(IngesterTest, ABadFileIsReportedRecordedAndIngestionGoesOn) {
    write_file(logs_ / "a.json", log_file({record_json("1")}));
    const std::string gz = gzip_compress(log_file({record_json("2"), record_json("3")}));
    write_file(logs_ / "b.json.gz", gz.substr(0, gz.size() - 6));
    write_file(logs_ / "c.json", log_file({record_json("4")}));
    IngestStats stats = run();
    EXPECT_EQ(stats.records, 2u);
    EXPECT_EQ(stats.bad_files, 1u);
    ASSERT_EQ(stats.bad_file_list.size(), 1u);
    EXPECT_EQ(stats.bad_file_list[0].file, (logs_ / "b.json.gz").string());
    EXPECT_EQ(stats.bad_file_list[0].reason.rfind("gzip: ", 0), 0u)
        << stats.bad_file_list[0].reason;
    auto source = open_directory_log_source(logs_);
    auto checkpoint = store_->find_file((*source)->id(), "b.json.gz");
    ASSERT_TRUE(checkpoint.has_value() && checkpoint->has_value());
    EXPECT_EQ((*checkpoint)->state, storage::IngestFileState::kFailed);
    EXPECT_EQ((*checkpoint)->reason, stats.bad_file_list[0].reason);

    // A new run tries it again; a round that does not retry failed files leaves it alone.
    EXPECT_EQ(run().bad_files, 1u);
    IngestOptions no_retry;
    no_retry.retry_failed = false;
    IngestStats later = run(no_retry);
    EXPECT_EQ(later.bad_files, 0u);
    EXPECT_EQ(later.files_skipped, 3u);
    // Once repaired (a new version), it is read.
    write_file(logs_ / "b.json.gz", gz);
    IngestStats repaired = run(no_retry);
    EXPECT_EQ(repaired.records, 2u);
    EXPECT_EQ(repaired.bad_files, 0u);
}

TEST_F(IngesterTest, BadRecordsAreCountedWithTheirFile) {
    write_file(logs_ / "a.jsonl", record_json("1") + "\n{oops\n" + record_json("2") + "\n");
    IngestStats stats = run();
    EXPECT_EQ(stats.records, 2u);
    EXPECT_EQ(stats.bad_records, 1u);
    EXPECT_EQ(stats.bad_files, 0u);
    ASSERT_EQ(stats.bad_record_problems.size(), 1u);
    EXPECT_EQ(stats.bad_record_problems[0].rfind((logs_ / "a.jsonl").string() + ": line 2: ", 0),
              0u)
        << stats.bad_record_problems[0];
}

TEST_F(IngesterTest, FiltersByAccountAndRegion) {
    write_file(logs_ / "a.json",
               log_file({record_json("1", "111111111111", "us-east-1"),
                         record_json("2", "222222222222", "us-east-1"),
                         record_json("3", "111111111111", "eu-west-1")}));
    IngestOptions options;
    options.accounts = {"111111111111"};
    options.regions = {"us-east-1"};
    IngestStats stats = run(options);
    EXPECT_EQ(sink_.ids, std::vector<std::string>{"1"});
    EXPECT_EQ(stats.filtered, 2u);
}

TEST_F(IngesterTest, AFailedBatchLeavesItsFilesUnfinished) {
    write_file(logs_ / "a.json", log_file({record_json("1"), record_json("2")}));
    write_file(logs_ / "b.json", log_file({record_json("3"), record_json("4")}));
    IngestOptions options;
    options.batch_records = 3;  // a: [1 2 | b: 3] flushes mid-b
    sink_.fail_next = true;
    auto source = open_directory_log_source(logs_);
    auto failed = ingester(options).run_once(**source);
    ASSERT_FALSE(failed.has_value());
    EXPECT_EQ(failed.error().message, "journal full");
    EXPECT_TRUE(store_->files((*source)->id())->empty());

    IngestStats retry = run(options);
    EXPECT_EQ(retry.records, 4u);
    EXPECT_EQ(sink_.ids, (std::vector<std::string>{"1", "2", "3", "4"}));
    EXPECT_EQ(sink_.batches, 2);
}

TEST_F(IngesterTest, IngestsTheSharedSampleTree) {
    fs::copy(shared_samples() / "stratus-red-team", logs_ / "stratus");
    fs::copy(shared_samples() / "otrf", logs_ / "otrf");
    IngestStats stats = run();
    EXPECT_EQ(stats.bad_files, 0u);
    EXPECT_EQ(stats.files_ingested, 36u);
    EXPECT_EQ(stats.records + stats.duplicates, 413u);
    EXPECT_EQ(sink_.ids.size(), stats.records);
}

TEST_F(IngesterTest, StreamsJsonLinesAndWholeDocuments) {
    std::istringstream lines(record_json("1") + "\n" + record_json("2") + "\nnope\n" +
                             record_json("1") + "\n");
    auto stats = ingester().run_stream(lines, "-");
    ASSERT_TRUE(stats.has_value()) << stats.error().to_string();
    EXPECT_EQ(stats->records, 2u);
    EXPECT_EQ(stats->duplicates, 1u);
    EXPECT_EQ(stats->bad_records, 1u);

    std::istringstream pretty("\n{\n \"Records\": [\n" + record_json("3") + "\n ]\n}\n");
    stats = ingester().run_stream(pretty, "-");
    ASSERT_TRUE(stats.has_value());
    EXPECT_EQ(stats->records, 1u);

    std::istringstream gz(gzip_compress(log_file({record_json("4")})));
    stats = ingester().run_stream(gz, "-");
    ASSERT_TRUE(stats.has_value());
    EXPECT_EQ(stats->records, 1u);

    std::istringstream truncated(R"({"Records":[)" + record_json("5"));
    stats = ingester().run_stream(truncated, "-");
    ASSERT_TRUE(stats.has_value());
    EXPECT_EQ(stats->bad_files, 1u);
    EXPECT_EQ(sink_.ids, (std::vector<std::string>{"1", "2", "3", "4"}));
}

TEST_F(IngesterTest, FollowPicksUpNewFilesUntilStopped) {
    write_file(logs_ / "a.json", log_file({record_json("1")}));
    auto source = open_directory_log_source(logs_);
    std::atomic<bool> stop{false};
    int rounds = 0;
    auto total = ingester().follow(
        **source, stop, std::chrono::milliseconds(0), {}, [&](const Result<IngestStats>& round) {
            ASSERT_TRUE(round.has_value());
            if (++rounds == 1) {
                EXPECT_EQ(round->records, 1u);
                write_file(logs_ / "b.json", log_file({record_json("2")}));
            } else {
                EXPECT_EQ(round->records, 1u);
                EXPECT_EQ(round->files_skipped, 1u);
                stop = true;
            }
        });
    ASSERT_TRUE(total.has_value());
    EXPECT_EQ(rounds, 2);
    EXPECT_EQ(total->records, 2u);
    EXPECT_EQ(sink_.ids, (std::vector<std::string>{"1", "2"}));
}

// Throughput over a large generated set (not run by default):
//   TRIPLINE_INGEST_BENCH_DIR=/path/to/logs trail_unit_tests --gtest_also_run_disabled_tests
//     --gtest_filter='*IngestThroughput*'
// Prints records/s of the reader alone (read + gunzip + parse into records) and of the ingester
// with a sink that drops the records (adds batching, dedup lookups and inserts, checkpoints).
TEST(IngestThroughput, DISABLED_ReaderAndIngester) {
    const char* dir = std::getenv("TRIPLINE_INGEST_BENCH_DIR");
    ASSERT_NE(dir, nullptr) << "set TRIPLINE_INGEST_BENCH_DIR";
    auto source = open_directory_log_source(dir);
    ASSERT_TRUE(source.has_value());
    auto files = (*source)->list();
    ASSERT_TRUE(files.has_value());
    using Clock = std::chrono::steady_clock;

    RecordReader reader;
    std::uint64_t records = 0;
    std::uint64_t bytes = 0;
    const auto start = Clock::now();
    const std::clock_t reader_cpu_start = std::clock();
    for (const auto& f : *files) {
        auto data = (*source)->read(f);
        ASSERT_TRUE(data.has_value());
        bytes += data->size();
        auto summary = reader.read_file(f.display, *data, [&](CloudTrailRecord&&) {
            ++records;
            return ok_status();
        });
        ASSERT_TRUE(summary.has_value());
    }
    const double reader_s = std::chrono::duration<double>(Clock::now() - start).count();
    const double reader_cpu_s =
        static_cast<double>(std::clock() - reader_cpu_start) / CLOCKS_PER_SEC;
    std::printf(
        "reader: %zu files, %.1f MB gzipped, %llu records in %.2f s = %.0f records/s "
        "(%.2f s of CPU = %.0f records/CPU-s)\n",
        files->size(),
        static_cast<double>(bytes) / 1e6,
        static_cast<unsigned long long>(records),
        reader_s,
        static_cast<double>(records) / reader_s,
        reader_cpu_s,
        static_cast<double>(records) / reader_cpu_s);

    TempDir state;
    auto db = storage::open_state_store(state.path() / "state.db");
    ASSERT_TRUE(db.has_value());
    storage::IngestCheckpointStore store(**db);
    class NullSink final : public RecordSink {
    public:
        Status accept(std::vector<CloudTrailRecord>, RecordOrigin) override { return ok_status(); }
    } sink;
    Ingester ingester(sink, store, SystemClock::instance());
    const std::clock_t cpu_start = std::clock();
    auto stats = ingester.run_once(**source);
    const double cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    ASSERT_TRUE(stats.has_value()) << stats.error().to_string();
    const double ingest_s = std::chrono::duration<double>(stats->elapsed).count();
    std::printf(
        "ingester (null sink): %llu records in %.2f s = %.0f records/s (%.2f s of CPU = "
        "%.0f records/CPU-s); dedup %.2f s\n",
        static_cast<unsigned long long>(stats->records),
        ingest_s,
        static_cast<double>(stats->records) / ingest_s,
        cpu_s,
        static_cast<double>(stats->records) / cpu_s,
        std::chrono::duration<double>(stats->dedup_time).count());
}

}  // namespace
}  // namespace tripline::trail
