#pragma once
// The time zone {{today}} and {{date:..}} are computed in. Behind this small interface so that the gateway
// can answer with the IANA database (backend/services/iana_time_zone.hpp) while the browser build, which has
// no tz database, passes a fixed offset.
#include <cstdint>

namespace wagw::tmpl {

class TimeZone {
public:
    virtual ~TimeZone() = default;
    // Seconds to add to UTC to get local time at the instant `utc_ms` (unix ms).
    virtual std::int64_t offset_seconds_at(std::int64_t utc_ms) const = 0;
};

class FixedOffsetZone final : public TimeZone {
public:
    explicit FixedOffsetZone(std::int64_t offset_seconds = 0) : offset_(offset_seconds) {}
    std::int64_t offset_seconds_at(std::int64_t) const override { return offset_; }

private:
    std::int64_t offset_;
};

}  // namespace wagw::tmpl
