// `tripline query [--data-dir D] "SQL"` / `tripline query --file F`: one Athena (Trino) statement
// over the trail store (docs/athena.md). Output: a table on a terminal, else CSV (Athena's result
// CSV); --format table|csv|json picks one (json: an array of row objects). Exit codes: 0, 1 when
// the store cannot be used, 2 for a bad statement or flags.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/config_loader.h"
#include "app/query_runtime.h"
#include "athena/result_files.h"
#include "cli/commands/commands.h"

namespace tripline::cli {

namespace {

struct QueryOptions {
    std::string sql;
    std::string file;
    std::string data_dir;
    std::string config;
    std::string database = "default";
    std::string format;
    std::size_t max_rows = 1'000'000;
};

// Display width of UTF-8 text (code points; good enough for a terminal table).
std::size_t width_of(std::string_view text) {
    std::size_t n = 0;
    for (unsigned char c : text) {
        n += (c & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

void print_table(const query::athena::QueryOutput& output, std::ostream& out) {
    const auto& columns = output.result.columns;
    const auto& rows = output.result.rows;
    if (columns.empty()) {
        out << "OK\n";
        return;
    }
    std::vector<std::size_t> widths;
    for (const auto& c : columns) {
        widths.push_back(output.header ? width_of(c.name) : 0);
    }
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], width_of(row[i].value_or("NULL")));
        }
    }
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            out << (i == 0 ? "" : " | ") << cells[i];
            if (i + 1 < cells.size()) {
                out << std::string(widths[i] - width_of(cells[i]), ' ');
            }
        }
        out << "\n";
    };
    if (output.header) {
        std::vector<std::string> names;
        std::string rule;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            names.push_back(columns[i].name);
            rule += (i == 0 ? "" : "-+-") + std::string(widths[i], '-');
        }
        line(names);
        out << rule << "\n";
    }
    for (const auto& row : rows) {
        std::vector<std::string> cells;
        for (const auto& value : row) {
            cells.push_back(value.value_or("NULL"));
        }
        line(cells);
    }
    if (output.header) {
        out << "(" << rows.size() << (rows.size() == 1 ? " row)\n" : " rows)\n");
    }
}

// A value as JSON: numbers and booleans typed, everything else as its text.
nlohmann::json json_value(const std::optional<std::string>& value, const std::string& type) {
    if (!value) {
        return nullptr;
    }
    if (type == "bigint" || type == "integer" || type == "smallint" || type == "tinyint") {
        try {
            return std::stoll(*value);
        } catch (const std::exception&) {
            return *value;
        }
    }
    if (type == "double" || type == "real") {
        try {
            return std::stod(*value);
        } catch (const std::exception&) {
            return *value;  // NaN, Infinity
        }
    }
    if (type == "boolean") {
        return *value == "true";
    }
    return *value;
}

void print_json(const query::athena::QueryOutput& output, std::ostream& out) {
    nlohmann::json rows = nlohmann::json::array();
    const auto& columns = output.result.columns;
    for (const auto& row : output.result.rows) {
        nlohmann::json object = nlohmann::json::object();
        for (std::size_t i = 0; i < row.size() && i < columns.size(); ++i) {
            object[columns[i].name] = json_value(row[i], columns[i].type);
        }
        rows.push_back(std::move(object));
    }
    out << rows.dump(2) << "\n";
}

int run_query(QueryOptions opts) {
    if (opts.sql.empty() == opts.file.empty()) {
        std::cerr << "tripline query: give one statement, as an argument or with --file\n";
        return kExitInvalidInput;
    }
    if (!opts.file.empty()) {
        std::ifstream in(opts.file, std::ios::binary);
        if (!in) {
            std::cerr << "tripline query: cannot read " << opts.file << "\n";
            return kExitInvalidInput;
        }
        std::ostringstream text;
        text << in.rdbuf();
        opts.sql = text.str();
    }
    std::string data_dir = opts.data_dir;
    if (data_dir.empty() && !opts.config.empty()) {
        app::ConfigReport report = app::load_config_file(opts.config);
        if (!report.ok()) {
            for (const auto& diagnostic : report.diagnostics) {
                std::cerr << diagnostic.to_string() << "\n";
            }
            return kExitInvalidInput;
        }
        data_dir = report.config.server.data_dir;
    }
    if (data_dir.empty()) {
        data_dir = "./var";
    }
    if (!std::filesystem::is_directory(data_dir)) {
        std::cerr << "tripline query: no data directory " << data_dir
                  << " (run `tripline serve` or `tripline ingest` first, or pass --data-dir)\n";
        return kExitFailure;
    }
    std::string format = opts.format;
    if (format.empty()) {
        format = ::isatty(STDOUT_FILENO) != 0 ? "table" : "csv";
    }
    auto output = app::run_query_on_data_dir(std::filesystem::absolute(data_dir).lexically_normal(),
                                             opts.sql,
                                             opts.database,
                                             opts.max_rows);
    if (!output) {
        std::cerr << "tripline query: " << output.error().message << "\n";
        const Errc code = output.error().code;
        return code == Errc::kInvalidArgument || code == Errc::kNotFound ||
                       code == Errc::kLimitExceeded
                   ? kExitInvalidInput
                   : kExitFailure;
    }
    if (format == "json") {
        print_json(*output, std::cout);
    } else if (format == "csv") {
        std::cout << (output->header ? athena::to_csv(output->result)
                                     : athena::to_text(output->result));
    } else {
        print_table(*output, std::cout);
    }
    return kExitOk;
}

CommandRunner add_query_command(CLI::App& app) {
    auto opts = std::make_shared<QueryOptions>();
    auto* cmd = app.add_subcommand(
        "query", "Run Athena (Trino) SQL over the trail store: SELECT ... FROM cloudtrail_logs");
    cmd->add_option("sql", opts->sql, "The statement");
    cmd->add_option("--file", opts->file, "Read the statement from this file");
    cmd->add_option("--data-dir", opts->data_dir, "Data directory (default ./var)");
    cmd->add_option("--config", opts->config, "Configuration file (for its data directory)");
    cmd->add_option("--database", opts->database, "The session's database (default: default)");
    cmd->add_option(
           "--format", opts->format, "table, csv or json (default: table on a terminal, else csv)")
        ->check(CLI::IsMember({"table", "csv", "json"}));
    cmd->add_option("--max-rows", opts->max_rows, "Refuse results with more rows (1000000)");
    return [opts] { return run_query(*opts); };
}

}  // namespace

TRIPLINE_CLI_COMMAND(add_query_command);

}  // namespace tripline::cli
