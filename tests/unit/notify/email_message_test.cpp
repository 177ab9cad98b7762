#include "notify/email_message.h"

#include <gtest/gtest.h>

#include <random>

namespace tripline::notify {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find("\r\n", pos);
        if (end == std::string::npos) {
            lines.push_back(text.substr(pos));
            break;
        }
        lines.push_back(text.substr(pos, end - pos));
        pos = end + 2;
    }
    return lines;
}

void expect_valid_qp(const std::string& encoded) {
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (encoded[i] == '\n') {
            EXPECT_TRUE(i > 0 && encoded[i - 1] == '\r') << "bare LF at " << i;
        }
    }
    for (const std::string& line : lines_of(encoded)) {
        EXPECT_LE(line.size(), 76u) << line;
        if (!line.empty()) {
            EXPECT_NE(line.back(), ' ') << "unescaped trailing space: " << line;
            EXPECT_NE(line.back(), '\t') << "unescaped trailing tab: " << line;
        }
        EXPECT_NE(line, ".");
        for (unsigned char c : line) {
            EXPECT_TRUE(c == '\t' || (c >= 32 && c <= 126)) << "raw byte " << int(c);
        }
    }
}

TEST(QuotedPrintable, ShortAsciiIsUnchangedAndLineBreaksBecomeCrlf) {
    EXPECT_EQ(quoted_printable_encode("Hello world!\nsecond"), "Hello world!\r\nsecond");
    EXPECT_EQ(quoted_printable_encode("a\r\nb\n"), "a\r\nb\r\n");
    EXPECT_EQ(quoted_printable_encode(""), "");
}

TEST(QuotedPrintable, EscapesEqualsAndNonAscii) {
    EXPECT_EQ(quoted_printable_encode("a=b"), "a=3Db");
    EXPECT_EQ(quoted_printable_encode("caf\xC3\xA9"), "caf=C3=A9");
    EXPECT_EQ(quoted_printable_encode("x\ry"), "x=0Dy");  // a lone CR is data, not a break
}

TEST(QuotedPrintable, EscapesWhitespaceBeforeALineBreak) {
    EXPECT_EQ(quoted_printable_encode("end \nnext\t"), "end=20\r\nnext=09");
    EXPECT_EQ(quoted_printable_encode("a b"), "a b");
}

TEST(QuotedPrintable, EscapesALeadingDot) {
    EXPECT_EQ(quoted_printable_encode(".\nx.y\n..z"), "=2E\r\nx.y\r\n=2E.z");
}

TEST(QuotedPrintable, SoftBreaksKeepLinesWithin76) {
    std::string line(200, 'a');
    std::string encoded = quoted_printable_encode(line);
    auto lines = lines_of(encoded);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], std::string(75, 'a') + "=");
    EXPECT_EQ(lines[1], std::string(75, 'a') + "=");
    EXPECT_EQ(lines[2], std::string(50, 'a'));
    EXPECT_EQ(quoted_printable_decode(encoded), line);
    // Exactly 76 characters fit without a soft break.
    EXPECT_EQ(quoted_printable_encode(std::string(76, 'b')), std::string(76, 'b'));
    EXPECT_EQ(quoted_printable_encode(std::string(77, 'b')), std::string(75, 'b') + "=\r\nbb");
}

TEST(QuotedPrintable, NeverSplitsAnEscapeOrACharacter) {
    // 74 ASCII then "é" (=C3=A9, 6 characters): the character moves whole to the next line.
    std::string text = std::string(74, 'a') + "\xC3\xA9" + "z";
    std::string encoded = quoted_printable_encode(text);
    auto lines = lines_of(encoded);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], std::string(74, 'a') + "=");
    EXPECT_EQ(lines[1], "=C3=A9z");
    expect_valid_qp(encoded);
}

TEST(QuotedPrintable, DotAfterASoftBreakIsEscaped) {
    std::string text = std::string(75, 'a') + ".b";
    std::string encoded = quoted_printable_encode(text);
    EXPECT_EQ(lines_of(encoded)[1], "=2Eb");
    EXPECT_EQ(quoted_printable_decode(encoded), text);
}

TEST(QuotedPrintable, RandomTextRoundTrips) {
    std::mt19937 rng(42);
    const std::string alphabet = std::string("ab =.\t\n\r-") + "\xC3\xA9" + "\xE2\x82\xAC";
    for (int round = 0; round < 500; ++round) {
        std::string text;
        std::size_t length = rng() % 400;
        for (std::size_t i = 0; i < length; ++i) {
            text += alphabet[rng() % alphabet.size()];
        }
        std::string encoded = quoted_printable_encode(text);
        expect_valid_qp(encoded);
        // Decoding gives the text with CRLF and LF both as LF (lone CRs survive as =0D).
        std::string expected;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                continue;
            }
            expected += text[i];
        }
        ASSERT_EQ(quoted_printable_decode(encoded), expected) << "round " << round;
    }
}

TEST(EncodeHeaderText, AsciiStaysAndNonAsciiBecomesEncodedWords) {
    EXPECT_EQ(encode_header_text("AWS Notification Message"), "AWS Notification Message");
    EXPECT_EQ(encode_header_text("Alarme d\xC3\xA9"
                                 "clench\xC3\xA9"),
              "=?UTF-8?B?QWxhcm1lIGTDqWNsZW5jaMOp?=");
}

TEST(EncodeHeaderText, LongTextIsFoldedIntoShortWordsOnCharacterBoundaries) {
    std::string text;
    for (int i = 0; i < 40; ++i) {
        text += "\xE2\x82\xAC";  // € (3 bytes)
    }
    std::string encoded = encode_header_text(text);
    auto lines = lines_of(encoded);
    ASSERT_GT(lines.size(), 1u);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string word = i == 0 ? lines[i] : lines[i].substr(1);
        EXPECT_EQ(lines[i].front(), i == 0 ? '=' : ' ');
        EXPECT_LE(word.size(), 75u);
        EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?="));
    }
}

TEST(EmailAddress, AcceptsOrdinaryAddresses) {
    EXPECT_TRUE(is_valid_email_address("secops@example.com"));
    EXPECT_TRUE(is_valid_email_address("first.last+tag@mail.example.co.uk"));
    EXPECT_TRUE(is_valid_email_address("root@localhost"));
    EXPECT_TRUE(is_valid_email_address("ops@[192.0.2.1]"));
}

TEST(EmailAddress, RefusesAnythingThatCouldInjectHeadersOrRecipients) {
    for (const char* bad : {"",
                            "no-at-sign",
                            "@example.com",
                            "a@",
                            "a@b@example.com",
                            "a,b@example.com",
                            "a@example.com,b@example.com",
                            "<a@example.com>",
                            "a@example.com\r\nBcc: x@example.com",
                            "a@example.com\n",
                            "a b@example.com",
                            "\"quoted\"@example.com",
                            ".a@example.com",
                            "a.@example.com",
                            "a..b@example.com",
                            "a@-example.com",
                            "a@example..com",
                            "a@[300.1.1.1]",
                            "j\xC3\xBCrgen@example.com"}) {
        EXPECT_FALSE(is_valid_email_address(bad)) << bad;
    }
    EXPECT_FALSE(is_valid_email_address(std::string(65, 'a') + "@example.com"));
}

EmailMessage sample() {
    EmailMessage m;
    m.to = "secops@example.com";
    m.subject = "AWS Notification Message";
    m.body = "Hello world!\n";
    m.date = TimePoint{std::chrono::seconds{1'795'784'400}};  // 2026-11-27T13:00:00Z, a Friday
    m.message_id = "<22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324@sns.amazonaws.com>";
    return m;
}

TEST(RenderEmail, WritesSnsHeadersWithCrlf) {
    auto text = render_email(sample());
    ASSERT_TRUE(text.has_value()) << text.error().message;
    EXPECT_EQ(*text,
              "Date: Fri, 27 Nov 2026 13:00:00 +0000\r\n"
              "From: AWS Notifications <no-reply@sns.amazonaws.com>\r\n"
              "To: secops@example.com\r\n"
              "Subject: AWS Notification Message\r\n"
              "Message-ID: <22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324@sns.amazonaws.com>\r\n"
              "MIME-Version: 1.0\r\n"
              "Content-Type: text/plain; charset=UTF-8\r\n"
              "Content-Transfer-Encoding: quoted-printable\r\n"
              "\r\n"
              "Hello world!\r\n");
}

TEST(RenderEmail, HtmlConfirmationsUseSnsContentType) {
    EmailMessage m = sample();
    m.content_type = EmailContentType::kHtml;
    m.body = "<html></html>";
    auto text = render_email(m);
    ASSERT_TRUE(text.has_value());
    EXPECT_NE(text->find("Content-Type: text/html; charset=\"utf-8\"\r\n"), std::string::npos);
    EXPECT_TRUE(text->ends_with("\r\n\r\n<html></html>\r\n"));
}

TEST(RenderEmail, RefusesSubjectsThatWouldInjectHeaders) {
    for (const char* subject :
         {"Hi\r\nBcc: victim@example.com", "Hi\nX: y", "Hi\rX", "tab\there"}) {
        EmailMessage m = sample();
        m.subject = subject;
        auto text = render_email(m);
        ASSERT_FALSE(text.has_value()) << subject;
        EXPECT_EQ(text.error().code, Errc::kInvalidArgument);
    }
    EmailMessage m = sample();
    m.to = "a@example.com\r\nBcc: b@example.com";
    EXPECT_FALSE(render_email(m).has_value());
}

TEST(RenderEmail, EncodesNonAsciiSubjectAndDisplayName) {
    EmailMessage m = sample();
    m.subject =
        "Alerte s\xC3\xA9"
        "curit\xC3\xA9";
    m.from_display_name =
        "S\xC3\xA9"
        "curit\xC3\xA9";
    auto text = render_email(m);
    ASSERT_TRUE(text.has_value());
    EXPECT_NE(text->find("Subject: =?UTF-8?B?QWxlcnRlIHPDqWN1cml0w6k=?=\r\n"), std::string::npos);
    EXPECT_NE(text->find("From: =?UTF-8?B?U8OpY3VyaXTDqQ==?= <no-reply@sns.amazonaws.com>\r\n"),
              std::string::npos);
}

TEST(RenderEmail, DisplayNameOfATopicReplacesTheDisplayPart) {
    EmailMessage m = sample();
    m.from_display_name = "SecOps Alerts";
    EXPECT_NE(render_email(m)->find("From: SecOps Alerts <no-reply@sns.amazonaws.com>\r\n"),
              std::string::npos);
    m.from_display_name = "Ops, \"Tier 1\"";  // specials: a quoted-string
    EXPECT_NE(render_email(m)->find("From: \"Ops, \\\"Tier 1\\\"\" <no-reply@"), std::string::npos);
    m.from_display_name = "Evil\r\nBcc: x@example.com";  // control characters become spaces
    auto text = render_email(m);
    EXPECT_NE(text->find("From: \"Evil  Bcc: x@example.com\" <no-reply@"), std::string::npos);
    EXPECT_EQ(text->find("\r\nBcc:"), std::string::npos);
}

TEST(RenderEmail, LongAsciiSubjectIsFoldedAtSpaces) {
    EmailMessage m = sample();
    m.subject =
        "ALARM: \"a-rather-long-alarm-name-for-root-account-usage\" in US East (N. Virginia)";
    auto text = render_email(m);
    ASSERT_TRUE(text.has_value());
    std::size_t start = text->find("Subject: ");
    std::size_t end = text->find("\r\nMessage-ID:");
    std::string header = text->substr(start, end - start);
    EXPECT_NE(header.find("\r\n "), std::string::npos);
    for (const std::string& line : lines_of(header)) {
        EXPECT_LE(line.size(), 78u);
    }
    std::string unfolded = header;
    for (std::size_t p; (p = unfolded.find("\r\n")) != std::string::npos;) {
        unfolded.erase(p, 2);
    }
    EXPECT_EQ(unfolded, "Subject: " + m.subject);
}

TEST(RenderEmail, MakesUpAMessageIdWhenNoneIsGiven) {
    EmailMessage m = sample();
    m.message_id.clear();
    auto text = render_email(m);
    ASSERT_TRUE(text.has_value());
    EXPECT_NE(text->find("@sns.amazonaws.com>\r\n"), std::string::npos);
    m.message_id = "<a\r\nb@x>";
    EXPECT_FALSE(render_email(m).has_value());
}

TEST(Rfc5322Date, FormatsInUtc) {
    EXPECT_EQ(format_rfc5322_date(TimePoint{std::chrono::seconds{0}}),
              "Thu, 01 Jan 1970 00:00:00 +0000");
}

}  // namespace
}  // namespace tripline::notify
