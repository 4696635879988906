#pragma once
// Settings for `wagw serve` from places other than the command line: a config file (`--config FILE` or
// WAGW_CONFIG) and WAGW_* environment variables. Each becomes the very flags the command line takes, so one
// parser checks everything and the precedence stays plain: file, then environment, then command line (the
// last word wins; repeatable flags add up).
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "common/util/result.hpp"

namespace wagw::app {

// One setting as flags, with where it came from for error messages ("wagw.conf line 4", "WAGW_LISTEN").
struct SettingFlags {
    std::string origin;
    std::vector<std::string> flags;
};

using Environment = std::vector<std::pair<std::string, std::string>>;
Environment process_environment();

// `key = value` lines (key: a serve flag without its dashes), `#` comments, blank lines. Switches take
// true/false/yes/no/on/off/1/0. Unknown keys are errors naming the line.
Result<std::vector<SettingFlags>> config_file_settings(const std::filesystem::path& file);

// WAGW_<FLAG> with dashes as underscores (WAGW_MEDIA_MAX_MB=16); repeatable flags take comma-separated lists.
// Variables that name no serve flag (WAGW_API_KEY, scripts' own) are not settings and are skipped.
Result<std::vector<SettingFlags>> environment_settings(const Environment& environment);

}  // namespace wagw::app
