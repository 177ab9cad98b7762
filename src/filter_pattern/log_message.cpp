// LogMessage: the per-event cache. Parsing JSON needs a simdjson parser with buffers sized to the
// message; allocating one per event would cost more than the parse, so parsers come from a small
// per-thread pool and go back to it when the message is destroyed. Each live message owns its
// parser, so two messages never invalidate each other's parsed documents.
#include <vector>

#include "filter_pattern/filter_pattern.h"
#include "filter_pattern/space_delimited.h"
#include "json/json_parser.h"

namespace tripline::filter_pattern {

namespace {

// CloudWatch Logs events are at most 256 KiB; JSON nested deeper than this is not matched.
constexpr json::ParseLimits kMessageLimits{std::size_t{1} << 20, 64};
constexpr std::size_t kPoolSize = 8;

std::vector<std::unique_ptr<json::JsonParser>>& parser_pool() {
    thread_local std::vector<std::unique_ptr<json::JsonParser>> pool;
    return pool;
}

}  // namespace

struct LogMessage::JsonState {
    std::unique_ptr<json::JsonParser> parser;
    simdjson::dom::element root;
    bool is_object = false;

    ~JsonState() {
        auto& pool = parser_pool();
        if (parser && pool.size() < kPoolSize) {
            pool.push_back(std::move(parser));
        }
    }
};

LogMessage::LogMessage(std::string_view text) : text_(text) {}
LogMessage::~LogMessage() = default;
LogMessage::LogMessage(LogMessage&& other) noexcept = default;
LogMessage& LogMessage::operator=(LogMessage&& other) noexcept = default;

const simdjson::dom::element* LogMessage::json_object() const {
    if (!json_) {
        json_ = std::make_unique<JsonState>();
        // Only an object can match; skip the parse for anything else (most plain-text logs).
        std::size_t first = text_.find_first_not_of(" \t\r\n");
        if (first == std::string_view::npos || text_[first] != '{') {
            return nullptr;
        }
        auto& pool = parser_pool();
        if (pool.empty()) {
            json_->parser = std::make_unique<json::JsonParser>(kMessageLimits);
        } else {
            json_->parser = std::move(pool.back());
            pool.pop_back();
        }
        auto root = json_->parser->parse(text_);
        if (root && root->is_object()) {
            json_->root = *root;
            json_->is_object = true;
        }
    }
    return json_->is_object ? &json_->root : nullptr;
}

const std::vector<MessageField>& LogMessage::fields() const {
    if (!fields_ready_) {
        detail::split_fields(text_, fields_);
        fields_ready_ = true;
    }
    return fields_;
}

}  // namespace tripline::filter_pattern
