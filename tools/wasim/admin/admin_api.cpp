#include "tools/wasim/admin/admin_api.hpp"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <ctime>
#include <fstream>
#include <optional>
#include <vector>

#include "common/util/json_fields.hpp"
#include "tools/wasim/admin/http_boundary.hpp"
#include "tools/wasim/admin/json_views.hpp"
#include "tools/wasim/admin/phone_requests.hpp"
#include "tools/wasim/handlers/devices.hpp"
#include "tools/wasim/handlers/link_code.hpp"
#include "tools/wasim/handlers/pairing.hpp"
#include "tools/wasim/phone/mock_phone_scan.hpp"
#include "tools/wasim/server/simulator.hpp"

namespace wagw::wasim {
namespace {

using Json = nlohmann::json;
using wa::transport::HttpResponse;

int status_for(const Error& error) {
    if (error.code == "unknown_ref" || error.code == "unknown_device" || error.code == "not_found") return 404;
    if (error.code == "account_exists" || error.code == "busy") return 409;
    if (error.code == "account_failed") return 500;
    return 400;
}

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start < path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        if (slash > start) parts.emplace_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return parts;
}

std::string trim(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    std::size_t first = text.find_first_not_of(" \r\n");
    return first == std::string::npos ? std::string() : text.substr(first);
}

// The mock-phone hook's QR body: raw text, or (for convenience) {"qr": "..."}.
std::string qr_from_body(const std::string& body) {
    std::string text = trim(body);
    if (!text.empty() && text.front() == '{') {
        if (auto json = json_fields::parse(text))
            if (auto qr = json_fields::string_at(*json, "qr")) return *qr;
    }
    return text;
}

// Resident set size of this process (Linux), for capacity measurements.
std::uint64_t resident_memory_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::uint64_t pages = 0, resident = 0;
    if (!(statm >> pages >> resident)) return 0;
    return resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

Result<std::uint16_t> provision_companion(SimulatorContext& context, Account& account, const std::string& noise_hex,
                                          const std::string& identity_hex) {
    auto key_from_hex = [](const std::string& hex) -> std::optional<signal::PublicKey> {
        if (hex.size() != 64) return std::nullopt;
        signal::PublicKey key{};
        for (std::size_t i = 0; i < 32; ++i) {
            unsigned value = 0;
            const auto [end, error] = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, value, 16);
            if (error != std::errc() || end != hex.data() + 2 * i + 2) return std::nullopt;
            key[i] = static_cast<std::uint8_t>(value);
        }
        return key;
    };
    auto noise = key_from_hex(noise_hex);
    auto identity = key_from_hex(identity_hex);
    if (!noise || !identity) return Error{"invalid_key", "keys must be 64 hex digits"};
    if (account.next_device_id == 0xffff) return Error{"too_many_devices", "no device ids left"};
    CompanionDevice device;
    device.id = account.next_device_id++;
    device.key_index = device.id;
    device.noise_public = *noise;
    device.keys.identity = *identity;
    device.keys.registration_id = 1;
    device.platform = "load";
    account.companions[device.id] = device;
    context.account_changed(account);
    return device.id;
}

HttpResponse stats(SimulatorContext& context, AdminApi::StatsSample& previous) {
    const auto& s = context.stats;
    AdminApi::StatsSample now{std::chrono::steady_clock::now(), s.stanzas_in.load(), s.stanzas_out.load(), s.messages_routed.load()};
    const double seconds = std::max(1e-3, std::chrono::duration<double>(now.at - previous.at).count());
    Json body{{"connections",
               {{"open", s.connections_open.load()},
                {"total", s.connections_total.load()},
                {"logged_in", context.sessions.logged_in_count()}}},
              {"stanzas_in", now.stanzas_in},
              {"stanzas_out", now.stanzas_out},
              {"messages_routed", now.messages},
              {"messages_refused_bad_id", s.messages_refused_bad_id.load()},
              {"duplicates_by_id", s.duplicates_by_id.load()},
              {"logins", s.logins.load()},
              {"pairings", s.pairings.load()},
              {"accounts", context.accounts.size()},
              {"memory_rss_bytes", resident_memory_bytes()},
              {"offline_queued", context.offline.total()},
              {"media_bytes", context.media.total_bytes()},
              {"per_second",
               {{"window_seconds", seconds},
                {"stanzas_in", static_cast<double>(now.stanzas_in - previous.stanzas_in) / seconds},
                {"stanzas_out", static_cast<double>(now.stanzas_out - previous.stanzas_out) / seconds},
                {"messages_routed", static_cast<double>(now.messages - previous.messages) / seconds}}}};
    previous = now;
    return json_response(200, body);
}

Json scan_view(const ScanOutcome& outcome, SimulatorContext& context) {
    Account* account = context.accounts.find_by_phone(outcome.phone);
    return {{"phone", outcome.phone},
            {"device", outcome.device},
            {"jid", account ? account->phone + ":" + std::to_string(outcome.device) + "@s.whatsapp.net" : ""}};
}

}  // namespace

HttpResponse AdminApi::route(SimulatorContext& context, const wa::transport::HttpRequest& request) {
    const auto parts = split_path(request.path());
    const std::string& method = request.method;
    const std::size_t n = parts.size();
    if (n < 2 || parts[0] != "admin") return error_response(404, {"not_found", "no such admin route"});

    if (n == 2 && parts[1] == "stats" && method == "GET") return stats(context, stats_sample_);
    if (n == 2 && parts[1] == "faults" && (method == "POST" || method == "DELETE")) {
        FaultPlan& faults = context.faults;
        if (method == "DELETE") {
            faults.drop_fraction_per_second = 0;
            faults.refuse_logins = false;
            faults.latency_ms = 0;
        } else {
            auto body = json_fields::parse(request.body.empty() ? std::string("{}") : request.body);
            if (!body || !body->is_object()) return error_response(400, {"invalid_json", "faults: a JSON object"});
            auto fraction =
                json_fields::number_or(*body, "drop_fraction_per_second", faults.drop_fraction_per_second);
            auto latency = json_fields::int_or(*body, "latency_ms", faults.latency_ms.load());
            auto refuse = json_fields::bool_or(*body, "refuse_logins", faults.refuse_logins);
            auto drop_all = json_fields::bool_or(*body, "drop_all", false);
            for (const Error* error : {fraction ? nullptr : &fraction.error(), latency ? nullptr : &latency.error(),
                                       refuse ? nullptr : &refuse.error(), drop_all ? nullptr : &drop_all.error()})
                if (error) return error_response(400, *error);
            if (*fraction < 0 || *fraction > 1 || *latency < 0 || *latency > 60000)
                return error_response(400, {"invalid_fault", "drop_fraction_per_second in 0..1, latency_ms in 0..60000"});
            faults.drop_fraction_per_second = *fraction;
            faults.latency_ms = static_cast<std::uint32_t>(*latency);
            faults.refuse_logins = *refuse;
            if (*drop_all) context.sessions.close_all();
        }
        if (auto simulator = simulator_.lock()) simulator->on_faults_changed();
        return json_response(200, {{"drop_fraction_per_second", faults.drop_fraction_per_second},
                                   {"latency_ms", faults.latency_ms.load()},
                                   {"refuse_logins", faults.refuse_logins}});
    }
    if (n == 2 && parts[1] == "group-addressing" && (method == "GET" || method == "PUT")) {
        if (method == "PUT") {
            auto body = json_fields::parse(request.body);
            if (!body || !body->is_object()) return error_response(400, {"invalid_json", "group-addressing: a JSON object"});
            auto name = json_fields::string_or(*body, "addressing", {});
            if (!name) return error_response(400, name.error());
            auto addressing = parse_group_addressing(*name);
            if (!addressing) return error_response(400, {"invalid_field", "\"addressing\" is \"lid\" or \"pn\""});
            context.groups.set_addressing_for_new_groups(*addressing);
        }
        return json_response(200, {{"addressing", addressing_name(context.groups.addressing_for_new_groups())}});
    }
    if (n == 2 && parts[1] == "accounts" && method == "GET") {
        Json list = Json::array();
        for (const Account* account : context.accounts.all()) list.push_back(account_view(context, *account));
        return json_response(200, list);
    }
    if (n == 2 && parts[1] == "accounts" && method == "POST") {
        auto body = json_fields::parse(request.body);
        if (!body) return error_response(400, body.error());
        auto phone = json_fields::string_at(*body, "phone");
        if (!phone) return error_response(400, phone.error());
        std::string digits = *phone;
        if (!digits.empty() && digits.front() == '+') digits.erase(0, 1);
        auto push_name = json_fields::string_or(*body, "push_name", {});
        if (!push_name) return error_response(400, push_name.error());
        auto account = context.accounts.create(digits, *push_name);
        if (!account) return error_response(status_for(account.error()), account.error());
        context.account_changed(**account);
        return json_response(201, account_view(context, **account));
    }
    if (n == 3 && parts[1] == "mock-phone" && parts[2] == "scan-qr" && method == "POST") {
        auto outcome = mock_phone_scan_qr(context, qr_from_body(request.body));
        if (!outcome) return error_response(status_for(outcome.error()), outcome.error());
        return json_response(200, scan_view(*outcome, context));
    }
    if (n >= 3 && parts[1] == "accounts") {
        Account* account = context.accounts.find_by_phone(parts[2]);
        if (!account) return error_response(404, {"not_found", "no account with phone " + parts[2]});
        if (n == 3 && method == "GET") return json_response(200, account_view(context, *account));
        if (n == 4 && parts[3] == "messages" && method == "GET")
            return json_response(200, phone_inbox_view(context, *account));
        if (n == 4 && (parts[3] == "messages" || parts[3] == "read") && method == "POST") {
            auto body = json_fields::parse(request.body);
            if (!body) return error_response(400, body.error());
            auto done = parts[3] == "messages" ? send_from_phone(context, *account, *body)
                                               : read_on_phone(context, *account, *body);
            if (!done) return error_response(status_for(done.error()), done.error());
            return json_response(parts[3] == "messages" ? 201 : 200, *done);
        }
        if (n == 4 && parts[3] == "scan" && method == "POST") {
            auto body = json_fields::parse(request.body);
            if (!body) return error_response(400, body.error());
            auto qr = json_fields::string_at(*body, "qr");
            if (!qr) return error_response(400, qr.error());
            auto outcome = scan_qr(context, *account, *qr);
            if (!outcome) return error_response(status_for(outcome.error()), outcome.error());
            return json_response(200, scan_view(*outcome, context));
        }
        if (n == 4 && parts[3] == "black-hole" && method == "POST") {
            // The account's connections go silent without closing (a zombie link); reconnects work again.
            const std::size_t silenced = context.sessions.black_hole_account(account->phone);
            return json_response(200, {{"phone", account->phone}, {"connections", silenced}});
        }
        if (n == 4 && parts[3] == "link-code" && method == "POST") {
            auto body = json_fields::parse(request.body);
            if (!body) return error_response(400, body.error());
            auto code = json_fields::string_at(*body, "code");
            if (!code) return error_response(400, code.error());
            auto entered = enter_link_code(context, *account, *code);
            if (!entered) return error_response(entered.error().code == "no_link_code_request" ? 404 : 400, entered.error());
            return json_response(200, {{"phone", account->phone}, {"status", "code_entered"}});
        }
        if (n == 4 && parts[3] == "devices" && method == "POST") {
            // Load-test tooling: a companion linked without the pairing dance (keys given as hex).
            auto body = json_fields::parse(request.body);
            if (!body) return error_response(400, body.error());
            auto noise = json_fields::string_at(*body, "noise_public");
            auto identity = json_fields::string_at(*body, "identity_public");
            if (!noise || !identity) return error_response(400, {"missing_field", "noise_public and identity_public (hex)"});
            auto device = provision_companion(context, *account, *noise, *identity);
            if (!device) return error_response(400, device.error());
            return json_response(201, {{"phone", account->phone}, {"device", *device}});
        }
        if (n == 5 && parts[3] == "devices" && method == "DELETE") {
            int device = 0;
            const auto [end, parse_error] = std::from_chars(parts[4].data(), parts[4].data() + parts[4].size(), device);
            if (parse_error != std::errc() || end != parts[4].data() + parts[4].size()) device = -1;
            if (device <= 0 || device > 0xffff)
                return error_response(400, {"invalid_device", "device must be a companion id (1..65535)"});
            auto unlinked = unlink_companion(context, *account, static_cast<std::uint16_t>(device));
            if (!unlinked) return error_response(status_for(unlinked.error()), unlinked.error());
            return json_response(200, account_view(context, *account));
        }
    }
    return error_response(404, {"not_found", "no such admin route: " + method + " " + std::string(request.path())});
}

void AdminApi::handle(wa::transport::HttpRequest request, wa::transport::HttpResponder respond) {
    // The token is fixed at start, so the check needs no strand; refused requests never reach the state.
    if (!admin_token_.empty() && !has_bearer_token(request, admin_token_))
        return respond(unauthorized_response());
    auto simulator = simulator_.lock();
    if (!simulator) return respond(error_response(503, {"stopping", "the simulator is shutting down"}));
    simulator->post([self = shared_from_this(), request = std::move(request),
                     respond = std::move(respond)](SimulatorContext& context) {
        respond(answer_without_throwing(request.method + " " + std::string(request.path()),
                                        [&] { return self->route(context, request); }));
    });
}

}  // namespace wagw::wasim
