#include "api/auth/chunked_payload.h"

#include <algorithm>
#include <cctype>

namespace tripline::api::auth {
namespace {

constexpr std::size_t kMaxLineBytes = 4096;
constexpr std::size_t kMaxTrailers = 16;
constexpr std::string_view kChunkSignature = ";chunk-signature=";
constexpr std::string_view kTrailerSignature = "x-amz-trailer-signature";

Error framing(std::string message) {
    return make_error(Errc::kInvalidArgument, "aws-chunked body: " + std::move(message));
}

// Reads one CRLF-terminated line starting at `pos`; advances pos past the CRLF.
Result<std::string_view> read_line(std::string_view body, std::size_t& pos) {
    std::size_t end = body.find("\r\n", pos);
    if (end == std::string_view::npos) {
        return framing("a line is not terminated by CRLF");
    }
    if (end - pos > kMaxLineBytes) {
        return framing("a line is longer than 4096 bytes");
    }
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 2;
    return line;
}

Result<std::size_t> parse_hex_size(std::string_view text) {
    if (text.empty() || text.size() > 15) {
        return framing("a chunk size is empty or too long");
    }
    std::size_t size = 0;
    for (char c : text) {
        int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                            : -1;
        if (v < 0) {
            return framing("a chunk size is not hexadecimal");
        }
        size = size * 16 + static_cast<std::size_t>(v);
    }
    return size;
}

std::string chunk_string_to_sign(const ChunkSignatureChain& chain,
                                 std::string_view algorithm,
                                 std::string_view previous,
                                 std::string_view middle,
                                 std::string_view data_hash) {
    std::string sts(algorithm);
    sts += '\n';
    sts += chain.amz_date;
    sts += '\n';
    sts += chain.credential_scope;
    sts += '\n';
    sts += previous;
    sts += '\n';
    if (!middle.empty()) {
        sts += middle;
        sts += '\n';
    }
    sts += data_hash;
    return sts;
}

}  // namespace

Result<DecodedChunkedBody> decode_aws_chunked(std::string_view body,
                                              const ChunkSignatureChain* chain,
                                              bool trailer_signed) {
    DecodedChunkedBody out;
    std::string previous = chain ? chain->seed_signature : std::string();
    std::size_t pos = 0;
    std::size_t chunk_index = 0;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string_view header, read_line(body, pos));
        std::string_view size_text = header;
        std::string_view signature;
        std::size_t semi = header.find(';');
        if (chain != nullptr) {
            if (semi == std::string_view::npos ||
                header.substr(semi, kChunkSignature.size()) != kChunkSignature) {
                return framing("chunk " + std::to_string(chunk_index) +
                               " has no ';chunk-signature='");
            }
            size_text = header.substr(0, semi);
            signature = header.substr(semi + kChunkSignature.size());
            if (signature.size() != 64) {
                return framing("chunk " + std::to_string(chunk_index) +
                               " has a signature that is not 64 hex digits");
            }
        } else if (semi != std::string_view::npos) {
            size_text = header.substr(0, semi);  // unsigned chunks may carry extensions; ignore
        }
        TRIPLINE_ASSIGN_OR_RETURN(std::size_t size, parse_hex_size(size_text));
        if (size > body.size() - pos) {
            return framing("chunk " + std::to_string(chunk_index) + " claims " +
                           std::to_string(size) + " bytes but the body ends first");
        }
        std::string_view data = body.substr(pos, size);
        pos += size;
        if (chain != nullptr) {
            std::string sts = chunk_string_to_sign(
                *chain, "AWS4-HMAC-SHA256-PAYLOAD", previous, kEmptySha256Hex, sha256_hex(data));
            std::string expected = hmac_sha256_hex(chain->signing_key, sts);
            if (!constant_time_equal(expected, signature)) {
                return make_error(
                    Errc::kUnauthenticated,
                    "the signature of chunk " + std::to_string(chunk_index) + " does not match");
            }
            previous = std::move(expected);
        }
        if (size == 0) {
            break;
        }
        if (body.substr(pos, 2) != "\r\n") {
            return framing("chunk " + std::to_string(chunk_index) + " is not followed by CRLF");
        }
        pos += 2;
        out.payload.append(data);
        ++chunk_index;
    }
    // Trailers (possibly none) up to the empty line.
    std::string trailer_text;
    std::string trailer_signature;
    while (true) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string_view line, read_line(body, pos));
        if (line.empty()) {
            break;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            return framing("a trailer line has no 'name:'");
        }
        std::string name(line.substr(0, colon));
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
            return static_cast<char>(std::tolower(c));
        });
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
            value.remove_prefix(1);
        }
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
            value.remove_suffix(1);
        }
        if (name == kTrailerSignature) {
            if (!trailer_signature.empty()) {
                return framing("x-amz-trailer-signature appears twice");
            }
            trailer_signature = std::string(value);
            continue;
        }
        if (!trailer_signature.empty()) {
            return framing("a trailer follows x-amz-trailer-signature");
        }
        if (out.trailers.size() == kMaxTrailers) {
            return framing("more than 16 trailers");
        }
        trailer_text += name + ":" + std::string(value) + "\n";
        out.trailers.emplace_back(std::move(name), std::string(value));
    }
    if (pos != body.size()) {
        return framing("bytes follow the final chunk");
    }
    if (chain != nullptr && trailer_signed) {
        if (trailer_signature.empty()) {
            return framing("the trailer has no x-amz-trailer-signature");
        }
        std::string sts = chunk_string_to_sign(
            *chain, "AWS4-HMAC-SHA256-TRAILER", previous, {}, sha256_hex(trailer_text));
        if (!constant_time_equal(hmac_sha256_hex(chain->signing_key, sts), trailer_signature)) {
            return make_error(Errc::kUnauthenticated, "the trailer signature does not match");
        }
    } else if (!trailer_signature.empty()) {
        return framing("x-amz-trailer-signature sent for a payload without signed trailers");
    }
    return out;
}

}  // namespace tripline::api::auth
