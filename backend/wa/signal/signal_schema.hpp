#pragma once
// The Signal layer's tables, kept in whichever SQLite database the caller owns (the gateway's or the
// simulator's) under the migration component "signal". One set of rows per linked account.
#include <span>
#include <string_view>

#include "backend/store/migrations.hpp"

namespace wagw::wa::signal {

inline constexpr std::string_view kSignalComponent = "signal";
std::span<const store::Migration> signal_migrations();

}  // namespace wagw::wa::signal
