#include "notify/queue_receipt.h"

#include "base/uuid.h"
#include "notify/queue_message_md5.h"

namespace tripline::notify {

namespace {

constexpr std::string_view kPrefix = "tripline-sqs-receipt:1:";

}  // namespace

std::string encode_receipt_handle(std::string_view message_id, std::string_view token) {
    std::string plain(kPrefix);
    plain.append(message_id).append(":").append(token);
    return base64_encode(plain);
}

std::optional<QueueReceipt> decode_receipt_handle(std::string_view handle) {
    if (handle.size() > 1024) {
        return std::nullopt;
    }
    auto plain = base64_decode(handle);
    if (!plain || !plain->starts_with(kPrefix)) {
        return std::nullopt;
    }
    std::string_view rest = std::string_view(*plain).substr(kPrefix.size());
    std::size_t colon = rest.find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    QueueReceipt receipt{std::string(rest.substr(0, colon)), std::string(rest.substr(colon + 1))};
    if (!is_uuid(receipt.message_id) || !is_uuid(receipt.token)) {
        return std::nullopt;
    }
    return receipt;
}

}  // namespace tripline::notify
