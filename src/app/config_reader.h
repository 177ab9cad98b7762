// ConfigReader: walks the YAML tree of a configuration file, recording diagnostics with positions.
// Shared by the loader's section readers (config_loader.cpp, config_sections.cpp).
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/config_loader.h"

namespace tripline::app {

// Walks the YAML tree, recording diagnostics with positions. Every reader method tolerates a wrong
// type by reporting it and leaving the default in place, so one run reports every problem.
class ConfigReader {
public:
    ConfigReader(std::string file, std::vector<Diagnostic>& out)
        : file_(std::move(file)), out_(out) {}

    TextSpan where(const YAML::Node& node) const {
        YAML::Mark m = node.Mark();
        TextSpan span{file_, {}};
        if (m.line >= 0) {
            span.begin.offset = static_cast<std::size_t>(m.pos);
            span.begin.line = static_cast<std::size_t>(m.line) + 1;
            span.begin.column = static_cast<std::size_t>(m.column) + 1;
        }
        return span;
    }

    void error(const YAML::Node& node, std::string message) {
        out_.push_back(Diagnostic{Severity::kError, where(node), std::move(message)});
    }
    void warning(const YAML::Node& node, std::string message) {
        out_.push_back(Diagnostic{Severity::kWarning, where(node), std::move(message)});
    }

    // Calls `on_key` for each known key of a mapping and warns about the others.
    bool mapping(const YAML::Node& node,
                 std::string_view what,
                 const std::map<std::string, std::function<void(const YAML::Node&)>>& keys) {
        if (!node.IsMap()) {
            error(node, std::string(what) + " must be a mapping of keys to values");
            return false;
        }
        for (const auto& kv : node) {
            std::string key = kv.first.Scalar();
            auto it = keys.find(key);
            if (it == keys.end()) {
                std::string known;
                for (const auto& k : keys) {
                    known += known.empty() ? "" : ", ";
                    known += k.first;
                }
                warning(kv.first,
                        "unknown key '" + key + "' in " + std::string(what) + " (known: " + known +
                            ")");
                continue;
            }
            it->second(kv.second);
        }
        return true;
    }

    void string(const YAML::Node& node, std::string_view what, std::string& out) {
        if (!node.IsScalar()) {
            error(node, std::string(what) + " must be a string");
            return;
        }
        out = node.Scalar();
    }

    void size(const YAML::Node& node, std::string_view what, std::size_t& out) {
        if (!node.IsScalar()) {
            error(node, std::string(what) + " must be a positive integer");
            return;
        }
        const std::string& s = node.Scalar();
        if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string::npos ||
            std::stoull(s) == 0) {
            error(node, std::string(what) + " must be a positive integer, got '" + s + "'");
            return;
        }
        out = std::stoull(s);
    }

    void number(const YAML::Node& node, std::string_view what, double& out) {
        if (!node.IsScalar()) {
            error(node, std::string(what) + " must be a number");
            return;
        }
        try {
            std::size_t used = 0;
            double value = std::stod(node.Scalar(), &used);
            if (used != node.Scalar().size()) {
                throw std::invalid_argument("trailing characters");
            }
            out = value;
        } catch (const std::exception&) {
            error(node, std::string(what) + " must be a number, got '" + node.Scalar() + "'");
        }
    }

    void boolean(const YAML::Node& node, std::string_view what, bool& out) {
        const std::string s = node.IsScalar() ? node.Scalar() : "";
        if (s == "true") {
            out = true;
        } else if (s == "false") {
            out = false;
        } else {
            error(node, std::string(what) + " must be true or false");
        }
    }

    template <typename F>
    void sequence(const YAML::Node& node, std::string_view what, F&& each) {
        if (!node.IsSequence()) {
            error(node, std::string(what) + " must be a list");
            return;
        }
        for (const auto& item : node) {
            each(item);
        }
    }

private:
    std::string file_;
    std::vector<Diagnostic>& out_;
};

}  // namespace tripline::app
