#pragma once
// Wires the gateway together for `wagw serve`: storage, services, HTTP, and the event loop threads.
#include "backend/app/command_line.hpp"
#include "backend/app/process_setup.hpp"

namespace wagw::app {

// Runs until SIGINT/SIGTERM; returns the process exit code.
int run_gateway(const ServeOptions& options, const ProcessSetup& process);

}  // namespace wagw::app
