#include "query/external_table_files.h"

#include <algorithm>
#include <functional>

#include "query/athena_tokens.h"

namespace tripline::query::athena::external {

namespace {

Error invalid(std::string message) {
    return make_error(Errc::kInvalidArgument, std::move(message));
}

// Matches `key` against a template such as "AWSLogs/1/CloudTrail/${region}/${timestamp}"
// (after its bucket), filling the placeholders; a placeholder spans as many '/'-separated
// segments as its template value has (timestamp yyyy/MM/dd: three).
bool match_template(std::string_view pattern,
                    std::string_view key,
                    const ExternalTableDef& def,
                    std::vector<std::string>& values) {
    while (pattern.ends_with('/')) {
        pattern.remove_suffix(1);
    }
    values.assign(def.partitions.size(), "");
    std::size_t p = 0;
    std::size_t k = 0;
    while (p < pattern.size()) {
        if (pattern.compare(p, 2, "${") == 0) {
            const std::size_t close = pattern.find('}', p);
            if (close == std::string_view::npos) {
                return false;
            }
            const std::string name = detail::lower(pattern.substr(p + 2, close - p - 2));
            std::size_t segments = 1;
            auto format = def.properties.find("projection." + name + ".format");
            if (format != def.properties.end()) {
                segments += static_cast<std::size_t>(
                    std::count(format->second.begin(), format->second.end(), '/'));
            }
            std::size_t end = k;
            for (std::size_t s = 0; s < segments; ++s) {
                end = key.find('/', s == 0 ? k : end + 1);
                if (end == std::string_view::npos) {
                    return false;
                }
            }
            for (std::size_t i = 0; i < def.partitions.size(); ++i) {
                if (def.partitions[i].name == name) {
                    values[i] = std::string(key.substr(k, end - k));
                }
            }
            k = end;
            p = close + 1;
            continue;
        }
        if (k >= key.size() || pattern[p] != key[k]) {
            return false;
        }
        ++p;
        ++k;
    }
    return k < key.size() && key[k] == '/';
}

}  // namespace

Result<Location> parse_location(const std::string& url) {
    if (!url.starts_with("s3://") || url.size() <= 5) {
        return invalid("NOT_SUPPORTED: LOCATION must be s3://bucket/prefix/, not " + url);
    }
    std::string rest = url.substr(5);
    const std::size_t slash = rest.find('/');
    Location out{rest.substr(0, slash), slash == std::string::npos ? "" : rest.substr(slash + 1)};
    return out;
}

std::string with_slash(std::string prefix) {
    if (!prefix.empty() && prefix.back() != '/') {
        prefix += '/';
    }
    return prefix;
}

// Every file the table reads, with its partition values.
Result<std::vector<FileGroup>> files_of(const ExternalTableDef& def,
                                        const nlohmann::json& partitions,
                                        LogFileSource& source,
                                        std::string_view account,
                                        std::string& fingerprint) {
    TRIPLINE_ASSIGN_OR_RETURN(Location location, parse_location(def.location));
    std::vector<FileGroup> out;
    std::hash<std::string> hash;
    std::size_t digest = 0;
    auto add = [&](const std::string& bucket,
                   const LogFileSource::Object& object,
                   std::vector<std::string> values) {
        // Digests and other non-log objects are skipped when read.
        out.push_back({std::move(values), bucket, object.key});
        digest = digest * 31 + hash(object.key + "\n" + object.etag);
    };
    if (def.partitions.empty()) {
        TRIPLINE_ASSIGN_OR_RETURN(
            auto objects, source.list(account, location.bucket, with_slash(location.prefix)));
        for (const auto& object : objects) {
            add(location.bucket, object, {});
        }
    } else if (def.projection()) {
        auto it = def.properties.find("storage.location.template");
        std::string pattern = it != def.properties.end() ? it->second : "";
        if (pattern.empty()) {
            pattern = with_slash(def.location);
            for (std::size_t i = 0; i < def.partitions.size(); ++i) {
                pattern += (i == 0 ? "${" : "/${") + def.partitions[i].name + "}";
            }
        }
        TRIPLINE_ASSIGN_OR_RETURN(Location templated, parse_location(pattern));
        if (templated.bucket != location.bucket) {
            return invalid("NOT_SUPPORTED: storage.location.template must be in LOCATION's bucket");
        }
        const std::string fixed = templated.prefix.substr(0, templated.prefix.find("${"));
        TRIPLINE_ASSIGN_OR_RETURN(auto objects, source.list(account, location.bucket, fixed));
        for (const auto& object : objects) {
            std::vector<std::string> values;
            if (match_template(templated.prefix, object.key, def, values)) {
                add(location.bucket, object, std::move(values));
            }
        }
    } else {
        for (const auto& spec : partitions) {
            std::vector<std::string> values;
            std::string url = spec.value("location", "");
            for (const HiveColumn& column : def.partitions) {
                values.push_back(spec["values"].value(column.name, ""));
            }
            TRIPLINE_ASSIGN_OR_RETURN(Location at, parse_location(url));
            TRIPLINE_ASSIGN_OR_RETURN(auto objects,
                                      source.list(account, at.bucket, with_slash(at.prefix)));
            for (const auto& object : objects) {
                add(at.bucket, object, values);
            }
        }
    }
    fingerprint = std::to_string(out.size()) + ":" + std::to_string(digest);
    return out;
}

}  // namespace tripline::query::athena::external
