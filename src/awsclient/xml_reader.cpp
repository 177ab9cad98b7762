#include "awsclient/xml_reader.h"

#include <cstdint>

#include "base/text_position.h"

namespace tripline::awsclient {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_name_char(char c) {
    return !is_space(c) && c != '/' && c != '>' && c != '=' && c != '<' && c != '"' && c != '\'';
}

std::string_view local_name(std::string_view qname) {
    std::size_t colon = qname.rfind(':');
    return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

class Parser {
public:
    Parser(std::string_view doc, const XmlLimits& limits) : doc_(doc), limits_(limits) {}

    Result<XmlElement> parse_document() {
        if (doc_.size() > limits_.max_bytes) {
            return make_error(
                Errc::kLimitExceeded,
                "XML document is larger than " + std::to_string(limits_.max_bytes) + " bytes");
        }
        if (doc_.substr(0, 3) == "\xEF\xBB\xBF") {
            pos_ = 3;
        }
        TRIPLINE_TRY(skip_misc());
        if (pos_ >= doc_.size() || doc_[pos_] != '<') {
            return fail("expected the root element");
        }
        XmlElement root;
        TRIPLINE_TRY(parse_element(root, 1));
        TRIPLINE_TRY(skip_misc());
        if (pos_ != doc_.size()) {
            return fail("content after the root element");
        }
        return root;
    }

private:
    Error fail(const std::string& what) const {
        TextPosition p = position_at(doc_, pos_);
        return make_error(Errc::kInvalidArgument,
                          "malformed XML at line " + std::to_string(p.line) + ", column " +
                              std::to_string(p.column) + ": " + what);
    }

    bool starts(std::string_view prefix) const {
        return doc_.substr(pos_, prefix.size()) == prefix;
    }

    void skip_spaces() {
        while (pos_ < doc_.size() && is_space(doc_[pos_])) {
            ++pos_;
        }
    }

    Status skip_past(std::string_view terminator, const char* what) {
        std::size_t end = doc_.find(terminator, pos_);
        if (end == std::string_view::npos) {
            return fail(std::string("unterminated ") + what);
        }
        pos_ = end + terminator.size();
        return ok_status();
    }

    // Whitespace, comments, processing instructions (incl. the XML declaration).
    Status skip_misc() {
        for (;;) {
            skip_spaces();
            if (starts("<?")) {
                TRIPLINE_TRY(skip_past("?>", "processing instruction"));
            } else if (starts("<!--")) {
                TRIPLINE_TRY(skip_past("-->", "comment"));
            } else if (starts("<!")) {
                return fail("DOCTYPE and other declarations are not accepted");
            } else {
                return ok_status();
            }
        }
    }

    // Appends raw text with references decoded and line ends normalised.
    Status decode_into(std::string_view raw, std::string& out) {
        for (std::size_t i = 0; i < raw.size(); ++i) {
            char c = raw[i];
            if (c == '\r') {
                out.push_back('\n');
                if (i + 1 < raw.size() && raw[i + 1] == '\n') {
                    ++i;
                }
                continue;
            }
            if (c != '&') {
                out.push_back(c);
                continue;
            }
            std::size_t semi = raw.find(';', i);
            if (semi == std::string_view::npos || semi - i > 12) {
                return fail("unterminated character reference");
            }
            std::string_view ref = raw.substr(i + 1, semi - i - 1);
            if (ref == "lt") {
                out.push_back('<');
            } else if (ref == "gt") {
                out.push_back('>');
            } else if (ref == "amp") {
                out.push_back('&');
            } else if (ref == "quot") {
                out.push_back('"');
            } else if (ref == "apos") {
                out.push_back('\'');
            } else if (ref.size() >= 2 && ref[0] == '#') {
                bool hex = ref[1] == 'x';
                std::string_view digits = ref.substr(hex ? 2 : 1);
                if (digits.empty()) {
                    return fail("empty character reference");
                }
                std::uint32_t cp = 0;
                for (char d : digits) {
                    int v = -1;
                    if (d >= '0' && d <= '9') {
                        v = d - '0';
                    } else if (hex && d >= 'a' && d <= 'f') {
                        v = d - 'a' + 10;
                    } else if (hex && d >= 'A' && d <= 'F') {
                        v = d - 'A' + 10;
                    }
                    if (v < 0) {
                        return fail("bad character reference");
                    }
                    cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
                    if (cp > 0x10FFFF) {
                        return fail("character reference out of range");
                    }
                }
                if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    return fail("character reference to an invalid code point");
                }
                append_utf8(out, cp);
            } else {
                return fail("unknown entity '&" + std::string(ref) + ";'");
            }
            i = semi;
        }
        return ok_status();
    }

    Result<std::string> read_name() {
        std::size_t start = pos_;
        while (pos_ < doc_.size() && is_name_char(doc_[pos_])) {
            ++pos_;
        }
        if (pos_ == start) {
            return fail("expected a name");
        }
        return std::string(doc_.substr(start, pos_ - start));
    }

    Status parse_attributes(XmlElement& element) {
        for (;;) {
            skip_spaces();
            if (pos_ >= doc_.size()) {
                return fail("unterminated start tag");
            }
            if (doc_[pos_] == '>' || starts("/>")) {
                return ok_status();
            }
            TRIPLINE_ASSIGN_OR_RETURN(std::string name, read_name());
            skip_spaces();
            if (pos_ >= doc_.size() || doc_[pos_] != '=') {
                return fail("attribute without a value");
            }
            ++pos_;
            skip_spaces();
            if (pos_ >= doc_.size() || (doc_[pos_] != '"' && doc_[pos_] != '\'')) {
                return fail("attribute value is not quoted");
            }
            char quote = doc_[pos_++];
            std::size_t end = doc_.find(quote, pos_);
            if (end == std::string_view::npos) {
                return fail("unterminated attribute value");
            }
            std::string value;
            TRIPLINE_TRY(decode_into(doc_.substr(pos_, end - pos_), value));
            pos_ = end + 1;
            element.attributes.emplace_back(std::string(local_name(name)), std::move(value));
        }
    }

    Status parse_element(XmlElement& element, std::size_t depth) {
        if (depth > limits_.max_depth) {
            return make_error(Errc::kLimitExceeded,
                              "XML nesting deeper than " + std::to_string(limits_.max_depth));
        }
        if (++elements_ > limits_.max_elements) {
            return make_error(
                Errc::kLimitExceeded,
                "XML document has more than " + std::to_string(limits_.max_elements) + " elements");
        }
        ++pos_;  // '<'
        TRIPLINE_ASSIGN_OR_RETURN(std::string qname, read_name());
        element.name = std::string(local_name(qname));
        TRIPLINE_TRY(parse_attributes(element));
        if (starts("/>")) {
            pos_ += 2;
            return ok_status();
        }
        ++pos_;  // '>'
        for (;;) {
            if (pos_ >= doc_.size()) {
                return fail("element <" + qname + "> is not closed");
            }
            if (starts("</")) {
                pos_ += 2;
                TRIPLINE_ASSIGN_OR_RETURN(std::string closing, read_name());
                if (closing != qname) {
                    return fail("</" + closing + "> closes <" + qname + ">");
                }
                skip_spaces();
                if (pos_ >= doc_.size() || doc_[pos_] != '>') {
                    return fail("unterminated end tag");
                }
                ++pos_;
                return ok_status();
            }
            if (starts("<!--")) {
                TRIPLINE_TRY(skip_past("-->", "comment"));
            } else if (starts("<![CDATA[")) {
                pos_ += 9;
                std::size_t end = doc_.find("]]>", pos_);
                if (end == std::string_view::npos) {
                    return fail("unterminated CDATA section");
                }
                element.text.append(doc_.substr(pos_, end - pos_));
                pos_ = end + 3;
            } else if (starts("<?")) {
                TRIPLINE_TRY(skip_past("?>", "processing instruction"));
            } else if (starts("<!")) {
                return fail("declarations are not accepted inside elements");
            } else if (doc_[pos_] == '<') {
                element.children.emplace_back();
                TRIPLINE_TRY(parse_element(element.children.back(), depth + 1));
            } else {
                std::size_t end = doc_.find('<', pos_);
                if (end == std::string_view::npos) {
                    end = doc_.size();
                }
                TRIPLINE_TRY(decode_into(doc_.substr(pos_, end - pos_), element.text));
                pos_ = end;
            }
        }
    }

    std::string_view doc_;
    const XmlLimits& limits_;
    std::size_t pos_ = 0;
    std::size_t elements_ = 0;
};

}  // namespace

const XmlElement* XmlElement::child(std::string_view wanted) const {
    for (const XmlElement& c : children) {
        if (c.name == wanted) {
            return &c;
        }
    }
    return nullptr;
}

std::string XmlElement::child_text(std::string_view wanted) const {
    const XmlElement* c = child(wanted);
    return c != nullptr ? c->text : std::string();
}

std::vector<const XmlElement*> XmlElement::children_named(std::string_view wanted) const {
    std::vector<const XmlElement*> out;
    for (const XmlElement& c : children) {
        if (c.name == wanted) {
            out.push_back(&c);
        }
    }
    return out;
}

Result<XmlElement> parse_xml(std::string_view document, const XmlLimits& limits) {
    return Parser(document, limits).parse_document();
}

}  // namespace tripline::awsclient
