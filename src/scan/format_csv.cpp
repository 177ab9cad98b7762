#include "scan/format_csv.h"

#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "scan/format_text.h"

namespace tripline::scan {

namespace {

// Splits delimited text into fields, one at a time. A field's value is a view into the text, or
// into the parser's buffer when quotes had to be undone (valid until the next field).
class FieldReader {
public:
    FieldReader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

    bool has_field() const { return pos_ < text_.size() || field_pending_; }

    struct Field {
        std::string_view value;
        std::size_t raw_begin = 0;  // where the field starts in the text (its opening quote if any)
        bool end_of_record = false;
    };

    Field next() {
        Field field;
        field.raw_begin = pos_;
        field_pending_ = false;
        if (pos_ < text_.size() && text_[pos_] == '"') {
            field.value = quoted();
        } else {
            std::size_t stop = find_stop(pos_);
            field.value = strip_cr(text_.substr(pos_, stop - pos_), stop);
            pos_ = stop;
        }
        if (pos_ < text_.size() && text_[pos_] == delimiter_) {
            ++pos_;
            field_pending_ = true;  // "a," ends with an empty field
        } else {
            if (pos_ < text_.size()) {
                ++pos_;  // the '\n'
            }
            field.end_of_record = true;
        }
        return field;
    }

private:
    // The first delimiter or '\n' at or after `from` (or the end).
    std::size_t find_stop(std::size_t from) const {
        std::size_t i = from;
        while (i < text_.size() && text_[i] != delimiter_ && text_[i] != '\n') {
            ++i;
        }
        return i;
    }

    // A field ending at a line break drops the CR of CRLF.
    std::string_view strip_cr(std::string_view value, std::size_t stop) const {
        if (!value.empty() && value.back() == '\r' &&
            (stop == text_.size() || text_[stop] == '\n')) {
            value.remove_suffix(1);
        }
        return value;
    }

    std::string_view quoted() {
        ++pos_;  // the opening quote
        std::size_t start = pos_;
        bool in_buffer = false;
        std::string_view value;
        for (;;) {
            const void* found = std::memchr(text_.data() + pos_, '"', text_.size() - pos_);
            if (found == nullptr) {  // unterminated: the rest of the text
                value = in_buffer ? append(true, start, text_.size()) : text_.substr(start);
                pos_ = text_.size();
                return value;
            }
            std::size_t quote =
                static_cast<std::size_t>(static_cast<const char*>(found) - text_.data());
            if (quote + 1 < text_.size() && text_[quote + 1] == '"') {
                append(in_buffer, start, quote + 1);
                in_buffer = true;
                pos_ = start = quote + 2;
                continue;
            }
            value = in_buffer ? append(true, start, quote) : text_.substr(start, quote - start);
            pos_ = quote + 1;
            break;
        }
        // Anything between the closing quote and the delimiter is kept, as lenient readers do.
        std::size_t stop = find_stop(pos_);
        std::string_view junk = strip_cr(text_.substr(pos_, stop - pos_), stop);
        if (!junk.empty()) {
            if (!in_buffer) {
                buffer_.assign(value);
            }
            buffer_.append(junk);
            value = buffer_;
        }
        pos_ = stop;
        return value;
    }

    // Adds text_[from, to) to the field's value; returns the value so far.
    std::string_view append(bool in_buffer, std::size_t from, std::size_t to) {
        if (!in_buffer) {
            buffer_.assign(text_.substr(from, to - from));
        } else {
            buffer_.append(text_.substr(from, to - from));
        }
        return buffer_;
    }

    std::string_view text_;
    char delimiter_;
    std::size_t pos_ = 0;
    bool field_pending_ = false;
    std::string buffer_;
};

// Maps offsets in a field's value back to offsets in the text (undoing quotes), for offsets asked
// in increasing order.
class RawOffsets {
public:
    RawOffsets(std::string_view text, std::size_t raw_begin) : text_(text), raw_(raw_begin) {
        if (raw_ < text_.size() && text_[raw_] == '"') {
            quoted_ = true;
            ++raw_;
        }
    }

    std::size_t to_raw(std::size_t offset) {
        while (value_ < offset && raw_ < text_.size()) {
            if (quoted_ && text_[raw_] == '"') {
                if (raw_ + 1 < text_.size() && text_[raw_ + 1] == '"') {
                    raw_ += 2;
                    ++value_;
                } else {
                    quoted_ = false;  // the closing quote is not part of the value
                    ++raw_;
                }
                continue;
            }
            ++raw_;
            ++value_;
        }
        if (quoted_ && raw_ < text_.size() && text_[raw_] == '"' &&
            !(raw_ + 1 < text_.size() && text_[raw_ + 1] == '"')) {
            quoted_ = false;
            ++raw_;
        }
        return raw_;
    }

private:
    std::string_view text_;
    std::size_t raw_;
    std::size_t value_ = 0;
    bool quoted_ = false;
};

}  // namespace

void scan_delimited(std::string_view text,
                    char delimiter,
                    const ValueScanner& scanner,
                    OccurrenceSink& sink) {
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    FieldReader reader(text, delimiter);
    LineCursor header_lines(text);
    std::vector<std::string> header;
    std::vector<std::string_view> header_views;
    std::vector<Match> matches;
    std::uint64_t row = 0;
    while (reader.has_field()) {
        ++row;
        std::uint64_t column = 0;
        if (row == 2) {
            header_views.assign(header.begin(), header.end());
        }
        for (bool end_of_record = false; !end_of_record && reader.has_field();) {
            FieldReader::Field field = reader.next();
            end_of_record = field.end_of_record;
            ++column;
            if (row == 1) {
                header.emplace_back(field.value);
            }
            if (field.value.empty()) {
                continue;
            }
            matches.clear();
            if (row == 1) {
                scanner.scan(field.value, ValueContext{}, matches);
                sanitize_matches(matches, field.value.size());
                RawOffsets raw(text, field.raw_begin);
                for (const Match& match : matches) {
                    sink.add(match, [&] {
                        std::size_t begin = raw.to_raw(match.begin);
                        std::size_t end =
                            match.end > match.begin ? raw.to_raw(match.end - 1) + 1 : begin;
                        return Occurrence{header_lines.locate(begin, end)};
                    });
                }
                continue;
            }
            bool named = column <= header.size() && !header[column - 1].empty();
            std::span<const std::string_view> names;
            if (named) {
                names = std::span<const std::string_view>(&header_views[column - 1], 1);
            }
            scanner.scan(field.value, ValueContext{names}, matches);
            sanitize_matches(matches, field.value.size());
            for (const Match& match : matches) {
                sink.add(match, [&] {
                    Cell cell;
                    cell.row = row;
                    cell.column = column;
                    if (named) {
                        cell.column_name = header[column - 1];
                    }
                    return Occurrence{cell};
                });
            }
        }
    }
}

}  // namespace tripline::scan
