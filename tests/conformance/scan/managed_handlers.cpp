// Case kinds for the managed-identifier scanner:
//   managed <ALL | RECOMMENDED | ID,ID,...>
//   managed-context <name1|name2|...> <ALL | RECOMMENDED | ID,ID,...>
// The input is scanned as ONE value (unstructured text; with managed-context, under those context
// names, as a CSV column or JSON path would give them). Output: one line per match in order of
// begin, "<ID> <exact matched text>" (a line break inside the text shown as \n, CR as \r), or
// "none". A bad selector prints "error: <message>".
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "handler_registry.h"
#include "scan/managed_catalogue.h"
#include "scan/managed_scanner.h"

namespace {

using tripline::scan::ManagedScanner;

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, separator)) {
        if (!item.empty()) {
            out.push_back(item);
        }
    }
    return out;
}

// Compiled once per distinct selector (ALL takes a moment to compile).
const ManagedScanner* scanner_for(const std::string& selector, std::string& error) {
    static std::map<std::string, std::unique_ptr<ManagedScanner>> cache;
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    if (auto it = cache.find(selector); it != cache.end()) {
        return it->second.get();
    }
    auto selected = (selector == "ALL" || selector == "RECOMMENDED")
                        ? tripline::scan::select_managed(selector, {})
                        : tripline::scan::select_managed("INCLUDE", split(selector, ','));
    if (!selected) {
        error = selected.error().message;
        return nullptr;
    }
    auto scanner = ManagedScanner::compile(*selected);
    if (!scanner) {
        error = scanner.error().message;
        return nullptr;
    }
    auto& slot = cache[selector];
    slot = std::make_unique<ManagedScanner>(std::move(*scanner));
    return slot.get();
}

std::string escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string run(const std::string& selector,
                const std::vector<std::string>& names,
                const std::string& input) {
    std::string error;
    const ManagedScanner* scanner = scanner_for(selector, error);
    if (scanner == nullptr) {
        return "error: " + error;
    }
    std::vector<std::string_view> views(names.begin(), names.end());
    tripline::scan::ValueContext context{views};
    std::vector<tripline::scan::Match> matches;
    scanner->scan(input, context, matches);
    if (matches.empty()) {
        return "none";
    }
    const auto& catalogue = tripline::scan::managed_catalogue();
    std::string out;
    for (const auto& m : matches) {
        out += catalogue[m.index].id + " " +
               escaped(std::string_view(input).substr(m.begin, m.end - m.begin)) + "\n";
    }
    out.pop_back();
    return out;
}

}  // namespace

TRIPLINE_CONFORMANCE_HANDLER("managed", [](const tripline::testing::Case& c) {
    return run(c.args, {}, c.input);
});

TRIPLINE_CONFORMANCE_HANDLER("managed-context", [](const tripline::testing::Case& c) {
    const auto space = c.args.find(' ');
    if (space == std::string::npos) {
        return std::string("error: managed-context needs <names> <selector>");
    }
    return run(c.args.substr(space + 1), split(c.args.substr(0, space), '|'), c.input);
});
