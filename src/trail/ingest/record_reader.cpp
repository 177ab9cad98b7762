#include "trail/ingest/record_reader.h"

#include <string>
#include <utility>

#include "trail/gzip.h"

namespace tripline::trail {

namespace {

using simdjson::dom::element;

// One parser for whole files and lines alike: changing its limits between calls would reallocate.
json::ParseLimits reader_limits() {
    return json::ParseLimits{event::kMaxCloudTrailLogFileBytes, event::kMaxCloudTrailDepth + 2};
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string_view skip_bom(std::string_view text) {
    return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
}

// A record object carries at least one of these (real ones carry all three); anything else - a
// digest file, a test manifest listing eventNames and eventIDs - is not one.
bool looks_like_record(simdjson::dom::object object) {
    for (auto [key, value] : object) {
        (void)value;
        if (key == "eventTime" || key == "eventSource" || key == "eventVersion") {
            return true;
        }
    }
    return false;
}

const char* type_name(element value) {
    switch (value.type()) {
        case simdjson::dom::element_type::ARRAY:
            return "an array";
        case simdjson::dom::element_type::OBJECT:
            return "an object";
        case simdjson::dom::element_type::STRING:
            return "a string";
        case simdjson::dom::element_type::BOOL:
            return "a boolean";
        case simdjson::dom::element_type::NULL_VALUE:
            return "null";
        default:
            return "a number";
    }
}

void note_problem(ReadSummary& summary, std::string problem) {
    ++summary.bad_records;
    if (summary.problems.size() < kMaxReportedProblems) {
        summary.problems.push_back(std::move(problem));
    }
}

// Walks one JSON value and hands its records on. Problems with single entries go to `summary`;
// a value that has no records shape at all is returned as an error (the caller decides whether it
// is the file's error or one bad line). `stopped` is set when the callback failed.
class ValueVisitor {
public:
    ValueVisitor(const RecordReader::RecordCallback& on_record, ReadSummary& summary)
        : on_record_(on_record), summary_(summary) {}

    bool stopped() const { return stopped_; }

    Status visit(element value, const std::string& where) {
        simdjson::dom::object object;
        if (value.get_object().get(object) == simdjson::SUCCESS) {
            simdjson::dom::element records;
            if (object.at_key("Records").get(records) == simdjson::SUCCESS) {
                simdjson::dom::array array;
                if (records.get_array().get(array) != simdjson::SUCCESS) {
                    return make_error(
                        Errc::kInvalidArgument,
                        where + "\"Records\" must be an array, not " + type_name(records));
                }
                return visit_entries(array, where + "Records");
            }
            simdjson::dom::element detail;
            if (object.at_key("detail-type").is_string() &&
                object.at_key("detail").get(detail) == simdjson::SUCCESS && detail.is_object() &&
                looks_like_record(detail.get_object().value_unsafe())) {
                return emit(detail, where);
            }
            if (!looks_like_record(object)) {
                return make_error(Errc::kInvalidArgument,
                                  where +
                                      "neither a CloudTrail log file nor a record (no "
                                      "\"Records\", eventVersion, eventTime or eventSource)");
            }
            return emit(value, where);
        }
        simdjson::dom::array array;
        if (value.get_array().get(array) == simdjson::SUCCESS) {
            return visit_entries(array, where);
        }
        return make_error(Errc::kInvalidArgument,
                          where + "expected CloudTrail records, found " + type_name(value));
    }

private:
    Status visit_entries(simdjson::dom::array array, const std::string& where) {
        std::size_t index = 0;
        for (element item : array) {
            auto record = event::parse_cloudtrail_record(item);
            if (!record) {
                note_problem(summary_,
                             where + "[" + std::to_string(index) + "]: " + record.error().message);
            } else {
                TRIPLINE_TRY(hand_on(std::move(record).value()));
            }
            ++index;
        }
        return ok_status();
    }

    Status emit(element object, const std::string& where) {
        auto record = event::parse_cloudtrail_record(object);
        if (!record) {
            return make_error(Errc::kInvalidArgument, where + record.error().message);
        }
        return hand_on(std::move(record).value());
    }

    Status hand_on(event::CloudTrailRecord&& record) {
        Status st = on_record_(std::move(record));
        if (!st) {
            stopped_ = true;
            return st;
        }
        ++summary_.records;
        return ok_status();
    }

    const RecordReader::RecordCallback& on_record_;
    ReadSummary& summary_;
    bool stopped_ = false;
};

Error file_error(std::string_view name, const Error& error) {
    return make_error(error.code, std::string(name) + ": " + error.message);
}

}  // namespace

bool is_json_lines_name(std::string_view name) {
    return ends_with(name, ".jsonl") || ends_with(name, ".jsonl.gz");
}

RecordReader::RecordReader() : parser_(reader_limits()) {}

Result<ReadSummary> RecordReader::read_file(std::string_view name,
                                            std::string_view bytes,
                                            const RecordCallback& on_record) {
    if (bytes.size() > kMaxIngestFileBytes) {
        return make_error(Errc::kLimitExceeded,
                          std::string(name) + ": larger than " +
                              std::to_string(kMaxIngestFileBytes >> 20) + " MiB");
    }
    if (is_gzip(bytes)) {
        auto inflated = gunzip(bytes, kMaxIngestFileBytes);
        if (!inflated) {
            Error error = std::move(inflated).error();
            error.message = "gzip: " + error.message;
            return file_error(name, error);
        }
        return read_json_text(name, *inflated, on_record);
    }
    return read_json_text(name, bytes, on_record);
}

Result<ReadSummary> RecordReader::read_json_text(std::string_view name,
                                                 std::string_view text,
                                                 const RecordCallback& on_record) {
    ReadSummary summary;
    summary.json_bytes = text.size();
    const std::string_view body = trim(skip_bom(text));
    if (body.empty()) {
        return make_error(Errc::kInvalidArgument, std::string(name) + ": empty file");
    }
    if (is_json_lines_name(name)) {
        return read_lines(name, text, on_record);
    }
    // JSON Lines without the extension: the first line is a whole object and more follows.
    const std::size_t newline = body.find('\n');
    if (newline != std::string_view::npos && !trim(body.substr(newline)).empty() &&
        is_json_object(body.substr(0, newline))) {
        return read_lines(name, text, on_record);
    }
    auto root = parser_.parse(body);
    if (!root) {
        return file_error(name, root.error());
    }
    ValueVisitor visitor(on_record, summary);
    Status st = visitor.visit(*root, "");
    if (!st) {
        return visitor.stopped() ? st.error() : file_error(name, st.error());
    }
    if (summary.records == 0 && summary.bad_records > 0) {
        return make_error(Errc::kInvalidArgument,
                          std::string(name) + ": no good records; " + summary.problems.front());
    }
    return summary;
}

Result<ReadSummary> RecordReader::read_lines(std::string_view name,
                                             std::string_view text,
                                             const RecordCallback& on_record) {
    ReadSummary summary;
    summary.json_bytes = text.size();
    std::uint64_t line_number = 0;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        ++line_number;
        Status st =
            read_line(line_number, line_number == 1 ? skip_bom(line) : line, on_record, summary);
        if (!st) {
            return st.error();  // the callback's error
        }
    }
    if (summary.records == 0 && summary.bad_records > 0) {
        // Not one good record: the file is bad, not its records.
        return make_error(
            Errc::kInvalidArgument,
            std::string(name) + ": " +
                (summary.problems.empty() ? "no CloudTrail records" : summary.problems.front()));
    }
    return summary;
}

bool RecordReader::is_json_object(std::string_view text) {
    text = trim(text);
    if (text.size() < 2 || text.front() != '{' || text.back() != '}') {
        return false;
    }
    auto root = parser_.parse(text);
    return root.has_value() && root->is_object();
}

Status RecordReader::read_line(std::uint64_t line_number,
                               std::string_view line,
                               const RecordCallback& on_record,
                               ReadSummary& summary) {
    line = trim(line);
    if (line.empty()) {
        return ok_status();
    }
    const std::string where = "line " + std::to_string(line_number) + ": ";
    auto root = parser_.parse(line);
    if (!root) {
        note_problem(summary, where + root.error().message);
        return ok_status();
    }
    ValueVisitor visitor(on_record, summary);
    Status st = visitor.visit(*root, where);
    if (!st) {
        if (visitor.stopped()) {
            return st;
        }
        note_problem(summary, st.error().message);
    }
    return ok_status();
}

}  // namespace tripline::trail
