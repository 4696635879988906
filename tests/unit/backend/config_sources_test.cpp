#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "backend/app/command_line.hpp"
#include "backend/app/config_sources.hpp"

using namespace wagw::app;
using wagw::Result;

namespace {

std::filesystem::path write_config(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << text;
    return path;
}

ServeOptions serve_of(const Result<Command>& command) {
    REQUIRE(command.ok());
    return std::get<ServeOptions>(*command);
}

}  // namespace

TEST_CASE("a config file sets serve options; the environment wins over it and flags over both") {
    const auto file = write_config("wagw-config-test.conf",
                                   "# the shop's gateway\n"
                                   "listen = 0.0.0.0:9000\n"
                                   "data = \"/srv/wagw data\"\n"
                                   "media-max-mb = 16\n"
                                   "--threads = 3\n"
                                   "\n"
                                   "media-allow-private = yes\n"
                                   "allowed-origin = https://crm.example.com\n");
    const auto from_file = serve_of(parse_command_line({"serve", "--config", file.string()}));
    CHECK(from_file.host == "0.0.0.0");
    CHECK(from_file.port == 9000);
    CHECK(from_file.data_dir == "/srv/wagw data");
    CHECK(from_file.media_max_mb == 16);
    CHECK(from_file.threads == 3);
    CHECK(from_file.media_allow_private);
    CHECK(from_file.allowed_origins == std::vector<std::string>{"https://crm.example.com"});

    const Environment environment{{"WAGW_MEDIA_MAX_MB", "8"},
                                  {"WAGW_ALLOWED_ORIGIN", "https://a.example, https://b.example"},
                                  {"WAGW_BIN", "/usr/bin/wagw"},  // a script's own variable, not a setting
                                  {"WAGW_API_KEY", "not a flag either, read by the gateway"}};
    const auto layered =
        serve_of(parse_command_line({"serve", "--config", file.string(), "--threads", "5"}, environment));
    CHECK(layered.media_max_mb == 8);
    CHECK(layered.threads == 5);
    CHECK(layered.port == 9000);
    CHECK(layered.allowed_origins ==
          std::vector<std::string>{"https://crm.example.com", "https://a.example", "https://b.example"});
}

TEST_CASE("WAGW_CONFIG names the config file when --config is not given") {
    const auto file = write_config("wagw-config-env.conf", "listen = 127.0.0.1:9100\ndemo = true\n");
    const auto serve = serve_of(parse_command_line({}, {{"WAGW_CONFIG", file.string()}}));
    CHECK(serve.port == 9100);
    CHECK(serve.demo);
}

TEST_CASE("mistakes in a config file or a variable name the line or the variable") {
    struct Case {
        std::string config;
        Environment environment;
        const char* mentions;
    };
    const Case cases[] = {
        {"listen = 127.0.0.1:9000\ncolour = red\n", {}, "line 2: \"colour\" is not a setting"},
        {"threads = 0\n", {}, "line 1: --threads needs at least 1"},
        {"just words\n", {}, "line 1: expected name = value"},
        {"demo = maybe\n", {}, "line 1: demo takes true or false"},
        {"config = other.conf\n", {}, "can only be given on the command line"},
        {"", {{"WAGW_MEDIA_MAX_MB", "100"}}, "WAGW_MEDIA_MAX_MB: --media-max-mb needs a number up to 64"},
        {"", {{"WAGW_LISTEN", ""}}, "WAGW_LISTEN: listen needs a value"},
        {"demo = true\nwa-url = wss://example.com/ws\n", {}, "--demo points sessions at its own simulator"},
    };
    for (const Case& c : cases) {
        INFO(c.mentions);
        const auto file = write_config("wagw-config-bad.conf", c.config);
        auto command = parse_command_line({"serve", "--config", file.string()}, c.environment);
        REQUIRE_FALSE(command.ok());
        CHECK(command.error().code == "usage");
        CHECK_THAT(command.error().message, Catch::Contains(c.mentions));
    }
    auto missing = parse_command_line({"serve", "--config", "/nonexistent/wagw.conf"});
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message,
               Catch::Contains("cannot read the config file /nonexistent/wagw.conf"));
}
