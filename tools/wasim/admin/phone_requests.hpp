#pragma once
// The control API's virtual-phone messaging requests, from JSON to the phone and back (simulator strand):
//   POST /admin/accounts/{phone}/messages  {"to", "text"} | {"to", "reaction": {"id", "emoji", "from_me"}} |
//                                          {"to", "revoke": "ID"}             -> {"id"}
//   POST /admin/accounts/{phone}/read      {"ids": [...]}                     -> {"read": n}
//   GET  /admin/accounts/{phone}/messages  -> [{id, from, from_phone, type, enc_type, t, decrypted, kind, text,
//                                              media_sha256, target_id, error}]
#include <nlohmann/json.hpp>

#include "common/util/result.hpp"
#include "tools/wasim/server/simulator_context.hpp"

namespace wagw::wasim {

Result<nlohmann::json> send_from_phone(SimulatorContext& context, Account& phone, const nlohmann::json& body);
Result<nlohmann::json> read_on_phone(SimulatorContext& context, Account& phone, const nlohmann::json& body);
nlohmann::json phone_inbox_view(const SimulatorContext& context, const Account& phone);

}  // namespace wagw::wasim
