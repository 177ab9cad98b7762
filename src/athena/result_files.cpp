#include "athena/result_files.h"

#include <nlohmann/json.hpp>

namespace tripline::athena {

using query::athena::Column;
using query::athena::ResultRows;
using query::athena::Row;

Result<S3Location> parse_s3_location(std::string_view url) {
    if (!url.starts_with("s3://") || url.size() == 5 || url[5] == '/') {
        return make_error(Errc::kInvalidArgument,
                          "The S3 location provided to save your query results is invalid. "
                          "Please check your S3 location is correct and is in the same region "
                          "and try again. If you continue to see the issue, contact customer "
                          "support for further assistance.");
    }
    std::string_view rest = url.substr(5);
    S3Location out;
    std::size_t slash = rest.find('/');
    out.bucket = std::string(rest.substr(0, slash));
    if (slash != std::string_view::npos) {
        out.prefix = std::string(rest.substr(slash + 1));
        if (!out.prefix.empty() && out.prefix.back() != '/') {
            out.prefix += '/';
        }
    }
    return out;
}

std::string result_key(const S3Location& location, std::string_view id, bool csv) {
    return location.prefix + std::string(id) + (csv ? ".csv" : ".txt");
}

std::string to_csv(const ResultRows& result) {
    std::string out;
    auto field = [&out](std::string_view value) {
        out += '"';
        for (char c : value) {
            out += c;
            if (c == '"') {
                out += '"';
            }
        }
        out += '"';
    };
    for (std::size_t i = 0; i < result.columns.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        field(result.columns[i].name);
    }
    out += '\n';
    for (const Row& row : result.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0) {
                out += ',';
            }
            if (row[i]) {
                field(*row[i]);
            }
        }
        out += '\n';
    }
    return out;
}

std::string to_text(const ResultRows& result) {
    std::string out;
    for (const Row& row : result.rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0) {
                out += '\t';
            }
            out += row[i].value_or("");
        }
        out += '\n';
    }
    return out;
}

std::string metadata_document(const ResultRows& result, bool header) {
    nlohmann::json columns = nlohmann::json::array();
    for (const Column& c : result.columns) {
        columns.push_back({{"name", c.name}, {"type", c.type}});
    }
    return nlohmann::json{{"format", "tripline-athena-result-1"},
                          {"header", header},
                          {"columns", columns},
                          {"rows", result.rows.size()}}
        .dump();
}

namespace {

Error malformed(const std::string& what) {
    return make_error(Errc::kInvalidArgument, "the result file is malformed: " + what);
}

// One CSV line's fields starting at `pos` (moved past the line end).
Result<Row> csv_line(std::string_view file, std::size_t& pos) {
    Row row;
    while (true) {
        if (pos < file.size() && file[pos] == '"') {
            std::string value;
            ++pos;
            while (true) {
                if (pos >= file.size()) {
                    return malformed("an unterminated quoted field");
                }
                if (file[pos] == '"') {
                    if (pos + 1 < file.size() && file[pos + 1] == '"') {
                        value += '"';
                        pos += 2;
                        continue;
                    }
                    ++pos;
                    break;
                }
                value += file[pos++];
            }
            row.emplace_back(std::move(value));
        } else {
            row.emplace_back(std::nullopt);  // an empty unquoted field is SQL NULL
        }
        if (pos >= file.size() || file[pos] == '\n') {
            ++pos;
            return row;
        }
        if (file[pos] != ',') {
            return malformed("a field is followed by '" + std::string(1, file[pos]) + "'");
        }
        ++pos;
    }
}

}  // namespace

Result<StoredResult> parse_result(std::string_view file, std::string_view metadata, bool csv) {
    StoredResult out;
    auto doc = nlohmann::json::parse(metadata, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("columns") ||
        !doc["columns"].is_array()) {
        return malformed("its metadata is not Tripline's");
    }
    out.header = doc.value("header", true);
    for (const auto& c : doc["columns"]) {
        out.columns.push_back({c.value("name", ""), c.value("type", "varchar")});
    }
    std::size_t pos = 0;
    if (csv) {
        if (!file.empty()) {
            TRIPLINE_ASSIGN_OR_RETURN(Row names, csv_line(file, pos));  // the header line
        }
        while (pos < file.size()) {
            TRIPLINE_ASSIGN_OR_RETURN(Row row, csv_line(file, pos));
            if (row.size() != out.columns.size()) {
                return malformed("a row has " + std::to_string(row.size()) + " fields, not " +
                                 std::to_string(out.columns.size()));
            }
            out.rows.push_back(std::move(row));
        }
        return out;
    }
    while (pos < file.size()) {
        std::size_t end = file.find('\n', pos);
        std::string_view line = file.substr(pos, end - pos);
        pos = end == std::string_view::npos ? file.size() : end + 1;
        Row row;
        if (out.columns.size() <= 1) {
            row.emplace_back(std::string(line));
        } else {
            std::size_t start = 0;
            while (true) {
                std::size_t tab = line.find('\t', start);
                row.emplace_back(std::string(line.substr(start, tab - start)));
                if (tab == std::string_view::npos) {
                    break;
                }
                start = tab + 1;
            }
        }
        out.rows.push_back(std::move(row));
    }
    return out;
}

}  // namespace tripline::athena
