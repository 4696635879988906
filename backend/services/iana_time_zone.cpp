#include "backend/services/iana_time_zone.hpp"

#include <date/tz.h>

#include <exception>

namespace wagw::services {
namespace {

class IanaZone final : public tmpl::TimeZone {
public:
    explicit IanaZone(const date::time_zone* zone) : zone_(zone) {}

    std::int64_t offset_seconds_at(std::int64_t utc_ms) const override {
        const auto instant = date::floor<std::chrono::seconds>(
            date::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(utc_ms)));
        return zone_->get_info(instant).offset.count();
    }

private:
    const date::time_zone* zone_;  // owned by date's database, which lives as long as the process
};

}  // namespace

Result<std::shared_ptr<const tmpl::TimeZone>> iana_time_zone(const std::string& name) {
    // locate_zone throws for unknown names (and if tzdata is missing); the exception stays in here.
    try {
        return std::shared_ptr<const tmpl::TimeZone>(std::make_shared<IanaZone>(date::locate_zone(name)));
    } catch (const std::exception&) {
        return Error{"invalid_time_zone",
                     "\"" + name + "\" is not a time zone name; use an IANA name like Europe/Berlin or UTC"};
    }
}

}  // namespace wagw::services
