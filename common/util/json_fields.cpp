#include "common/util/json_fields.hpp"

#include <limits>

namespace wagw::json_fields {
namespace {

Error missing(std::string_view key) {
    return {"missing_field", "field \"" + std::string(key) + "\" is missing"};
}

Error wrong_type(std::string_view key, std::string_view expected) {
    return {"invalid_field", "field \"" + std::string(key) + "\" must be " + std::string(expected)};
}

const Json* find(const Json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

}  // namespace

Result<Json> parse(std::string_view text) {
    Json parsed = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return Error{"invalid_json", "the body is not valid JSON"};
    return parsed;
}

Result<Json> object_at(const Json& object, std::string_view key) {
    const Json* field = find(object, key);
    if (!field) return missing(key);
    if (!field->is_object()) return wrong_type(key, "an object");
    return *field;
}

Result<std::string> string_at(const Json& object, std::string_view key) {
    const Json* field = find(object, key);
    if (!field) return missing(key);
    if (!field->is_string()) return wrong_type(key, "a string");
    return field->get<std::string>();
}

Result<std::int64_t> int_at(const Json& object, std::string_view key) {
    const Json* field = find(object, key);
    if (!field) return missing(key);
    if (!field->is_number_integer()) return wrong_type(key, "an integer");
    // get<std::int64_t>() would wrap the largest unsigned values into negative ones.
    if (field->is_number_unsigned() && field->get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max())
        return wrong_type(key, "an integer below 2^63");
    return field->get<std::int64_t>();
}

Result<bool> bool_at(const Json& object, std::string_view key) {
    const Json* field = find(object, key);
    if (!field) return missing(key);
    if (!field->is_boolean()) return wrong_type(key, "true or false");
    return field->get<bool>();
}

Result<std::vector<std::string>> strings_at(const Json& object, std::string_view key) {
    const Json* field = find(object, key);
    if (!field) return missing(key);
    if (!field->is_array() || field->empty()) return wrong_type(key, "a non-empty list of strings");
    std::vector<std::string> strings;
    for (const Json& item : *field) {
        if (!item.is_string()) return wrong_type(key, "a non-empty list of strings");
        strings.push_back(item.get<std::string>());
    }
    return strings;
}

bool has(const Json& object, std::string_view key) {
    const Json* field = find(object, key);
    return field && !field->is_null();
}

Result<std::string> string_or(const Json& object, std::string_view key, std::string fallback) {
    return has(object, key) ? string_at(object, key) : Result<std::string>(std::move(fallback));
}

Result<std::int64_t> int_or(const Json& object, std::string_view key, std::int64_t fallback) {
    return has(object, key) ? int_at(object, key) : Result<std::int64_t>(fallback);
}

Result<double> number_or(const Json& object, std::string_view key, double fallback) {
    const Json* field = find(object, key);
    if (!field || field->is_null()) return fallback;
    if (!field->is_number()) return wrong_type(key, "a number");
    return field->get<double>();
}

Result<bool> bool_or(const Json& object, std::string_view key, bool fallback) {
    return has(object, key) ? bool_at(object, key) : Result<bool>(fallback);
}

}  // namespace wagw::json_fields
