#pragma once
// Gateway-wide key/value settings (the settings table).
#include <optional>
#include <string>
#include <string_view>

#include "backend/store/database.hpp"

namespace wagw::store {

class Settings {
public:
    explicit Settings(Database& db) : db_(db) {}
    Result<std::optional<std::string>> get(std::string_view key);
    Status set(std::string_view key, std::string_view value);

private:
    Database& db_;
};

}  // namespace wagw::store
