// Case kind "config": input is a configuration file's text (named tripline.yaml in diagnostics);
// output is one line per diagnostic, or "valid" when there is none.
#include "app/config_loader.h"
#include "handler_registry.h"

TRIPLINE_CONFORMANCE_HANDLER("config", [](const tripline::testing::Case& c) {
    auto report = tripline::app::load_config_text(c.input, "tripline.yaml");
    if (report.diagnostics.empty()) {
        return std::string("valid");
    }
    std::string out;
    for (const auto& d : report.diagnostics) {
        out += d.to_string() + "\n";
    }
    return out;
});
