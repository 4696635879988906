#pragma once
// `wagw client link|listen|logout`: drives one WaClient from the command line, for people and tests alike.
// Events go to stdout as JSON lines (plus the QR as terminal art while linking); problems go to stderr.
#include "backend/app/command_line.hpp"

namespace wagw::app {

// Returns the process exit code: 0 when the action completed (linked, stopped by a signal, logged out),
// 1 when the client ended for good (logged out by the phone, QR timeout, refused), 2 for setup errors.
int run_client_command(const ClientCommandOptions& options);

}  // namespace wagw::app
