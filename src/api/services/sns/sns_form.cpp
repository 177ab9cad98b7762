#include "api/services/sns/sns_form.h"

#include <charconv>

namespace tripline::api::services::sns {

namespace {

Error invalid(std::string_view reason) {
    return make_error(Errc::kInvalidArgument, "Invalid parameter: " + std::string(reason));
}

std::string value_of(const std::map<std::string, std::string>& group, const char* key) {
    auto it = group.find(key);
    return it == group.end() ? std::string() : it->second;
}

}  // namespace

std::vector<std::pair<int, std::map<std::string, std::string>>> numbered_groups(
    const QueryForm& form, std::string_view prefix) {
    std::map<int, std::map<std::string, std::string>> by_index;
    for (const auto& [name, value] : form.pairs()) {
        std::string_view n = name;
        if (n.size() <= prefix.size() + 1 || !n.starts_with(prefix) || n[prefix.size()] != '.') {
            continue;
        }
        n.remove_prefix(prefix.size() + 1);
        std::size_t dot = n.find('.');
        std::string_view index_text = n.substr(0, dot);
        int index = 0;
        auto [end, ec] =
            std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
        if (ec != std::errc() || end != index_text.data() + index_text.size() || index < 1) {
            continue;
        }
        std::string rest = dot == std::string_view::npos ? "" : std::string(n.substr(dot + 1));
        by_index[index].emplace(std::move(rest), value);
    }
    return {std::make_move_iterator(by_index.begin()), std::make_move_iterator(by_index.end())};
}

std::vector<std::map<std::string, std::string>> indexed_groups(const QueryForm& form,
                                                               std::string_view prefix) {
    std::vector<std::map<std::string, std::string>> out;
    for (auto& [index, group] : numbered_groups(form, prefix)) {
        out.push_back(std::move(group));
    }
    return out;
}

Result<std::map<std::string, std::string>> string_map(const QueryForm& form,
                                                      std::string_view name) {
    std::map<std::string, std::string> out;
    for (const auto& group : indexed_groups(form, std::string(name) + ".entry")) {
        auto key = group.find("key");
        if (key == group.end() || key->second.empty()) {
            return invalid(std::string(name) + " Reason: an entry has no key");
        }
        out[key->second] = value_of(group, "value");
    }
    return out;
}

Result<std::vector<notify::SnsMessageAttribute>> message_attributes(const QueryForm& form,
                                                                    std::string_view prefix) {
    std::vector<notify::SnsMessageAttribute> out;
    for (const auto& group : indexed_groups(form, std::string(prefix) + ".entry")) {
        notify::SnsMessageAttribute a;
        a.name = value_of(group, "Name");
        a.type = value_of(group, "Value.DataType");
        a.value = group.contains("Value.BinaryValue") ? value_of(group, "Value.BinaryValue")
                                                      : value_of(group, "Value.StringValue");
        if (a.name.empty()) {
            return invalid("MessageAttributes Reason: a message attribute has no name");
        }
        out.push_back(std::move(a));
    }
    return out;
}

Result<std::vector<notify::SnsTag>> tags(const QueryForm& form, std::string_view name) {
    std::vector<notify::SnsTag> out;
    for (const auto& group : indexed_groups(form, std::string(name) + ".member")) {
        if (!group.contains("Key")) {
            return invalid("Tags Reason: a tag has no key");
        }
        out.push_back({value_of(group, "Key"), value_of(group, "Value")});
    }
    return out;
}

std::vector<std::string> string_list(const QueryForm& form, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& group : indexed_groups(form, std::string(name) + ".member")) {
        out.push_back(value_of(group, ""));
    }
    return out;
}

Result<std::vector<notify::PublishBatchEntry>> batch_entries(const QueryForm& form) {
    const std::string prefix = "PublishBatchRequestEntries.member";
    std::vector<notify::PublishBatchEntry> out;
    for (const auto& [index, group] : numbered_groups(form, prefix)) {
        notify::PublishBatchEntry entry;
        entry.id = value_of(group, "Id");
        entry.message = value_of(group, "Message");
        entry.subject = value_of(group, "Subject");
        if (group.contains("Subject") && entry.subject.empty()) {
            entry.subject =
                " ";  // an explicitly empty Subject is invalid; " " fails the same check
        }
        entry.message_structure = value_of(group, "MessageStructure");
        TRIPLINE_ASSIGN_OR_RETURN(
            entry.message_attributes,
            message_attributes(form, prefix + "." + std::to_string(index) + ".MessageAttributes"));
        out.push_back(std::move(entry));
    }
    return out;
}

}  // namespace tripline::api::services::sns
