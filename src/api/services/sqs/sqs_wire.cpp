#include "api/services/sqs/sqs_wire.h"

#include <charconv>
#include <map>

#include "api/xml_writer.h"

namespace tripline::api::services::sqs {

namespace {

// Flattened query lists (Name.N) and the JSON member they become.
const std::map<std::string_view, std::string_view>& list_names() {
    static const std::map<std::string_view, std::string_view> names = {
        {"AttributeName", "AttributeNames"},
        {"MessageAttributeName", "MessageAttributeNames"},
        {"MessageSystemAttributeName", "MessageSystemAttributeNames"},
        {"TagKey", "TagKeys"},
        {"SendMessageBatchRequestEntry", "Entries"},
        {"DeleteMessageBatchRequestEntry", "Entries"},
        {"ChangeMessageVisibilityBatchRequestEntry", "Entries"},
        {"StringListValue", "StringListValues"},
        {"BinaryListValue", "BinaryListValues"},
    };
    return names;
}

bool is_integer_parameter(std::string_view name) {
    return name == "DelaySeconds" || name == "MaxNumberOfMessages" || name == "VisibilityTimeout" ||
           name == "WaitTimeSeconds" || name == "MaxResults";
}

bool is_index(std::string_view text) {
    if (text.empty() || text.size() > 6) {
        return false;
    }
    for (char c : text) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

// The form as a tree: "A.1.B=x" → {"A":{"1":{"B":"x"}}}. A name that is both a leaf and a branch
// keeps the branch.
nlohmann::json form_tree(const QueryForm& form) {
    nlohmann::json tree = nlohmann::json::object();
    for (const auto& [name, value] : form.pairs()) {
        if (name == "Action" || name == "Version") {
            continue;
        }
        nlohmann::json* node = &tree;
        std::size_t start = 0;
        while (true) {
            std::size_t dot = name.find('.', start);
            std::string part = name.substr(start, dot == std::string::npos ? dot : dot - start);
            if (!node->is_object()) {
                *node = nlohmann::json::object();
            }
            nlohmann::json& child = (*node)[part];
            if (dot == std::string::npos) {
                if (!child.is_object()) {
                    child = value;
                }
                break;
            }
            node = &child;
            start = dot + 1;
        }
    }
    return tree;
}

// The children of an indexed node ({"2":…,"1":…}) in index order.
std::vector<const nlohmann::json*> indexed(const nlohmann::json& node) {
    std::map<int, const nlohmann::json*> ordered;
    if (node.is_object()) {
        for (const auto& [key, item] : node.items()) {
            if (is_index(key)) {
                ordered[std::stoi(key)] = &item;
            }
        }
    }
    std::vector<const nlohmann::json*> out;
    for (const auto& [index, item] : ordered) {
        out.push_back(item);
    }
    return out;
}

nlohmann::json convert(const nlohmann::json& node, std::string_view operation);

// Attribute.N.Name/Value and Tag.N.Key/Value: string maps. MessageAttribute.N.Name/Value.*:
// maps of structures.
nlohmann::json convert_map(const nlohmann::json& node,
                           std::string_view key_name,
                           bool structured_values,
                           std::string_view operation) {
    nlohmann::json map = nlohmann::json::object();
    for (const nlohmann::json* entry : indexed(node)) {
        if (!entry->is_object() || !entry->contains(key_name) ||
            !(*entry)[std::string(key_name)].is_string()) {
            continue;
        }
        const std::string key = (*entry)[std::string(key_name)].get<std::string>();
        auto value = entry->find("Value");
        if (value == entry->end()) {
            map[key] = structured_values ? nlohmann::json::object() : nlohmann::json("");
        } else {
            map[key] = structured_values ? convert(*value, operation) : *value;
        }
    }
    return map;
}

nlohmann::json convert(const nlohmann::json& node, std::string_view operation) {
    if (!node.is_object()) {
        return node;
    }
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : node.items()) {
        if (auto list = list_names().find(key); list != list_names().end()) {
            nlohmann::json items = nlohmann::json::array();
            for (const nlohmann::json* item : indexed(value)) {
                items.push_back(convert(*item, operation));
            }
            out[std::string(list->second)] = std::move(items);
        } else if (key == "Attribute") {
            out["Attributes"] = convert_map(value, "Name", false, operation);
        } else if (key == "MessageAttribute") {
            out["MessageAttributes"] = convert_map(value, "Name", true, operation);
        } else if (key == "MessageSystemAttribute") {
            out["MessageSystemAttributes"] = convert_map(value, "Name", true, operation);
        } else if (key == "Tag") {
            // CreateQueue's member is "tags" (lower case) in the JSON model; TagQueue's "Tags".
            out[operation == "CreateQueue" ? "tags" : "Tags"] =
                convert_map(value, "Key", false, operation);
        } else if (is_integer_parameter(key) && value.is_string()) {
            const std::string text = value.get<std::string>();
            long long number = 0;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
            if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) {
                out[key] = number;
            } else {
                out[key] = text;
            }
        } else {
            out[key] = convert(value, operation);
        }
    }
    return out;
}

void write_value(XmlWriter& xml, std::string_view name, const nlohmann::json& value);

void write_members(XmlWriter& xml, std::string_view operation, const nlohmann::json& object) {
    for (const auto& [key, value] : object.items()) {
        if (key == "Attributes" && value.is_object()) {
            for (const auto& [name, text] : value.items()) {
                xml.open("Attribute").element("Name", name);
                write_value(xml, "Value", text);
                xml.close("Attribute");
            }
        } else if (key == "MessageAttributes" && value.is_object()) {
            for (const auto& [name, attribute] : value.items()) {
                xml.open("MessageAttribute").element("Name", name).open("Value");
                write_members(xml, operation, attribute);
                xml.close("Value").close("MessageAttribute");
            }
        } else if (key == "Tags" && value.is_object()) {
            for (const auto& [tag_key, tag_value] : value.items()) {
                xml.open("Tag").element("Key", tag_key);
                write_value(xml, "Value", tag_value);
                xml.close("Tag");
            }
        } else if (value.is_array()) {
            std::string element = key;
            if (key == "Messages") {
                element = "Message";
            } else if (key == "QueueUrls" || key == "queueUrls") {
                element = "QueueUrl";
            } else if (key == "Successful") {
                element = std::string(operation) + "ResultEntry";
            } else if (key == "Failed") {
                element = "BatchResultErrorEntry";
            } else if (key == "StringListValues") {
                element = "StringListValue";
            } else if (key == "BinaryListValues") {
                element = "BinaryListValue";
            }
            for (const auto& item : value) {
                if (item.is_object()) {
                    xml.open(element);
                    write_members(xml, operation, item);
                    xml.close(element);
                } else {
                    write_value(xml, element, item);
                }
            }
        } else if (value.is_object()) {
            xml.open(key);
            write_members(xml, operation, value);
            xml.close(key);
        } else {
            write_value(xml, key, value);
        }
    }
}

void write_value(XmlWriter& xml, std::string_view name, const nlohmann::json& value) {
    if (value.is_string()) {
        xml.element(name, value.get<std::string>());
    } else if (value.is_boolean()) {
        xml.element(name, value.get<bool>() ? "true" : "false");
    } else if (!value.is_null()) {
        xml.element(name, value.dump());
    }
}

}  // namespace

nlohmann::json query_form_to_input(const QueryForm& form, std::string_view operation) {
    return convert(form_tree(form), operation);
}

std::string output_to_result_xml(std::string_view operation, const nlohmann::json& output) {
    XmlWriter xml;
    if (output.is_object()) {
        write_members(xml, operation, output);
    }
    return xml.take();
}

}  // namespace tripline::api::services::sqs
