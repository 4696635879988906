#pragma once
// tmpl::TimeZone over the IANA database (Howard Hinnant's date/tz reading the system's tzdata), so that
// {{today}} follows the recipient's or campaign's zone across daylight-saving changes.
#include <memory>
#include <string>

#include "common/template/time_zone.hpp"
#include "common/util/result.hpp"

namespace wagw::services {

// "Europe/Berlin", "America/Sao_Paulo", "UTC", ...; error code "invalid_time_zone" for a name tzdata lacks.
Result<std::shared_ptr<const tmpl::TimeZone>> iana_time_zone(const std::string& name);

}  // namespace wagw::services
