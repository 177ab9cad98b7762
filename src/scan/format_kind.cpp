#include "scan/format_kind.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace tripline::scan {

namespace {

struct ExtensionKind {
    std::string_view extension;
    FileKind kind;
};

// Sorted by extension (binary search). Binary formats Macie reads but Tripline does not (PDF,
// Office, Avro, Parquet) are unsupported here, like images, audio, video and other archives.
constexpr std::array kExtensions = {
    ExtensionKind{"7z", FileKind::kUnsupported},
    ExtensionKind{"avi", FileKind::kUnsupported},
    ExtensionKind{"avro", FileKind::kUnsupported},
    ExtensionKind{"bin", FileKind::kUnsupported},
    ExtensionKind{"bmp", FileKind::kUnsupported},
    ExtensionKind{"bz2", FileKind::kUnsupported},
    ExtensionKind{"c", FileKind::kText},
    ExtensionKind{"cfg", FileKind::kText},
    ExtensionKind{"class", FileKind::kUnsupported},
    ExtensionKind{"conf", FileKind::kText},
    ExtensionKind{"cpp", FileKind::kText},
    ExtensionKind{"csv", FileKind::kCsv},
    ExtensionKind{"dll", FileKind::kUnsupported},
    ExtensionKind{"doc", FileKind::kUnsupported},
    ExtensionKind{"docx", FileKind::kUnsupported},
    ExtensionKind{"eml", FileKind::kText},
    ExtensionKind{"env", FileKind::kText},
    ExtensionKind{"exe", FileKind::kUnsupported},
    ExtensionKind{"flac", FileKind::kUnsupported},
    ExtensionKind{"gif", FileKind::kUnsupported},
    ExtensionKind{"go", FileKind::kText},
    ExtensionKind{"gz", FileKind::kGzip},
    ExtensionKind{"gzip", FileKind::kGzip},
    ExtensionKind{"h", FileKind::kText},
    ExtensionKind{"heic", FileKind::kUnsupported},
    ExtensionKind{"htm", FileKind::kText},
    ExtensionKind{"html", FileKind::kText},
    ExtensionKind{"ico", FileKind::kUnsupported},
    ExtensionKind{"ini", FileKind::kText},
    ExtensionKind{"jar", FileKind::kUnsupported},
    ExtensionKind{"java", FileKind::kText},
    ExtensionKind{"jpeg", FileKind::kUnsupported},
    ExtensionKind{"jpg", FileKind::kUnsupported},
    ExtensionKind{"js", FileKind::kText},
    ExtensionKind{"json", FileKind::kJson},
    ExtensionKind{"jsonl", FileKind::kJsonLines},
    ExtensionKind{"log", FileKind::kText},
    ExtensionKind{"m4a", FileKind::kUnsupported},
    ExtensionKind{"md", FileKind::kText},
    ExtensionKind{"mkv", FileKind::kUnsupported},
    ExtensionKind{"mov", FileKind::kUnsupported},
    ExtensionKind{"mp3", FileKind::kUnsupported},
    ExtensionKind{"mp4", FileKind::kUnsupported},
    ExtensionKind{"ndjson", FileKind::kJsonLines},
    ExtensionKind{"ogg", FileKind::kUnsupported},
    ExtensionKind{"parquet", FileKind::kUnsupported},
    ExtensionKind{"pdf", FileKind::kUnsupported},
    ExtensionKind{"pem", FileKind::kText},
    ExtensionKind{"png", FileKind::kUnsupported},
    ExtensionKind{"ppt", FileKind::kUnsupported},
    ExtensionKind{"pptx", FileKind::kUnsupported},
    ExtensionKind{"properties", FileKind::kText},
    ExtensionKind{"py", FileKind::kText},
    ExtensionKind{"rar", FileKind::kUnsupported},
    ExtensionKind{"rb", FileKind::kText},
    ExtensionKind{"sh", FileKind::kText},
    ExtensionKind{"so", FileKind::kUnsupported},
    ExtensionKind{"sql", FileKind::kText},
    ExtensionKind{"tar", FileKind::kTar},
    ExtensionKind{"tgz", FileKind::kGzip},
    ExtensionKind{"tif", FileKind::kUnsupported},
    ExtensionKind{"tiff", FileKind::kUnsupported},
    ExtensionKind{"toml", FileKind::kText},
    ExtensionKind{"ts", FileKind::kText},
    ExtensionKind{"tsv", FileKind::kTsv},
    ExtensionKind{"txt", FileKind::kText},
    ExtensionKind{"wav", FileKind::kUnsupported},
    ExtensionKind{"webm", FileKind::kUnsupported},
    ExtensionKind{"webp", FileKind::kUnsupported},
    ExtensionKind{"xls", FileKind::kUnsupported},
    ExtensionKind{"xlsx", FileKind::kUnsupported},
    ExtensionKind{"xml", FileKind::kText},
    ExtensionKind{"xz", FileKind::kUnsupported},
    ExtensionKind{"yaml", FileKind::kText},
    ExtensionKind{"yml", FileKind::kText},
    ExtensionKind{"zip", FileKind::kZip},
    ExtensionKind{"zst", FileKind::kUnsupported},
};

constexpr bool sorted_extensions() {
    for (std::size_t i = 1; i < kExtensions.size(); ++i) {
        if (!(kExtensions[i - 1].extension < kExtensions[i].extension)) {
            return false;
        }
    }
    return true;
}
static_assert(sorted_extensions(), "kExtensions must stay sorted");

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string key_extension(std::string_view key) {
    auto slash = key.rfind('/');
    std::string_view name = slash == std::string_view::npos ? key : key.substr(slash + 1);
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot + 1 >= name.size()) {
        return {};
    }
    std::string extension(name.substr(dot + 1));
    std::transform(extension.begin(), extension.end(), extension.begin(), lower);
    return extension;
}

std::optional<FileKind> kind_by_extension(std::string_view key) {
    std::string extension = key_extension(key);
    if (extension.empty()) {
        return std::nullopt;
    }
    auto it = std::lower_bound(
        kExtensions.begin(),
        kExtensions.end(),
        extension,
        [](const ExtensionKind& e, const std::string& x) { return e.extension < x; });
    if (it == kExtensions.end() || it->extension != extension) {
        return std::nullopt;
    }
    return it->kind;
}

bool looks_like_text(std::string_view head) {
    const auto* p = reinterpret_cast<const unsigned char*>(head.data());
    std::size_t n = head.size();
    std::size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == 0) {
                return false;
            }
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t min = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            length = 2, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4, min = 0x10000, cp = c & 0x07;
        } else {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            if (i + k >= n) {
                return true;  // the head stops inside this character
            }
            if ((p[i + k] & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

std::string gzip_inner_name(std::string_view key) {
    std::string extension = key_extension(key);
    std::string_view stem =
        key.substr(0, key.size() - extension.size() - (extension.empty() ? 0 : 1));
    if (extension == "tgz") {
        return std::string(stem) + ".tar";
    }
    if (extension == "gz" || extension == "gzip") {
        return std::string(stem);
    }
    return std::string(key);
}

FileKind file_kind(std::string_view key, std::string_view head) {
    if (auto kind = kind_by_extension(key)) {
        return *kind;
    }
    return looks_like_text(head) ? FileKind::kText : FileKind::kUnsupported;
}

std::string_view mime_type(FileKind kind) {
    switch (kind) {
        case FileKind::kText:
            return "text/plain";
        case FileKind::kCsv:
            return "text/csv";
        case FileKind::kTsv:
            return "text/tab-separated-values";
        case FileKind::kJson:
        case FileKind::kJsonLines:
            return "application/json";
        case FileKind::kGzip:
            return "application/gzip";
        case FileKind::kZip:
            return "application/zip";
        case FileKind::kTar:
            return "application/x-tar";
        case FileKind::kUnsupported:
            break;
    }
    return "application/octet-stream";
}

}  // namespace tripline::scan
