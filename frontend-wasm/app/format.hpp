#pragma once
// Turning values into words people read.
#include <cstdint>
#include <string>

namespace wagw::web {

std::string format_duration(std::int64_t seconds);  // "3 d 4 h", "5 min 2 s", "12 s"

}  // namespace wagw::web
