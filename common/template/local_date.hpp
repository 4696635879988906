#pragma once
// {{today}} and {{date:+3d}}: the calendar date at an instant in a time zone, moved by days, weeks, months or
// years. Month and year steps keep the day of the month, or the month's last day when it has fewer (Jan 31
// + 1m = Feb 28 or 29).
#include <cstdint>
#include <optional>
#include <string>

#include "common/template/template.hpp"

namespace wagw::tmpl {

std::string local_date(std::int64_t utc_ms, const TimeZone& zone, std::optional<DateShift> shift);

}  // namespace wagw::tmpl
