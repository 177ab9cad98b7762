#include "api/services/s3/s3_xml.h"

#include <cstdint>

#include "json/utf8.h"

namespace tripline::api::services::s3 {

namespace {

class XmlReader {
public:
    explicit XmlReader(std::string_view text) : text_(text) {}

    Result<XmlNode> document() {
        if (text_.starts_with("\xEF\xBB\xBF")) {
            pos_ = 3;
        }
        TRIPLINE_TRY(skip_misc());
        if (pos_ >= text_.size() || text_[pos_] != '<') {
            return fail("expected the root element");
        }
        XmlNode root;
        TRIPLINE_TRY(element(root, 1));
        TRIPLINE_TRY(skip_misc());
        if (pos_ != text_.size()) {
            return fail("unexpected content after the root element");
        }
        return root;
    }

private:
    Error fail_error(std::string_view what) const {
        return Error{Errc::kInvalidArgument,
                     std::string(what) + " at offset " + std::to_string(pos_),
                     std::nullopt};
    }
    Result<XmlNode> fail(std::string_view what) const { return fail_error(what); }
    Status fail_status(std::string_view what) const { return fail_error(what); }

    static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
    static bool is_name_char(char c) {
        return c != '>' && c != '/' && c != '=' && c != '<' && !is_space(c) && c != '"' &&
               c != '\'';
    }

    void skip_space() {
        while (pos_ < text_.size() && is_space(text_[pos_])) {
            ++pos_;
        }
    }

    // Whitespace, comments, processing instructions (the XML declaration) outside elements.
    Status skip_misc() {
        for (;;) {
            skip_space();
            if (text_.substr(pos_).starts_with("<?")) {
                std::size_t end = text_.find("?>", pos_ + 2);
                if (end == std::string_view::npos) {
                    return fail_status("unterminated processing instruction");
                }
                pos_ = end + 2;
            } else if (text_.substr(pos_).starts_with("<!--")) {
                TRIPLINE_TRY(skip_comment());
            } else if (text_.substr(pos_).starts_with("<!")) {
                return fail_status("DOCTYPE declarations are not accepted");
            } else {
                return ok_status();
            }
        }
    }

    Status skip_comment() {
        std::size_t end = text_.find("-->", pos_ + 4);
        if (end == std::string_view::npos) {
            return fail_status("unterminated comment");
        }
        pos_ = end + 3;
        return ok_status();
    }

    std::string name() {
        std::size_t start = pos_;
        while (pos_ < text_.size() && is_name_char(text_[pos_])) {
            ++pos_;
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    static std::string local(std::string qualified) {
        std::size_t colon = qualified.find(':');
        return colon == std::string::npos ? qualified : qualified.substr(colon + 1);
    }

    // Decodes text up to (not including) `stop`, resolving references.
    Status decode_until(char stop, std::string& out) {
        while (pos_ < text_.size() && text_[pos_] != stop) {
            char c = text_[pos_];
            if (c == '&') {
                std::size_t semi = text_.find(';', pos_);
                if (semi == std::string_view::npos || semi - pos_ > 12) {
                    return fail_status("malformed entity reference");
                }
                std::string_view ref = text_.substr(pos_ + 1, semi - pos_ - 1);
                if (ref == "lt") {
                    out += '<';
                } else if (ref == "gt") {
                    out += '>';
                } else if (ref == "amp") {
                    out += '&';
                } else if (ref == "quot") {
                    out += '"';
                } else if (ref == "apos") {
                    out += '\'';
                } else if (ref.size() > 1 && ref[0] == '#') {
                    bool hex = ref[1] == 'x';
                    std::string_view digits = ref.substr(hex ? 2 : 1);
                    if (digits.empty()) {
                        return fail_status("malformed character reference");
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
                            return fail_status("malformed character reference");
                        }
                        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
                        if (cp > 0x10FFFF) {
                            return fail_status("character reference out of range");
                        }
                    }
                    if (cp == 0) {
                        return fail_status("character reference to NUL");
                    }
                    json::append_utf8(out, cp);
                } else {
                    return fail_status("unknown entity reference");
                }
                pos_ = semi + 1;
            } else {
                if (c == '<' && stop != '<') {
                    return fail_status("'<' in an attribute value");
                }
                out += c;
                ++pos_;
            }
        }
        return ok_status();
    }

    Status element(XmlNode& node, std::size_t depth) {
        if (depth > kMaxXmlDepth) {
            return fail_status("document nested too deeply");
        }
        if (++nodes_ > kMaxXmlNodes) {
            return fail_status("too many elements");
        }
        ++pos_;  // '<'
        std::string qualified = name();
        if (qualified.empty()) {
            return fail_status("expected an element name");
        }
        node.name = local(qualified);
        for (;;) {
            skip_space();
            if (pos_ >= text_.size()) {
                return fail_status("unterminated start tag");
            }
            if (text_[pos_] == '/') {
                if (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '>') {
                    return fail_status("expected '>'");
                }
                pos_ += 2;
                return ok_status();
            }
            if (text_[pos_] == '>') {
                ++pos_;
                break;
            }
            std::string attr = name();
            skip_space();
            if (attr.empty() || pos_ >= text_.size() || text_[pos_] != '=') {
                return fail_status("malformed attribute");
            }
            ++pos_;
            skip_space();
            if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\'')) {
                return fail_status("attribute value must be quoted");
            }
            char quote = text_[pos_++];
            std::string value;
            TRIPLINE_TRY(decode_until(quote, value));
            if (pos_ >= text_.size()) {
                return fail_status("unterminated attribute value");
            }
            ++pos_;
            node.attributes.emplace_back(std::move(attr), std::move(value));
        }
        // Content: text, child elements, comments, CDATA, then the end tag.
        for (;;) {
            if (pos_ >= text_.size()) {
                return fail_status("element '" + qualified + "' is not closed");
            }
            if (text_[pos_] != '<') {
                TRIPLINE_TRY(decode_until('<', node.text));
                continue;
            }
            std::string_view rest = text_.substr(pos_);
            if (rest.starts_with("</")) {
                pos_ += 2;
                std::string closing = name();
                skip_space();
                if (closing != qualified || pos_ >= text_.size() || text_[pos_] != '>') {
                    return fail_status("mismatched end tag for '" + qualified + "'");
                }
                ++pos_;
                return ok_status();
            }
            if (rest.starts_with("<!--")) {
                TRIPLINE_TRY(skip_comment());
            } else if (rest.starts_with("<![CDATA[")) {
                std::size_t end = text_.find("]]>", pos_ + 9);
                if (end == std::string_view::npos) {
                    return fail_status("unterminated CDATA section");
                }
                node.text.append(text_.substr(pos_ + 9, end - pos_ - 9));
                pos_ = end + 3;
            } else if (rest.starts_with("<!") || rest.starts_with("<?")) {
                return fail_status("unexpected markup");
            } else {
                node.children.emplace_back();
                TRIPLINE_TRY(element(node.children.back(), depth + 1));
            }
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t nodes_ = 0;
};

bool is_small_integer(const std::string& s) {
    if (s.empty() || s.size() > 9) {
        return false;
    }
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return s.size() == 1 || s[0] != '0';
}

}  // namespace

const XmlNode* XmlNode::child(std::string_view child_name) const {
    for (const auto& c : children) {
        if (c.name == child_name) {
            return &c;
        }
    }
    return nullptr;
}

std::vector<const XmlNode*> XmlNode::all(std::string_view child_name) const {
    std::vector<const XmlNode*> out;
    for (const auto& c : children) {
        if (c.name == child_name) {
            out.push_back(&c);
        }
    }
    return out;
}

std::string XmlNode::child_text(std::string_view child_name, std::string_view fallback) const {
    const XmlNode* c = child(child_name);
    return c == nullptr ? std::string(fallback) : c->text;
}

Result<XmlNode> parse_xml(std::string_view text) { return XmlReader(text).document(); }

nlohmann::json xml_to_json(const XmlNode& node) {
    if (node.children.empty() && node.attributes.empty()) {
        if (node.text == "true" || node.text == "false") {
            return node.text == "true";
        }
        if (is_small_integer(node.text)) {
            return std::stol(node.text);
        }
        return node.text;
    }
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, value] : node.attributes) {
        out[name] = value;
    }
    for (const auto& c : node.children) {
        nlohmann::json value = xml_to_json(c);
        auto it = out.find(c.name);
        if (it == out.end()) {
            out[c.name] = std::move(value);
        } else {
            if (!it->is_array()) {
                nlohmann::json first = std::move(*it);
                *it = nlohmann::json::array({std::move(first)});
            }
            it->push_back(std::move(value));
        }
    }
    return out;
}

}  // namespace tripline::api::services::s3
