// Receipt handles: what ReceiveMessage hands out and DeleteMessage/ChangeMessageVisibility take
// back. A handle names one receive of one message: the message id and that receive's token,
// encoded as opaque base64 so that clients treat it as SQS's. Every receive gets a new token, so
// an old handle is recognised as stale rather than invalid.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tripline::notify {

struct QueueReceipt {
    std::string message_id;
    std::string token;
};

std::string encode_receipt_handle(std::string_view message_id, std::string_view token);
// nullopt when `handle` is not one that encode_receipt_handle() produced.
std::optional<QueueReceipt> decode_receipt_handle(std::string_view handle);

}  // namespace tripline::notify
