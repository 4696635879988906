#pragma once
// Reading JSON without exceptions: every accessor checks presence and type and names the field on failure.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/util/result.hpp"

namespace wagw::json_fields {

using Json = nlohmann::json;

Result<Json> parse(std::string_view text);
Result<Json> object_at(const Json& object, std::string_view key);
Result<std::string> string_at(const Json& object, std::string_view key);
Result<std::int64_t> int_at(const Json& object, std::string_view key);
Result<bool> bool_at(const Json& object, std::string_view key);

}  // namespace wagw::json_fields
