// Decoding of S3 `Content-Encoding: aws-chunked` bodies (aws-api.md §6 "Payload variants"):
//
//   signed   (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]):
//     chunk = hex-size ";chunk-signature=" 64HEX CRLF bytes CRLF     ; last chunk has size 0
//   unsigned (STREAMING-UNSIGNED-PAYLOAD-TRAILER):
//     chunk = hex-size CRLF bytes CRLF
//   after the zero-size chunk: *( trailer-name ":" value CRLF )
//     [ "x-amz-trailer-signature:" 64HEX CRLF ]   ; signed variant with trailer only
//     CRLF
//
// Each signed chunk's signature is HMAC(signing key, "AWS4-HMAC-SHA256-PAYLOAD\n" date "\n" scope
// "\n" previous-signature "\n" hex(SHA-256("")) "\n" hex(SHA-256(bytes))), chained from the seed
// (the request's own) signature; the trailer signature is HMAC over "AWS4-HMAC-SHA256-TRAILER\n"
// date "\n" scope "\n" previous-signature "\n" hex(SHA-256(trailer lines "name:value\n")).
// Bounded: chunk header and trailer lines ≤ 4 KiB, ≤ 16 trailers, sizes within the body.
// Thread-safety: pure function. Errors: Errc::kUnauthenticated for a chunk or trailer signature
// that does not match; Errc::kInvalidArgument for broken framing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/sha256.h"

namespace tripline::api::auth {

inline constexpr std::string_view kStreamingSignedPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kStreamingSignedPayloadTrailer =
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
inline constexpr std::string_view kStreamingUnsignedPayloadTrailer =
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

// What the chunk signatures chain from; absent for the unsigned variant.
struct ChunkSignatureChain {
    Sha256Digest signing_key{};
    std::string amz_date;          // the request's X-Amz-Date
    std::string credential_scope;  // "YYYYMMDD/region/service/aws4_request"
    std::string seed_signature;    // the request's own signature
};

struct DecodedChunkedBody {
    std::string payload;
    std::vector<std::pair<std::string, std::string>> trailers;  // names lower-cased
};

// `chain` null → unsigned chunks; `trailer_signed` → the signed variant ends with
// x-amz-trailer-signature.
Result<DecodedChunkedBody> decode_aws_chunked(std::string_view body,
                                              const ChunkSignatureChain* chain,
                                              bool trailer_signed);

}  // namespace tripline::api::auth
