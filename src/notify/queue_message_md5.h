// The digests SQS returns so that clients can check what it stored: MD5OfMessageBody (the MD5 of
// the body's UTF-8 bytes) and MD5OfMessageAttributes, computed exactly as AWS documents
// ("Calculating the MD5 message digest for message attributes"): the attributes sorted by name,
// each encoded as
//   4-byte big-endian length + name, 4-byte length + data type,
//   transport type (1 = String/Number, 2 = Binary), 4-byte length + value
// (binary values as their decoded bytes), all fed to one MD5.
// Pure functions; thread-safe. Errors: kInvalidArgument for a Binary value that is not base64.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/encoding.h"  // base64, which Binary attribute values are in
#include "base/result.h"
#include "notify/queue_sender.h"

namespace tripline::notify {

// Lower-case hex MD5 of `data`.
std::string md5_hex(std::string_view data);

// MD5OfMessageAttributes of `attributes` (any order); "" when there are none.
Result<std::string> md5_of_message_attributes(const std::vector<QueueMessageAttribute>& attributes);

}  // namespace tripline::notify
