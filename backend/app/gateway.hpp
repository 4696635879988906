#pragma once
// Wires the gateway together for `wagw serve`: storage, services, HTTP, and the event loop threads.
#include "backend/app/command_line.hpp"

namespace wagw::app {

// Runs until SIGINT/SIGTERM; returns the process exit code.
int run_gateway(const ServeOptions& options);

}  // namespace wagw::app
