// Loads a Config from YAML (or JSON, which YAML 1.2 contains) with diagnostics that name the file,
// line and column: "tripline.yaml:12:7: error: 'id' must be a 12-digit account id". Unknown keys
// are warnings (a typo must not silently disable a resource, but an old file must still load).
// Nothing is written: the loader only reads the user's file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/config.h"
#include "base/result.h"

namespace tripline::app {

enum class Severity { kError, kWarning };

struct Diagnostic {
    Severity severity = Severity::kError;
    TextSpan where;
    std::string message;

    // "file:line:col: error: message"
    std::string to_string() const;
};

struct ConfigReport {
    Config config;
    std::vector<Diagnostic> diagnostics;

    bool ok() const;
    std::size_t error_count() const;
    std::size_t warning_count() const;
};

// Parses `text` as the contents of `file_name` (used in diagnostics only).
ConfigReport load_config_text(std::string_view text, const std::string& file_name);

// Reads and parses a file; a missing or unreadable file is an error diagnostic.
ConfigReport load_config_file(const std::string& path);

// Diagnostics as a JSON document for `tripline validate --json`.
std::string diagnostics_to_json(const ConfigReport& report);

}  // namespace tripline::app
