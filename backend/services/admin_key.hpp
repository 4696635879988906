#pragma once
// The admin API key. Only its BLAKE2b hash is stored, so the key itself is shown once: when it is created.
#include <optional>
#include <string>
#include <string_view>

#include "backend/store/settings.hpp"

namespace wagw::services {

// Creates the admin key when the gateway has none yet; returns the new key (to print once) or nothing.
Result<std::optional<std::string>> ensure_admin_key(store::Settings& settings);
Result<bool> is_admin_key(store::Settings& settings, std::string_view candidate);

}  // namespace wagw::services
