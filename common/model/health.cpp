#include "common/model/health.hpp"

#include "common/util/json_fields.hpp"

namespace wagw::model {

nlohmann::json to_json(const HealthStatus& health) {
    return {{"status", health.status}, {"version", health.version}, {"uptime_s", health.uptime_s}, {"demo", health.demo}};
}

Result<HealthStatus> health_from_json(const nlohmann::json& json) {
    auto status = json_fields::string_at(json, "status");
    if (!status) return status.error();
    auto version = json_fields::string_at(json, "version");
    if (!version) return version.error();
    auto uptime = json_fields::int_at(json, "uptime_s");
    if (!uptime) return uptime.error();
    if (*uptime < 0) return Error{"invalid_field", "field \"uptime_s\" must not be negative"};
    auto demo = json_fields::bool_or(json, "demo", false);
    if (!demo) return demo.error();
    return HealthStatus{std::move(*status), std::move(*version), *uptime, *demo};
}

}  // namespace wagw::model
