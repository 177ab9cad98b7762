// Runs conformance case files: `tripline_conformance [--rewrite] FILE...`. Each case's actual
// output must equal its expected block; --rewrite writes the actual output back into the file
// instead (review the diff before committing it). Exit 0 when every case passes, 1 otherwise.
#include <fstream>
#include <iostream>
#include <sstream>

#include "case_file.h"
#include "handler_registry.h"

namespace tripline::testing {

std::map<std::string, CaseHandler>& case_handlers() {
    static std::map<std::string, CaseHandler> handlers;
    return handlers;
}

}  // namespace tripline::testing

namespace {

using tripline::testing::Case;
using tripline::testing::CaseFile;

int run_file(const std::string& path, bool rewrite, int& passed, int& failed) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << path << ": cannot read\n";
        return 1;
    }
    std::ostringstream text;
    text << in.rdbuf();
    CaseFile file;
    std::string error;
    if (!tripline::testing::parse_case_file(path, text.str(), file, error)) {
        std::cerr << error << "\n";
        return 1;
    }
    if (file.cases.empty()) {
        std::cerr << path << ": no cases\n";
        return 1;
    }
    std::vector<std::string> actual;
    int status = 0;
    for (const Case& c : file.cases) {
        auto& handlers = tripline::testing::case_handlers();
        auto it = handlers.find(c.kind);
        std::string out;
        if (it == handlers.end()) {
            std::cerr << path << ":" << c.line << ": unknown case kind '" << c.kind << "'\n";
            status = 1;
            ++failed;
            actual.push_back(c.expected);
            continue;
        }
        try {
            out = it->second(c);
        } catch (const std::exception& e) {
            out = std::string("exception: ") + e.what();
        }
        while (!out.empty() && out.back() == '\n') {
            out.pop_back();
        }
        actual.push_back(out);
        if (out == c.expected) {
            ++passed;
        } else if (!rewrite) {
            ++failed;
            status = 1;
            std::cerr << path << ":" << c.line << ": FAIL " << c.name << "\n--- expected\n"
                      << c.expected << "\n+++ actual\n"
                      << out << "\n";
        }
    }
    if (rewrite) {
        std::ofstream outf(path, std::ios::binary | std::ios::trunc);
        outf << tripline::testing::rewrite_case_file(file, actual);
    }
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    bool rewrite = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--rewrite") {
            rewrite = true;
        } else if (arg == "--help" || arg == "-h") {
            std::cout << "usage: tripline_conformance [--rewrite] FILE.case...\n";
            return 0;
        } else {
            files.push_back(arg);
        }
    }
    if (files.empty()) {
        std::cerr << "usage: tripline_conformance [--rewrite] FILE.case...\n";
        return 2;
    }
    int passed = 0;
    int failed = 0;
    int status = 0;
    for (const auto& f : files) {
        status |= run_file(f, rewrite, passed, failed);
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return status;
}
