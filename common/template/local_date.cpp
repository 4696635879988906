#include "common/template/local_date.hpp"

#include <chrono>
#include <cstdio>

namespace wagw::tmpl {
namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

std::string local_date(std::int64_t utc_ms, const TimeZone& zone, std::optional<DateShift> shift) {
    using namespace std::chrono;
    const std::int64_t local_s = floor_div(utc_ms, 1000) + zone.offset_seconds_at(utc_ms);
    sys_days day{days{floor_div(local_s, 86400)}};
    if (shift) {
        if (shift->unit == 'd') day += days{shift->amount};
        if (shift->unit == 'w') day += days{7 * shift->amount};
        if (shift->unit == 'm' || shift->unit == 'y') {
            year_month_day date{day};
            date = shift->unit == 'm' ? date + months{shift->amount} : date + years{shift->amount};
            if (!date.ok())
                date = year_month_day{year_month_day_last{date.year(), month_day_last{date.month()}}};
            day = sys_days{date};
        }
    }
    const year_month_day date{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

}  // namespace wagw::tmpl
