#include "api/services/s3/s3_names.h"

#include <cstdint>

#include "json/utf8.h"

namespace tripline::api::services::s3 {

namespace {

bool looks_like_ipv4(std::string_view name) {
    int dots = 0;
    for (char c : name) {
        if (c == '.') {
            ++dots;
        } else if (c < '0' || c > '9') {
            return false;
        }
    }
    return dots == 3;
}

bool is_alnum_lower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

bool is_valid_bucket_name(std::string_view name) {
    if (name.size() < 3 || name.size() > 63) {
        return false;
    }
    for (char c : name) {
        if (!is_alnum_lower(c) && c != '.' && c != '-') {
            return false;
        }
    }
    if (!is_alnum_lower(name.front()) || !is_alnum_lower(name.back())) {
        return false;
    }
    if (name.find("..") != std::string_view::npos || name.find(".-") != std::string_view::npos ||
        name.find("-.") != std::string_view::npos) {
        return false;
    }
    if (looks_like_ipv4(name) || name.starts_with("xn--") || name.starts_with("sthree-") ||
        name.ends_with("-s3alias") || name.ends_with("--ol-s3")) {
        return false;
    }
    return true;
}

KeyProblem check_object_key(std::string_view key) {
    if (key.empty()) {
        return KeyProblem::kEmpty;
    }
    if (key.size() > kMaxKeyBytes) {
        return KeyProblem::kTooLong;
    }
    if (key.find('\0') != std::string_view::npos) {
        return KeyProblem::kControlNul;
    }
    if (!json::is_valid_utf8(key)) {
        return KeyProblem::kNotUtf8;
    }
    if (key.front() == '/' || key.front() == '\\') {
        return KeyProblem::kTraversal;
    }
    std::size_t start = 0;
    while (start <= key.size()) {
        std::size_t end = key.find_first_of("/\\", start);
        std::string_view segment =
            key.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (segment == "..") {
            return KeyProblem::kTraversal;
        }
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    return KeyProblem::kNone;
}

std::string key_problem_message(KeyProblem problem) {
    switch (problem) {
        case KeyProblem::kNone:
            return {};
        case KeyProblem::kEmpty:
            return "Object key must not be empty.";
        case KeyProblem::kTooLong:
            return "Your key is too long";
        case KeyProblem::kNotUtf8:
            return "Object key is not valid UTF-8.";
        case KeyProblem::kControlNul:
            return "Object key must not contain NUL characters.";
        case KeyProblem::kTraversal:
            return "Object key must not start with '/' or contain '..' path segments.";
    }
    return {};
}

S3Path split_s3_path(std::string_view path) {
    S3Path out;
    if (path.starts_with('/')) {
        path.remove_prefix(1);
    }
    std::size_t slash = path.find('/');
    if (slash == std::string_view::npos) {
        out.bucket = std::string(path);
        return out;
    }
    out.bucket = std::string(path.substr(0, slash));
    out.key = std::string(path.substr(slash + 1));
    return out;
}

}  // namespace tripline::api::services::s3
