// Record.jsonPath as Macie shows it (macie.md §9): dot notation for plain identifiers, ['…'] for
// other names, 0-based array indexes; a name over 240 characters keeps its tail ('...tail'), a path
// over 250 characters is cut from its first element ("$..").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tripline::scan {

// One element name as a path segment: ".name" for plain identifiers, else "['odd name']".
std::string json_path_name(std::string_view name);

// "$" followed by the segments (json_path_name() or "[3]"), cut to 250 characters if longer.
std::string json_path(std::vector<std::string> segments);

}  // namespace tripline::scan
