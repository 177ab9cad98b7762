#include "api/xml_writer.h"

namespace tripline::api {

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    break;
                }
                out += c;
        }
    }
    return out;
}

XmlWriter& XmlWriter::open(std::string_view name) {
    out_ += '<';
    out_ += name;
    out_ += '>';
    return *this;
}

XmlWriter& XmlWriter::open(std::string_view name, std::string_view xmlns) {
    out_ += '<';
    out_ += name;
    out_ += " xmlns=\"";
    out_ += xml_escape(xmlns);
    out_ += "\">";
    return *this;
}

XmlWriter& XmlWriter::close(std::string_view name) {
    out_ += "</";
    out_ += name;
    out_ += '>';
    return *this;
}

XmlWriter& XmlWriter::element(std::string_view name, std::string_view text) {
    open(name);
    out_ += xml_escape(text);
    return close(name);
}

XmlWriter& XmlWriter::raw(std::string_view xml) {
    out_ += xml;
    return *this;
}

}  // namespace tripline::api
