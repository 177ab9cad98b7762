#include "notify/email_message.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <ctime>

#include "base/encoding.h"
#include "base/uuid.h"

namespace tripline::notify {

namespace {

constexpr std::size_t kMaxQpLine = 76;  // RFC 2045 §6.7 rule 5
// Bytes per encoded-word: "Subject: " + "=?UTF-8?B?" + base64(39 bytes = 52 chars) + "?=" stays
// within 76 characters, so even the first line of a folded header is short.
constexpr std::size_t kEncodedWordBytes = 39;

bool is_printable_ascii(std::string_view text) {
    for (unsigned char c : text) {
        if (c < 0x20 || c > 0x7E) {
            return false;
        }
    }
    return true;
}

bool has_control(std::string_view text) {
    for (unsigned char c : text) {
        if (c < 0x20 || c == 0x7F) {
            return true;
        }
    }
    return false;
}

bool is_atext(unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) !=
           std::string_view::npos;
}

// Length of the UTF-8 sequence starting at text[i]; 1 for a stray byte so nothing is lost.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t n = lead < 0x80           ? 1
                    : (lead >> 5) == 0x6  ? 2
                    : (lead >> 4) == 0xE  ? 3
                    : (lead >> 3) == 0x1E ? 4
                                          : 1;
    if (i + n > text.size()) {
        return 1;
    }
    for (std::size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
            return 1;
        }
    }
    return n;
}

void append_hex_escape(std::string& out, unsigned char c) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    out += '=';
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
}

// "Name: value" folded at spaces of the value so lines stay within 78 characters where possible
// (RFC 5322 §2.2.3); a word longer than that stays whole. For ASCII unstructured values.
std::string fold_header(std::string_view name, std::string_view value) {
    constexpr std::size_t kLimit = 78;
    std::string out = std::string(name) + ": ";
    std::size_t column = out.size();
    std::string_view rest = value;
    while (column + rest.size() > kLimit) {
        std::size_t budget = kLimit - column;
        std::size_t cut = rest.rfind(' ', budget);
        if (cut == std::string_view::npos || cut == 0) {
            cut = rest.find(' ', 1);
            if (cut == std::string_view::npos) {
                break;
            }
        }
        out.append(rest.substr(0, cut));
        out += "\r\n";
        rest.remove_prefix(cut);  // the space starts the continuation line
        column = 0;
    }
    out.append(rest);
    return out;
}

std::string display_phrase(std::string_view name) {
    std::string clean;
    for (unsigned char c : name) {
        clean += (c < 0x20 || c == 0x7F) ? ' ' : static_cast<char>(c);
    }
    if (!is_printable_ascii(clean)) {
        return encode_header_text(clean);
    }
    bool plain_phrase = !clean.empty() && clean.front() != ' ' && clean.back() != ' ';
    for (unsigned char c : clean) {
        if (c != ' ' && !is_atext(c)) {
            plain_phrase = false;
        }
    }
    if (plain_phrase) {
        return clean;
    }
    std::string quoted = "\"";
    for (char c : clean) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
        }
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

bool valid_domain(std::string_view domain) {
    if (domain.size() >= 2 && domain.front() == '[' && domain.back() == ']') {
        std::string_view ip = domain.substr(1, domain.size() - 2);
        int parts = 0;
        while (true) {
            std::size_t dot = ip.find('.');
            std::string_view part = ip.substr(0, dot);
            if (part.empty() || part.size() > 3) {
                return false;
            }
            int value = 0;
            for (char c : part) {
                if (c < '0' || c > '9') {
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            if (value > 255) {
                return false;
            }
            ++parts;
            if (dot == std::string_view::npos) {
                break;
            }
            ip.remove_prefix(dot + 1);
        }
        return parts == 4;
    }
    if (domain.empty() || domain.size() > 253) {
        return false;
    }
    while (true) {
        std::size_t dot = domain.find('.');
        std::string_view label = domain.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        for (unsigned char c : label) {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-';
            if (!ok) {
                return false;
            }
        }
        if (dot == std::string_view::npos) {
            return true;
        }
        domain.remove_prefix(dot + 1);
    }
}

std::string domain_of(std::string_view address) {
    std::size_t at = address.rfind('@');
    return at == std::string_view::npos ? std::string("localhost")
                                        : std::string(address.substr(at + 1));
}

}  // namespace

bool is_valid_email_address(std::string_view address) {
    if (address.size() > 254) {
        return false;
    }
    std::size_t at = address.rfind('@');
    if (at == std::string_view::npos || at == 0 || at > 64) {
        return false;
    }
    std::string_view local = address.substr(0, at);
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
        return false;
    }
    for (unsigned char c : local) {
        if (c != '.' && !is_atext(c)) {
            return false;
        }
    }
    return valid_domain(address.substr(at + 1));
}

std::string encode_header_text(std::string_view text) {
    if (is_printable_ascii(text)) {
        return std::string(text);
    }
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = i;
        while (end < text.size()) {
            std::size_t n = utf8_length(text, end);
            if (end - i + n > kEncodedWordBytes) {
                break;
            }
            end += n;
        }
        if (!out.empty()) {
            out += "\r\n ";
        }
        out += "=?UTF-8?B?" + base64_encode(text.substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

std::string quoted_printable_encode(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        bool terminated = nl != std::string_view::npos;
        std::string_view line = text.substr(pos, terminated ? nl - pos : std::string_view::npos);
        if (terminated && !line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        std::size_t column = 0;
        std::size_t i = 0;
        while (i < line.size()) {
            std::size_t n = utf8_length(line, i);
            auto c = static_cast<unsigned char>(line[i]);
            bool last = i + n == line.size();
            std::string token;
            bool literal =
                n == 1 && ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last));
            if (literal && c == '.' && column == 0) {
                literal = false;  // "." alone on a line would end SMTP DATA
            }
            if (literal) {
                token = static_cast<char>(c);
            } else {
                for (std::size_t k = 0; k < n; ++k) {
                    append_hex_escape(token, static_cast<unsigned char>(line[i + k]));
                }
            }
            // Room for the token, and for a soft-break "=" unless it ends the line.
            std::size_t limit = last ? kMaxQpLine : kMaxQpLine - 1;
            if (column + token.size() > limit) {
                out += "=\r\n";
                column = 0;
                if (token == ".") {
                    token = "=2E";
                }
            }
            out += token;
            column += token.size();
            i += n;
        }
        if (!terminated) {
            break;
        }
        out += "\r\n";
        pos = nl + 1;
    }
    return out;
}

std::string quoted_printable_decode(std::string_view encoded) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        char c = encoded[i];
        if (c == '=') {
            if (encoded.substr(i + 1, 2) == "\r\n") {
                i += 2;
                continue;
            }
            if (encoded.substr(i + 1, 1) == "\n") {
                i += 1;
                continue;
            }
            if (i + 2 < encoded.size() && hex(encoded[i + 1]) >= 0 && hex(encoded[i + 2]) >= 0) {
                out += static_cast<char>(hex(encoded[i + 1]) * 16 + hex(encoded[i + 2]));
                i += 2;
                continue;
            }
        }
        if (c == '\r' && encoded.substr(i + 1, 1) == "\n") {
            continue;
        }
        out += c;
    }
    return out;
}

std::string format_rfc5322_date(TimePoint time) {
    static constexpr std::array<const char*, 7> kDays = {
        "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[64];
    std::snprintf(buffer,
                  sizeof buffer,
                  "%s, %02d %s %04d %02d:%02d:%02d +0000",
                  kDays[static_cast<std::size_t>(tm.tm_wday)],
                  tm.tm_mday,
                  kMonths[static_cast<std::size_t>(tm.tm_mon)],
                  tm.tm_year + 1900,
                  tm.tm_hour,
                  tm.tm_min,
                  tm.tm_sec);
    return buffer;
}

Result<std::string> render_email(const EmailMessage& m) {
    if (!is_valid_email_address(m.from_address)) {
        return make_error(Errc::kInvalidArgument, "invalid From address '" + m.from_address + "'");
    }
    if (!is_valid_email_address(m.to)) {
        return make_error(Errc::kInvalidArgument, "invalid e-mail address '" + m.to + "'");
    }
    if (has_control(m.subject)) {
        return make_error(Errc::kInvalidArgument,
                          "e-mail subject contains a line break or control character");
    }
    std::string message_id = m.message_id;
    if (message_id.empty()) {
        message_id = "<" + make_uuid() + "@" + domain_of(m.from_address) + ">";
    } else if (has_control(message_id) || message_id.front() != '<' || message_id.back() != '>' ||
               !is_printable_ascii(message_id)) {
        return make_error(Errc::kInvalidArgument, "invalid Message-ID '" + message_id + "'");
    }

    std::string out;
    out += "Date: " + format_rfc5322_date(m.date) + "\r\n";
    std::string from = m.from_display_name.empty()
                           ? m.from_address
                           : display_phrase(m.from_display_name) + " <" + m.from_address + ">";
    out += "From: " + from + "\r\n";
    out += "To: " + m.to + "\r\n";
    std::string subject = encode_header_text(m.subject);
    out += is_printable_ascii(m.subject) ? fold_header("Subject", subject) : "Subject: " + subject;
    out += "\r\n";
    out += "Message-ID: " + message_id + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += m.content_type == EmailContentType::kHtml
               ? "Content-Type: text/html; charset=\"utf-8\"\r\n"  // as SNS's own mails (sns.md §4)
               : "Content-Type: text/plain; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: quoted-printable\r\n";
    out += "\r\n";
    std::string body = quoted_printable_encode(m.body);
    out += body;
    if (body.size() < 2 || body.compare(body.size() - 2, 2, "\r\n") != 0) {
        out += "\r\n";
    }
    return out;
}

}  // namespace tripline::notify
