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

const char* session_state_words(model::SessionState state) {
    using model::SessionState;
    switch (state) {
        case SessionState::stopped:
            return "Stopped";
        case SessionState::starting:
            return "Starting…";
        case SessionState::scan_qr:
            return "Waiting for the QR code to be scanned";
        case SessionState::pairing_code:
            return "Waiting for the code to be typed on the phone";
        case SessionState::connecting:
            return "Connecting…";
        case SessionState::connected:
            return "Connected";
        case SessionState::reconnecting:
            return "Connection lost, reconnecting…";
        case SessionState::logged_out:
            return "Logged out: link it again";
        case SessionState::failed:
            return "Failed";
    }
    return "Unknown";
}

Mood session_state_mood(model::SessionState state) {
    using model::SessionState;
    switch (state) {
        case SessionState::connected:
            return Mood::good;
        case SessionState::logged_out:
        case SessionState::failed:
            return Mood::bad;
        case SessionState::stopped:
            return Mood::idle;
        default:
            return Mood::waiting;
    }
}

std::string format_phone(const std::string& digits) {
    return digits.empty() ? digits : "+" + digits;
}

}  // namespace wagw::web
