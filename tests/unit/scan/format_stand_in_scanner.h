// Test helpers for the format readers: a stand-in ValueScanner that does not depend on the real
// identifiers, and builders of gzip, zip and tar archives in memory.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scan/object_scan.h"
#include "scan/value_scanner.h"

namespace tripline::scan::testing {

inline constexpr std::uint32_t kSecret = 0;  // the literal "SECRET"
inline constexpr std::uint32_t kSsn = 1;     // a whole value whose context has the name "ssn"
inline constexpr std::uint32_t kSpan = 2;    // "<<" to the next ">>", inclusive (may cross lines)

// Reports every "SECRET" (managed 0), every "<<...>>" span (managed 2), and the whole value when a
// context name equals "ssn" (managed 1). Remembers every call.
class StandInScanner : public ValueScanner {
public:
    StandInScanner() : ValueScanner(nullptr, nullptr, {}) {}

    struct Call {
        std::string value;
        std::vector<std::string> names;
    };

    void scan(std::string_view value,
              const ValueContext& context,
              std::vector<Match>& out) const override {
        Call call{std::string(value), {}};
        for (std::string_view name : context.names) {
            call.names.emplace_back(name);
        }
        calls.push_back(std::move(call));
        std::vector<Match> found;
        if (std::find(context.names.begin(), context.names.end(), "ssn") != context.names.end()) {
            found.push_back(Match{Match::Kind::kManaged, kSsn, 0, value.size()});
        }
        for (std::size_t at = value.find("SECRET"); at != std::string_view::npos;
             at = value.find("SECRET", at + 1)) {
            found.push_back(Match{Match::Kind::kManaged, kSecret, at, at + 6});
        }
        for (std::size_t at = value.find("<<"); at != std::string_view::npos;
             at = value.find("<<", at + 2)) {
            std::size_t close = value.find(">>", at + 2);
            if (close == std::string_view::npos) {
                break;
            }
            found.push_back(Match{Match::Kind::kManaged, kSpan, at, close + 2});
        }
        std::stable_sort(found.begin(), found.end(), [](const Match& a, const Match& b) {
            return a.begin < b.begin;
        });
        out.insert(out.end(), found.begin(), found.end());
    }

    mutable std::vector<Call> calls;
};

inline std::string gzip(std::string_view data) {
    z_stream stream{};
    deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&stream, data.size()) + 64, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

using Files = std::vector<std::pair<std::string, std::string>>;

// A zip (or pax tar) archive holding `files` (name, content), built with libarchive's writer.
inline std::string make_archive(bool zip, const Files& files) {
    std::size_t total = 4096;
    for (const auto& [name, content] : files) {
        total += 1024 + name.size() * 3 + content.size() * 2;
    }
    std::string buffer(total, '\0');
    std::size_t used = 0;
    archive* writer = archive_write_new();
    if (zip) {
        archive_write_set_format_zip(writer);
    } else {
        archive_write_set_format_pax_restricted(writer);
    }
    archive_write_open_memory(writer, buffer.data(), buffer.size(), &used);
    for (const auto& [name, content] : files) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, name.c_str());
        archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
        archive_entry_set_filetype(entry, name.ends_with('/') ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_write_header(writer, entry);
        if (!content.empty()) {
            archive_write_data(writer, content.data(), content.size());
        }
        archive_entry_free(entry);
    }
    archive_write_close(writer);
    archive_write_free(writer);
    buffer.resize(used);
    return buffer;
}

// Helpers to read results.
inline const TypeResult* find_type(const ObjectScanResult& result, std::uint32_t index) {
    for (const TypeResult& type : result.types) {
        if (type.kind == Match::Kind::kManaged && type.index == index) {
            return &type;
        }
    }
    return nullptr;
}

// The located occurrences of managed identifier `index` (none when it was not found).
inline std::vector<Occurrence> occurrences(const ObjectScanResult& result, std::uint32_t index) {
    const TypeResult* type = find_type(result, index);
    return type == nullptr ? std::vector<Occurrence>{} : type->occurrences;
}

}  // namespace tripline::scan::testing

namespace tripline::scan {

// gtest printers, so that failed comparisons show the occurrence.
inline void PrintTo(const LineRange& r, std::ostream* os) {
    *os << "LineRange{" << r.start << ", " << r.end << ", col " << r.start_column << "}";
}
inline void PrintTo(const Cell& c, std::ostream* os) {
    *os << "Cell{" << c.row << ", " << c.column << ", " << c.column_name.value_or("<null>") << "}";
}
inline void PrintTo(const Record& r, std::ostream* os) {
    *os << "Record{" << r.record_index << ", " << r.json_path.value_or("<null>") << "}";
}

}  // namespace tripline::scan
