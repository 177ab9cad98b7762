// The non-empty segments of a REST request path, for routing REST-JSON services by method + path:
// "/detector/abc/findings/get" → {"detector", "abc", "findings", "get"}.
#pragma once

#include <string>
#include <vector>

namespace tripline::api::services {

std::vector<std::string> rest_path_parts(const std::string& path);

}  // namespace tripline::api::services
