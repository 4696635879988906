#pragma once
// Turning values into words people read.
#include <cstdint>
#include <string>

#include "common/model/session.hpp"

namespace wagw::web {

std::string format_duration(std::int64_t seconds);  // "3 d 4 h", "5 min 2 s", "12 s"

// A session's state as its owner would say it: "Connected", "Waiting for the QR code to be scanned", ...
const char* session_state_words(model::SessionState state);
enum class Mood { good, waiting, bad, idle };  // which colour a state is shown in
Mood session_state_mood(model::SessionState state);
// A phone number as people write it: "+4915550123"; empty stays empty.
std::string format_phone(const std::string& digits);

}  // namespace wagw::web
