#include "api/services/ec2/ec2_request.h"

#include <charconv>
#include <optional>

namespace tripline::api::services::ec2_request {

namespace {

// "3.Rest" → {3, "Rest"}; "3" → {3, ""}; anything else → {0, ""} (not an index).
std::pair<int, std::string> split_index(std::string_view text) {
    std::size_t dot = text.find('.');
    std::string_view digits = text.substr(0, dot);
    int index = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (ec != std::errc() || end != digits.data() + digits.size() || index < 1) {
        return {0, ""};
    }
    return {index, dot == std::string_view::npos ? "" : std::string(text.substr(dot + 1))};
}

// Every `<prefix>.N.<rest>` of the form, grouped by N: {N → {rest → value}}.
std::map<int, std::map<std::string, std::string>> indexed(
    const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view prefix) {
    std::map<int, std::map<std::string, std::string>> out;
    const std::string lead = std::string(prefix) + ".";
    for (const auto& [key, value] : pairs) {
        if (!key.starts_with(lead)) {
            continue;
        }
        auto [index, rest] = split_index(std::string_view(key).substr(lead.size()));
        if (index > 0) {
            out[index][rest] = value;
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> as_pairs(
    const std::map<std::string, std::string>& members) {
    return {members.begin(), members.end()};
}

std::optional<ApiError> port(const std::map<std::string, std::string>& members,
                             const std::string& name,
                             int& out) {
    auto it = members.find(name);
    if (it == members.end()) {
        return std::nullopt;
    }
    const std::string& text = it->second;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return ApiError{400,
                        "InvalidParameterValue",
                        "Invalid value '" + text + "' for " + name + ". It must be an integer."};
    }
    return std::nullopt;
}

nlohmann::json items_or_empty(nlohmann::json items) {
    if (items.empty()) {
        return nlohmann::json::object();
    }
    return {{"items", std::move(items)}};
}

}  // namespace

std::vector<std::string> list(const QueryForm& form, std::string_view name) {
    std::map<int, std::string> values;
    for (const auto& [index, members] : indexed(form.pairs(), name)) {
        auto it = members.find("");
        if (it != members.end()) {
            values[index] = it->second;
        }
    }
    std::vector<std::string> out;
    for (auto& [index, value] : values) {
        out.push_back(std::move(value));
    }
    return out;
}

std::vector<Filter> filters(const QueryForm& form) {
    std::vector<Filter> out;
    for (const auto& [index, members] : indexed(form.pairs(), "Filter")) {
        Filter f;
        auto name = members.find("Name");
        f.name = name == members.end() ? "" : name->second;
        for (const auto& [value_index, value_members] : indexed(as_pairs(members), "Value")) {
            auto it = value_members.find("");
            if (it != value_members.end()) {
                f.values.push_back(it->second);
            }
        }
        out.push_back(std::move(f));
    }
    return out;
}

nlohmann::json tag_specifications(const QueryForm& form, std::string_view resource_type) {
    nlohmann::json tags = nlohmann::json::array();
    for (const auto& [index, members] : indexed(form.pairs(), "TagSpecification")) {
        auto type = members.find("ResourceType");
        if (type != members.end() && type->second != resource_type) {
            continue;
        }
        for (const auto& [tag_index, tag] : indexed(as_pairs(members), "Tag")) {
            auto key = tag.find("Key");
            auto value = tag.find("Value");
            if (key != tag.end()) {
                tags.push_back(
                    {{"Key", key->second}, {"Value", value == tag.end() ? "" : value->second}});
            }
        }
    }
    return tags;
}

std::variant<ParsedRules, ApiError> rules(const QueryForm& form, bool egress) {
    ParsedRules parsed;
    nlohmann::json params = nlohmann::json::object();
    for (const char* member : {"GroupId", "GroupName"}) {
        if (auto value = form.get(member)) {
            params[lower_camel(member)] = std::string(*value);
        }
    }
    // The flat shape: one rule (the CLI's --protocol/--port/--cidr).
    std::map<std::string, std::string> flat;
    for (const char* member : {"IpProtocol",
                               "FromPort",
                               "ToPort",
                               "CidrIp",
                               "SourceSecurityGroupName",
                               "SourceSecurityGroupOwnerId"}) {
        if (auto value = form.get(member)) {
            flat[member] = std::string(*value);
        }
    }
    if (flat.contains("SourceSecurityGroupName")) {
        return ApiError{400,
                        "InvalidParameterValue",
                        "Tripline takes a source group as IpPermissions Groups GroupId, not "
                        "SourceSecurityGroupName."};
    }
    if (!flat.empty()) {
        ec2::SecurityGroupRule rule;
        rule.egress = egress;
        rule.protocol = flat.contains("IpProtocol") ? flat["IpProtocol"] : "";
        if (auto error = port(flat, "FromPort", rule.from_port)) {
            return *error;
        }
        if (auto error = port(flat, "ToPort", rule.to_port)) {
            return *error;
        }
        rule.cidr_ipv4 = flat.contains("CidrIp") ? flat["CidrIp"] : "";
        parsed.rules.push_back(rule);
        for (const auto& [member, value] : flat) {
            if (member == "FromPort" || member == "ToPort") {
                params[lower_camel(member)] = member == "FromPort" ? rule.from_port : rule.to_port;
            } else {
                params[lower_camel(member)] = value;
            }
        }
    }
    nlohmann::json permissions = nlohmann::json::array();
    for (const auto& [index, members] : indexed(form.pairs(), "IpPermissions")) {
        ec2::SecurityGroupRule base;
        base.egress = egress;
        auto protocol = members.find("IpProtocol");
        base.protocol = protocol == members.end() ? "" : protocol->second;
        if (auto error = port(members, "FromPort", base.from_port)) {
            return *error;
        }
        if (auto error = port(members, "ToPort", base.to_port)) {
            return *error;
        }
        nlohmann::json recorded = {{"ipProtocol", base.protocol}};
        if (members.contains("FromPort")) {
            recorded["fromPort"] = base.from_port;
        }
        if (members.contains("ToPort")) {
            recorded["toPort"] = base.to_port;
        }
        const auto pairs = as_pairs(members);
        nlohmann::json v4 = nlohmann::json::array();
        for (const auto& [i, range] : indexed(pairs, "IpRanges")) {
            ec2::SecurityGroupRule rule = base;
            rule.cidr_ipv4 = range.contains("CidrIp") ? range.at("CidrIp") : "";
            rule.description = range.contains("Description") ? range.at("Description") : "";
            nlohmann::json item = {{"cidrIp", rule.cidr_ipv4}};
            if (!rule.description.empty()) {
                item["description"] = rule.description;
            }
            v4.push_back(std::move(item));
            parsed.rules.push_back(std::move(rule));
        }
        nlohmann::json v6 = nlohmann::json::array();
        for (const auto& [i, range] : indexed(pairs, "Ipv6Ranges")) {
            ec2::SecurityGroupRule rule = base;
            rule.cidr_ipv6 = range.contains("CidrIpv6") ? range.at("CidrIpv6") : "";
            rule.description = range.contains("Description") ? range.at("Description") : "";
            nlohmann::json item = {{"cidrIpv6", rule.cidr_ipv6}};
            if (!rule.description.empty()) {
                item["description"] = rule.description;
            }
            v6.push_back(std::move(item));
            parsed.rules.push_back(std::move(rule));
        }
        nlohmann::json groups = nlohmann::json::array();
        for (const auto& [i, pair] : indexed(pairs, "Groups")) {
            if (!pair.contains("GroupId")) {
                return ApiError{400,
                                "InvalidParameterValue",
                                "Tripline takes a source group by GroupId in IpPermissions "
                                "Groups."};
            }
            ec2::SecurityGroupRule rule = base;
            rule.referenced_group_id = pair.at("GroupId");
            rule.referenced_user_id = pair.contains("UserId") ? pair.at("UserId") : "";
            rule.description = pair.contains("Description") ? pair.at("Description") : "";
            groups.push_back({{"groupId", rule.referenced_group_id}});
            parsed.rules.push_back(std::move(rule));
        }
        nlohmann::json prefixes = nlohmann::json::array();
        for (const auto& [i, prefix] : indexed(pairs, "PrefixListIds")) {
            ec2::SecurityGroupRule rule = base;
            rule.prefix_list_id = prefix.contains("PrefixListId") ? prefix.at("PrefixListId") : "";
            rule.description = prefix.contains("Description") ? prefix.at("Description") : "";
            prefixes.push_back({{"prefixListId", rule.prefix_list_id}});
            parsed.rules.push_back(std::move(rule));
        }
        if (v4.empty() && v6.empty() && groups.empty() && prefixes.empty()) {
            parsed.rules.push_back(base);  // no peer: validation names what is missing
        }
        recorded["groups"] = items_or_empty(groups);
        recorded["ipRanges"] = items_or_empty(v4);
        recorded["ipv6Ranges"] = items_or_empty(v6);
        recorded["prefixListIds"] = items_or_empty(prefixes);
        permissions.push_back(std::move(recorded));
    }
    params["ipPermissions"] = items_or_empty(permissions);
    parsed.request_parameters = std::move(params);
    return parsed;
}

nlohmann::json filter_set(const std::vector<Filter>& filters) {
    nlohmann::json items = nlohmann::json::array();
    for (const Filter& f : filters) {
        nlohmann::json values = nlohmann::json::array();
        for (const auto& v : f.values) {
            values.push_back({{"value", v}});
        }
        items.push_back({{"name", f.name}, {"valueSet", items_or_empty(values)}});
    }
    return items_or_empty(items);
}

nlohmann::json id_set(const std::vector<std::string>& values, const char* member) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& v : values) {
        items.push_back({{member, v}});
    }
    return items_or_empty(items);
}

}  // namespace tripline::api::services::ec2_request
