// Shared by `tripline alerts` and `tripline dlq`: opening a data directory's state store without
// creating one, and printing outbox messages as a table or JSON lines.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/database.h"
#include "storage/outbox_store.h"

namespace tripline::cli {

// <data_dir>/state.db, which must exist (a data directory `tripline serve` has used).
Result<std::unique_ptr<storage::Database>> open_existing_state_store(const std::string& data_dir);

void print_outbox_table(std::ostream& out, const std::vector<storage::OutboxMessage>& messages);
void print_outbox_json(std::ostream& out, const std::vector<storage::OutboxMessage>& messages);

}  // namespace tripline::cli
