#include "scan/format_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <string>

#include "scan/format_kind.h"

namespace tripline::scan {

namespace {

constexpr std::size_t kChunk = 64 * 1024;

// How many bytes the next member may extract, and whether that bound is the whole object's.
struct MemberCap {
    std::uint64_t bytes = 0;
    bool total = false;
};

MemberCap member_cap(const ArchiveBudget& budget) {
    std::uint64_t left = budget.limits.archive_extracted_bytes > budget.extracted
                             ? budget.limits.archive_extracted_bytes - budget.extracted
                             : 0;
    if (left <= budget.limits.member_size) {
        return {left, true};
    }
    return {budget.limits.member_size, false};
}

// One byte past the cap: extracting that many tells a member that fits from one that does not.
std::uint64_t over_cap(const MemberCap& cap) {
    return cap.bytes == UINT64_MAX ? cap.bytes : cap.bytes + 1;
}

// Counts one more extracted member; false (and the object stops) past the member limit.
bool admit_member(ArchiveBudget& budget, ScanStatus& status) {
    if (budget.stopped) {
        return false;
    }
    if (budget.members >= budget.limits.archive_members) {
        status.partial(reason::kArchiveDocuments);
        budget.stopped = true;
        return false;
    }
    ++budget.members;
    return true;
}

// After extracting at most cap.bytes + 1 bytes into `data`: cut it to the cap if it went over.
void settle_member(std::string& data,
                   const MemberCap& cap,
                   ArchiveBudget& budget,
                   ScanStatus& status) {
    if (data.size() > cap.bytes) {
        data.resize(static_cast<std::size_t>(cap.bytes));
        status.partial(reason::kArchiveBytes);
        if (cap.total) {
            budget.stopped = true;
        }
    }
    budget.extracted += data.size();
}

struct Inflated {
    std::string data;
    bool corrupt = false;  // not gzip, truncated or damaged (data holds what came before)
};

// Inflates gzip members one after the other until `limit` bytes are out (or the input ends).
Inflated inflate_gzip(std::string_view input, std::uint64_t limit) {
    Inflated result;
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        result.corrupt = true;
        return result;
    }
    const auto* next = reinterpret_cast<const Bytef*>(input.data());
    std::size_t left = input.size();
    std::size_t produced = 0;
    for (;;) {
        if (produced == result.data.size()) {
            if (produced >= limit) {
                break;
            }
            std::uint64_t grown = std::max<std::uint64_t>(kChunk, result.data.size() * 2);
            result.data.resize(static_cast<std::size_t>(std::min<std::uint64_t>(grown, limit)));
        }
        stream.next_in = const_cast<Bytef*>(next);
        stream.avail_in = static_cast<uInt>(std::min<std::size_t>(left, UINT_MAX));
        uInt in_before = stream.avail_in;
        stream.next_out = reinterpret_cast<Bytef*>(result.data.data() + produced);
        stream.avail_out =
            static_cast<uInt>(std::min<std::size_t>(result.data.size() - produced, UINT_MAX));
        uInt out_before = stream.avail_out;
        int rc = inflate(&stream, Z_NO_FLUSH);
        std::size_t consumed = in_before - stream.avail_in;
        next += consumed;
        left -= consumed;
        produced += out_before - stream.avail_out;
        if (rc == Z_STREAM_END) {
            // Another member may follow (gzip(1) reads them all); anything else is ignored.
            if (left >= 2 && next[0] == 0x1f && next[1] == 0x8b && inflateReset(&stream) == Z_OK) {
                continue;
            }
            break;
        }
        if (rc == Z_OK) {
            continue;
        }
        if (rc == Z_BUF_ERROR && stream.avail_out == 0) {
            continue;  // needs more room
        }
        result.corrupt = true;  // Z_DATA_ERROR, Z_MEM_ERROR, or the input ended too soon
        break;
    }
    inflateEnd(&stream);
    result.data.resize(produced);
    return result;
}

}  // namespace

ArchiveRead read_gzip(std::string_view key,
                      std::string_view bytes,
                      ArchiveBudget& budget,
                      ScanStatus& status,
                      const MemberVisitor& visit) {
    if (!admit_member(budget, status)) {
        return ArchiveRead::kRead;
    }
    MemberCap cap = member_cap(budget);
    Inflated inflated = inflate_gzip(bytes, over_cap(cap));
    if (inflated.corrupt && inflated.data.empty()) {
        return ArchiveRead::kUnreadable;
    }
    settle_member(inflated.data, cap, budget, status);
    if (inflated.corrupt) {
        status.partial(reason::kUnableToParse);
    }
    visit(gzip_inner_name(key), inflated.data);
    return ArchiveRead::kRead;
}

ArchiveRead read_archive(FileKind kind,
                         std::string_view bytes,
                         ArchiveBudget& budget,
                         ScanStatus& status,
                         const MemberVisitor& visit) {
    std::unique_ptr<archive, int (*)(archive*)> reader(archive_read_new(), archive_read_free);
    if (!reader) {
        return ArchiveRead::kUnreadable;
    }
    // Only the one format, and no filters: libarchive may run external programs for some.
    if (kind == FileKind::kZip) {
        archive_read_support_format_zip(reader.get());
    } else {
        archive_read_support_format_tar(reader.get());
    }
    archive_read_support_format_empty(reader.get());
    if (archive_read_open_memory(reader.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
        return ArchiveRead::kUnreadable;
    }
    bool any = false;
    std::string data;
    while (!budget.stopped) {
        archive_entry* entry = nullptr;
        int rc = archive_read_next_header(reader.get(), &entry);
        if (rc == ARCHIVE_EOF) {
            break;
        }
        if (rc < ARCHIVE_WARN || entry == nullptr) {
            if (!any) {
                return ArchiveRead::kUnreadable;
            }
            status.partial(reason::kUnableToParse);
            break;
        }
        any = true;
        if (archive_entry_filetype(entry) != AE_IFREG) {
            continue;  // directories, links, devices: not files
        }
        const char* path = archive_entry_pathname(entry);
        if (path == nullptr) {
            path = archive_entry_pathname_utf8(entry);
        }
        std::string name = path != nullptr ? path : "";
        if (kind_by_extension(name) == FileKind::kUnsupported ||
            archive_entry_is_encrypted(entry)) {
            status.partial(reason::kUnprocessedFiles);
            continue;
        }
        if (!admit_member(budget, status)) {
            break;
        }
        if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > 0 &&
            static_cast<std::uint64_t>(archive_entry_size(entry)) > budget.limits.member_size) {
            status.partial(reason::kArchiveBytes);  // too big by its header: left out
            continue;
        }
        MemberCap cap = member_cap(budget);
        std::uint64_t limit = over_cap(cap);
        data.clear();
        la_ssize_t failure = 0;
        while (data.size() < limit) {
            std::size_t old = data.size();
            std::size_t want =
                static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, limit - old));
            data.resize(old + want);
            la_ssize_t n = archive_read_data(reader.get(), data.data() + old, want);
            if (n < 0) {
                data.resize(old);
                failure = n;
                break;
            }
            data.resize(old + static_cast<std::size_t>(n));
            if (n == 0) {
                break;
            }
        }
        if (failure != 0) {
            // Encrypted, damaged or an unsupported compression method: this member is left out.
            status.partial(reason::kUnableToParse);
            if (failure == ARCHIVE_FATAL) {
                break;
            }
            continue;
        }
        settle_member(data, cap, budget, status);
        visit(name, data);
    }
    return ArchiveRead::kRead;
}

}  // namespace tripline::scan
