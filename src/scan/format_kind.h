// Choosing a reader for an object or an archive member (macie.md §10): by the key's extension,
// else by sniffing the first bytes (non-binary text is text). file_kind() and mime_type() are
// declared in object_scan.h; these are the pieces the archive readers need as well.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "scan/object_scan.h"

namespace tripline::scan {

// The extension of the key's last path segment, lower-cased, without the dot ("" when none).
std::string key_extension(std::string_view key);

// The kind the extension alone decides (known text, structured, archive or binary extensions);
// nullopt when the extension says nothing and the content must be sniffed.
std::optional<FileKind> kind_by_extension(std::string_view key);

// Non-binary text: no NUL and valid UTF-8, where `head` may stop inside the last character.
bool looks_like_text(std::string_view head);

// The name of what a gzip file holds: "a.csv.gz" -> "a.csv", "a.tgz" -> "a.tar", "a.gz" -> "a".
std::string gzip_inner_name(std::string_view key);

// How many bytes of an object file_kind() looks at when sniffing.
inline constexpr std::size_t kSniffBytes = 8192;

}  // namespace tripline::scan
