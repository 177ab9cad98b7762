#include "scan/format_json.h"

#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include "base/encoding.h"
#include "json/utf8.h"
#include "scan/format_json_path.h"
#include "scan/format_text.h"

namespace tripline::scan {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

enum class Check { kValid, kMalformed, kTooDeep };

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Walks one JSON document without recursion. walk<false> only checks it; walk<true> scans it (and
// expects a document that checked valid, though it stays safe on any input).
class JsonWalker {
public:
    JsonWalker(const ValueScanner* scanner, OccurrenceSink* sink, std::size_t max_nesting)
        : scanner_(scanner), sink_(sink), max_nesting_(max_nesting) {}

    Check check(std::string_view doc) { return walk<false>(doc); }

    void scan(std::string_view doc, std::uint64_t record_index) {
        record_index_ = record_index;
        walk<true>(doc);
    }

private:
    struct Frame {
        bool object = false;
        bool named = false;  // an object frame whose current member name is in names_
        std::uint64_t index = 0;
    };

    template <bool kScan>
    Check walk(std::string_view doc) {
        doc_ = doc;
        pos_ = 0;
        frames_.clear();
        open_objects_ = 0;
        names_.clear();
        skip_space();
        for (;;) {
            // A value starts at pos_.
            if (pos_ >= doc_.size()) {
                return Check::kMalformed;
            }
            char c = doc_[pos_];
            if (c == '{' || c == '[') {
                if (frames_.size() >= max_nesting_) {
                    return Check::kTooDeep;
                }
                ++pos_;
                frames_.push_back(Frame{c == '{', false, 0});
                if constexpr (kScan) {
                    if (c == '{') {
                        if (open_objects_ == keys_.size()) {
                            keys_.emplace_back();
                        }
                        ++open_objects_;
                    }
                }
                skip_space();
                if (pos_ < doc_.size() && doc_[pos_] == (c == '{' ? '}' : ']')) {
                    ++pos_;
                    pop<kScan>();
                } else {
                    if (c == '{' && !member_name<kScan>()) {
                        return Check::kMalformed;
                    }
                    continue;
                }
            } else if (c == '"') {
                std::string_view value;
                if (!string<kScan>(value)) {
                    return Check::kMalformed;
                }
                if constexpr (kScan) {
                    scan_value(value);
                }
            } else if (c == '-' || is_digit(c)) {
                std::string_view raw;
                if (!number(raw)) {
                    return Check::kMalformed;
                }
                if constexpr (kScan) {
                    scan_value(raw);
                }
            } else if (!literal("true") && !literal("false") && !literal("null")) {
                return Check::kMalformed;
            }
            // After a value: close containers or move to the next element.
            for (;;) {
                skip_space();
                if (frames_.empty()) {
                    return pos_ == doc_.size() ? Check::kValid : Check::kMalformed;
                }
                if (pos_ >= doc_.size()) {
                    return Check::kMalformed;
                }
                Frame& top = frames_.back();
                c = doc_[pos_];
                if (c == (top.object ? '}' : ']')) {
                    ++pos_;
                    pop<kScan>();
                    continue;
                }
                if (c != ',') {
                    return Check::kMalformed;
                }
                ++pos_;
                skip_space();
                if (top.object) {
                    if (!member_name<kScan>()) {
                        return Check::kMalformed;
                    }
                } else {
                    ++top.index;
                }
                break;
            }
        }
    }

    template <bool kScan>
    void pop() {
        if constexpr (kScan) {
            if (frames_.back().object) {
                if (frames_.back().named) {
                    names_.pop_back();
                }
                --open_objects_;
            }
        }
        frames_.pop_back();
    }

    // `"name" :` of an object member; scans the name with the names above it as context.
    template <bool kScan>
    bool member_name() {
        if (pos_ >= doc_.size() || doc_[pos_] != '"') {
            return false;
        }
        std::string_view name;
        if (!string<kScan>(name)) {
            return false;
        }
        if constexpr (kScan) {
            Frame& top = frames_.back();
            if (top.named) {
                names_.pop_back();
                top.named = false;
            }
            if (!name.empty()) {
                matches_.clear();
                scanner_->scan(name, ValueContext{names_}, matches_);
                sanitize_matches(matches_, name.size());
                for (const Match& match : matches_) {
                    sink_->add(match, [&] {
                        return Occurrence{Record{record_index_, std::nullopt}};
                    });
                }
            }
            std::string& key = keys_[open_objects_ - 1];
            key.assign(name);
            names_.push_back(key);
            top.named = true;
        }
        skip_space();
        if (pos_ >= doc_.size() || doc_[pos_] != ':') {
            return false;
        }
        ++pos_;
        skip_space();
        return true;
    }

    void scan_value(std::string_view value) {
        if (value.empty()) {
            return;
        }
        matches_.clear();
        scanner_->scan(value, ValueContext{names_}, matches_);
        sanitize_matches(matches_, value.size());
        std::optional<std::string> path;
        for (const Match& match : matches_) {
            sink_->add(match, [&] {
                if (!path) {
                    path = format_path();
                }
                return Occurrence{Record{record_index_, *path}};
            });
        }
    }

    std::string format_path() const {
        std::vector<std::string> segments;
        segments.reserve(frames_.size());
        std::size_t key = 0;
        for (const Frame& frame : frames_) {
            if (frame.object) {
                segments.push_back(json_path_name(keys_[key++]));
            } else {
                segments.push_back("[" + std::to_string(frame.index) + "]");
            }
        }
        return json_path(std::move(segments));
    }

    void skip_space() {
        while (pos_ < doc_.size() && is_space(doc_[pos_])) {
            ++pos_;
        }
    }

    bool literal(std::string_view word) {
        if (doc_.substr(pos_, word.size()) != word) {
            return false;
        }
        pos_ += word.size();
        return true;
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    bool number(std::string_view& raw) {
        std::size_t start = pos_;
        auto digits = [this] {
            std::size_t from = pos_;
            while (pos_ < doc_.size() && is_digit(doc_[pos_])) {
                ++pos_;
            }
            return pos_ > from;
        };
        if (doc_[pos_] == '-') {
            ++pos_;
        }
        if (pos_ < doc_.size() && doc_[pos_] == '0') {
            ++pos_;
        } else if (!digits()) {
            return false;
        }
        if (pos_ < doc_.size() && doc_[pos_] == '.') {
            ++pos_;
            if (!digits()) {
                return false;
            }
        }
        if (pos_ < doc_.size() && (doc_[pos_] == 'e' || doc_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < doc_.size() && (doc_[pos_] == '+' || doc_[pos_] == '-')) {
                ++pos_;
            }
            if (!digits()) {
                return false;
            }
        }
        raw = doc_.substr(start, pos_ - start);
        return true;
    }

    // A string at pos_ (its opening quote); kScan also undoes the escapes into `value`.
    template <bool kScan>
    bool string(std::string_view& value) {
        std::size_t start = ++pos_;
        bool escaped = false;
        while (pos_ < doc_.size()) {
            char c = doc_[pos_];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                escaped = true;
                if (pos_ + 1 >= doc_.size()) {
                    return false;
                }
                char e = doc_[pos_ + 1];
                if (e == 'u') {
                    if (pos_ + 6 > doc_.size()) {
                        return false;
                    }
                    for (std::size_t i = pos_ + 2; i < pos_ + 6; ++i) {
                        if (hex_digit_value(doc_[i]) < 0) {
                            return false;
                        }
                    }
                    pos_ += 6;
                    continue;
                }
                if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
                    return false;
                }
                pos_ += 2;
                continue;
            }
            ++pos_;
        }
        if (pos_ >= doc_.size()) {
            return false;
        }
        std::string_view raw = doc_.substr(start, pos_ - start);
        ++pos_;  // the closing quote
        if constexpr (kScan) {
            value = escaped ? unescape(raw) : raw;
        }
        return true;
    }

    // Undoes the escapes of a string that checked valid; lone surrogates become U+FFFD.
    std::string_view unescape(std::string_view raw) {
        buffer_.clear();
        for (std::size_t i = 0; i < raw.size();) {
            if (raw[i] != '\\' || i + 1 >= raw.size()) {
                buffer_ += raw[i++];
                continue;
            }
            char e = raw[i + 1];
            if (e != 'u') {
                static constexpr std::string_view kFrom = "\"\\/bfnrt";
                static constexpr std::string_view kTo = "\"\\/\b\f\n\r\t";
                std::size_t which = kFrom.find(e);
                buffer_ += which == std::string_view::npos ? e : kTo[which];
                i += 2;
                continue;
            }
            std::uint32_t unit = hex4(raw, i + 2);
            i += 6;
            std::uint32_t code_point = unit;
            if (unit >= 0xD800 && unit <= 0xDBFF && i + 6 <= raw.size() && raw[i] == '\\' &&
                raw[i + 1] == 'u') {
                std::uint32_t low = hex4(raw, i + 2);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    code_point = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
            }
            if (code_point >= 0xD800 && code_point <= 0xDFFF) {
                code_point = 0xFFFD;
            }
            json::append_utf8(buffer_, code_point);
        }
        return buffer_;
    }

    static std::uint32_t hex4(std::string_view raw, std::size_t at) {
        std::uint32_t unit = 0;
        for (std::size_t i = at; i < at + 4 && i < raw.size(); ++i) {
            int digit = hex_digit_value(raw[i]);
            unit = (unit << 4) | static_cast<std::uint32_t>(digit < 0 ? 0 : digit);
        }
        return unit;
    }

    const ValueScanner* scanner_;
    OccurrenceSink* sink_;
    std::size_t max_nesting_;
    std::uint64_t record_index_ = 0;
    std::string_view doc_;
    std::size_t pos_ = 0;
    std::vector<Frame> frames_;
    // Each open object's current member name, kept (with its capacity) across documents; a deque
    // so that names_ can point into it while it grows.
    std::deque<std::string> keys_;
    std::size_t open_objects_ = 0;
    std::vector<std::string_view> names_;
    std::vector<Match> matches_;
    std::string buffer_;
};

bool blank(std::string_view line) {
    for (char c : line) {
        if (!is_space(c)) {
            return false;
        }
    }
    return true;
}

// Calls visit(line, index) for each line of the text without its '\n' or CRLF.
template <typename Visit>
void for_each_line(std::string_view text, Visit&& visit) {
    std::uint64_t index = 0;
    while (!text.empty()) {
        std::size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (!visit(line, index++)) {
            return;
        }
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    }
}

}  // namespace

JsonOutcome scan_json(std::string_view text,
                      const ValueScanner& scanner,
                      OccurrenceSink& sink,
                      std::size_t max_nesting) {
    if (text.starts_with(kByteOrderMark)) {
        text.remove_prefix(kByteOrderMark.size());
    }
    JsonWalker walker(&scanner, &sink, max_nesting);
    switch (walker.check(text)) {
        case Check::kTooDeep:
            return JsonOutcome::kTooDeep;
        case Check::kMalformed:
            scan_text(text, scanner, sink);
            return JsonOutcome::kMalformedText;
        case Check::kValid:
            break;
    }
    walker.scan(text, 0);
    return JsonOutcome::kScanned;
}

JsonOutcome scan_json_lines(std::string_view text,
                            const ValueScanner& scanner,
                            OccurrenceSink& sink,
                            std::size_t max_nesting) {
    if (text.starts_with(kByteOrderMark)) {
        text.remove_prefix(kByteOrderMark.size());
    }
    JsonWalker walker(&scanner, &sink, max_nesting);
    // First check every line: a line nested too deep means the file is not analysed at all.
    std::vector<std::uint64_t> malformed;
    bool too_deep = false;
    for_each_line(text, [&](std::string_view line, std::uint64_t index) {
        if (blank(line)) {
            return true;
        }
        Check check = walker.check(line);
        if (check == Check::kMalformed) {
            malformed.push_back(index);
        }
        too_deep = check == Check::kTooDeep;
        return !too_deep;
    });
    if (too_deep) {
        return JsonOutcome::kTooDeep;
    }
    std::size_t next_malformed = 0;
    for_each_line(text, [&](std::string_view line, std::uint64_t index) {
        if (next_malformed < malformed.size() && malformed[next_malformed] == index) {
            ++next_malformed;
            scan_text(line, scanner, sink, index + 1);
        } else if (!blank(line)) {
            walker.scan(line, index);
        }
        return true;
    });
    return JsonOutcome::kScanned;
}

}  // namespace tripline::scan
