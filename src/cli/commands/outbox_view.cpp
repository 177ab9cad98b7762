#include "cli/commands/outbox_view.h"

#include <filesystem>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "storage/migrations.h"

namespace tripline::cli {

namespace {

std::string one_line(std::string text, std::size_t max) {
    for (char& c : text) {
        if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        }
    }
    if (text.size() > max) {
        text.resize(max - 3);
        text += "...";
    }
    return text;
}

}  // namespace

Result<std::unique_ptr<storage::Database>> open_existing_state_store(const std::string& data_dir) {
    const std::filesystem::path path = std::filesystem::path(data_dir) / "state.db";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return make_error(Errc::kNotFound,
                          path.string() + " does not exist (has `tripline serve --data-dir " +
                              data_dir + "` run?)");
    }
    return storage::open_state_store(path);
}

void print_outbox_table(std::ostream& out, const std::vector<storage::OutboxMessage>& messages) {
    out << std::left << std::setw(8) << "ID" << std::setw(11) << "STATUS" << std::setw(16) << "KIND"
        << std::setw(9) << "ATTEMPTS" << std::setw(22) << "UPDATED"
        << "DESTINATION / LAST ERROR\n";
    for (const storage::OutboxMessage& m : messages) {
        out << std::left << std::setw(8) << m.id << std::setw(11)
            << storage::outbox_status_name(m.status) << std::setw(16) << m.kind << std::setw(9)
            << m.attempts << std::setw(22) << format_iso8601(m.updated_at)
            << one_line(m.destination, 80) << "\n";
        if (!m.last_error.empty()) {
            out << std::string(66, ' ') << "  " << one_line(m.last_error, 160) << "\n";
        }
    }
}

void print_outbox_json(std::ostream& out, const std::vector<storage::OutboxMessage>& messages) {
    for (const storage::OutboxMessage& m : messages) {
        nlohmann::json line = {
            {"id", m.id},
            {"status", storage::outbox_status_name(m.status)},
            {"kind", m.kind},
            {"destination", m.destination},
            {"attempts", m.attempts},
            {"next_attempt_at", format_iso8601_millis(m.next_attempt_at)},
            {"created_at", format_iso8601_millis(m.created_at)},
            {"updated_at", format_iso8601_millis(m.updated_at)},
            {"last_error", m.last_error},
            {"payload", m.payload},
        };
        out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
}

}  // namespace tripline::cli
