#pragma once
// Reading JSON without exceptions: every accessor checks presence and type and names the field on failure.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/util/result.hpp"

namespace wagw::json_fields {

using Json = nlohmann::json;

Result<Json> parse(std::string_view text);
Result<Json> object_at(const Json& object, std::string_view key);
Result<std::string> string_at(const Json& object, std::string_view key);
Result<std::int64_t> int_at(const Json& object, std::string_view key);
Result<bool> bool_at(const Json& object, std::string_view key);
// A non-empty array of strings.
Result<std::vector<std::string>> strings_at(const Json& object, std::string_view key);

// Optional fields: absent or null gives `fallback`; present with another type is an error, never an exception
// (nlohmann's value() and get<>() throw on a type mismatch).
bool has(const Json& object, std::string_view key);
Result<std::string> string_or(const Json& object, std::string_view key, std::string fallback);
Result<std::int64_t> int_or(const Json& object, std::string_view key, std::int64_t fallback);
Result<double> number_or(const Json& object, std::string_view key, double fallback);
Result<bool> bool_or(const Json& object, std::string_view key, bool fallback);

}  // namespace wagw::json_fields
