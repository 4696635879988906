// wagw: a self-hosted WhatsApp gateway.
#include <cstdio>
#include <string>
#include <vector>

#include "backend/app/client_command.hpp"
#include "backend/app/command_line.hpp"
#include "backend/app/config_sources.hpp"
#include "backend/app/gateway.hpp"
#include "backend/app/process_setup.hpp"

namespace {

template <class... Visitors>
struct Overloaded : Visitors... {
    using Visitors::operator()...;
};

}  // namespace

int main(int argc, char** argv) {
    const auto process = wagw::app::set_up_process();
    std::vector<std::string> args(argv + 1, argv + argc);
    auto command = wagw::app::parse_command_line(args, wagw::app::process_environment());
    if (!command) {
        std::fprintf(stderr, "wagw: %s", command.error().message.c_str());
        return 2;
    }
    return std::visit(
        Overloaded{
            [&](const wagw::app::ServeOptions& options) { return wagw::app::run_gateway(options, process); },
            [](const wagw::app::ClientCommandOptions& options) {
                return wagw::app::run_client_command(options);
            },
            [](wagw::app::ShowVersion) {
                std::printf("wagw %s\n", WAGW_VERSION);
                return 0;
            },
            [](wagw::app::ShowHelp) {
                std::printf("%s", wagw::app::usage_text().c_str());
                return 0;
            },
        },
        *command);
}
