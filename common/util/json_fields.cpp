#include "common/util/json_fields.hpp"

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
    return field->get<std::int64_t>();
}

Result<bool> bool_at(const Json& object, std::string_view key) {
    const Json* field = find(object, key);
    if (!field) return missing(key);
    if (!field->is_boolean()) return wrong_type(key, "true or false");
    return field->get<bool>();
}

}  // namespace wagw::json_fields
