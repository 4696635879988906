#include "frontend-wasm/app/format.hpp"

namespace wagw::web {

std::string format_duration(std::int64_t seconds) {
    if (seconds < 0) seconds = 0;
    const std::int64_t days = seconds / 86400, hours = seconds % 86400 / 3600;
    const std::int64_t minutes = seconds % 3600 / 60, secs = seconds % 60;
    if (days > 0) return std::to_string(days) + " d " + std::to_string(hours) + " h";
    if (hours > 0) return std::to_string(hours) + " h " + std::to_string(minutes) + " min";
    if (minutes > 0) return std::to_string(minutes) + " min " + std::to_string(secs) + " s";
    return std::to_string(secs) + " s";
}

}  // namespace wagw::web
