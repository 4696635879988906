#pragma once
// GET /api/health: what the server says about itself. Shown in the browser app's status bar.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "common/util/result.hpp"

namespace wagw::model {

struct HealthStatus {
    std::string status;  // "ok" while the gateway serves requests
    std::string version;
    std::int64_t uptime_s = 0;
    bool demo = false;  // started with --demo: sessions link to the built-in simulator, not to WhatsApp

    bool operator==(const HealthStatus&) const = default;
};

nlohmann::json to_json(const HealthStatus& health);
Result<HealthStatus> health_from_json(const nlohmann::json& json);

}  // namespace wagw::model
