#include "tools/wasim/admin/http_boundary.hpp"

#include <sodium.h>

#include <array>
#include <iostream>

namespace wagw::wasim {
namespace {

using wa::transport::HttpResponse;

std::array<unsigned char, crypto_generichash_BYTES> digest(std::string_view text) {
    std::array<unsigned char, crypto_generichash_BYTES> out{};
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()),
                       text.size(), nullptr, 0);
    return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
    return true;
}

}  // namespace

HttpResponse json_response(int status, const nlohmann::json& body) {
    HttpResponse response;
    response.status = status;
    response.content_type = "application/json";
    // Push names come from clients and may not be valid UTF-8: replace rather than throw.
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

HttpResponse error_response(int status, const Error& error) {
    return json_response(status, {{"error", {{"code", error.code}, {"message", error.message}}}});
}

bool has_bearer_token(const wa::transport::HttpRequest& request, std::string_view token) {
    const auto header = request.header("Authorization");
    if (!header) return false;
    std::string_view value = *header;
    constexpr std::string_view kScheme = "Bearer ";  // the scheme name is case-insensitive (RFC 7235)
    if (value.size() < kScheme.size() || !equals_ignoring_case(value.substr(0, kScheme.size()), kScheme))
        return false;
    value.remove_prefix(kScheme.size());
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (sodium_init() < 0) return false;
    const auto given = digest(value);
    const auto expected = digest(token);
    return sodium_memcmp(given.data(), expected.data(), given.size()) == 0;
}

HttpResponse unauthorized_response() {
    HttpResponse response = error_response(
        401, {"unauthorized",
              "the control API needs \"Authorization: Bearer TOKEN\" (wasim --admin-token; the "
              "gateway's demo writes it to DATA/demo-whatsapp/admin-token)"});
    response.headers.push_back({"WWW-Authenticate", "Bearer"});
    return response;
}

HttpResponse answer_without_throwing(std::string_view what, const std::function<HttpResponse()>& handler) {
    try {
        return handler();
    } catch (const nlohmann::json::exception& error) {
        std::cerr << "wasim: " << what << ": unchecked JSON field: " << error.what() << std::endl;
        return error_response(400,
                              {"invalid_field", std::string("a field has the wrong type: ") + error.what()});
    } catch (const std::exception& error) {
        std::cerr << "wasim: " << what << " failed: " << error.what() << std::endl;
        return error_response(500, {"internal", "the simulator could not answer this request"});
    } catch (...) {
        std::cerr << "wasim: " << what << " failed with an unknown exception" << std::endl;
        return error_response(500, {"internal", "the simulator could not answer this request"});
    }
}

}  // namespace wagw::wasim
