#include "backend/app/config_sources.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

#include "backend/app/command_line.hpp"

extern char** environ;

namespace wagw::app {
namespace {

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r");
    return std::string(text.substr(first, last - first + 1));
}

std::string unquoted(std::string value) {
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
        return value.substr(1, value.size() - 2);
    return value;
}

std::string lowered(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// The flags one `name = value` stands for, or why it cannot be a setting.
Result<std::vector<std::string>> flags_for(const std::string& name, const std::string& value,
                                           bool list_allowed) {
    const std::string flag = "--" + name;
    const auto kind = serve_flag_kind(flag);
    if (kind == ServeFlagKind::unknown)
        return Error{"usage", "\"" + name + "\" is not a setting of wagw serve"};
    if (kind == ServeFlagKind::not_a_setting)
        return Error{"usage", "\"" + name + "\" can only be given on the command line"};
    if (kind == ServeFlagKind::switch_flag) {
        const std::string answer = lowered(value);
        if (answer == "true" || answer == "yes" || answer == "on" || answer == "1")
            return std::vector<std::string>{flag};
        if (answer == "false" || answer == "no" || answer == "off" || answer == "0")
            return std::vector<std::string>{};
        return Error{"usage", name + " takes true or false, got \"" + value + "\""};
    }
    if (value.empty()) return Error{"usage", name + " needs a value"};
    if (kind != ServeFlagKind::repeatable || !list_allowed) return std::vector<std::string>{flag, value};
    std::vector<std::string> flags;
    std::size_t start = 0;
    while (start <= value.size()) {
        const auto comma = value.find(',', start);
        const std::string item =
            trimmed(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!item.empty()) {
            flags.push_back(flag);
            flags.push_back(item);
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return flags;
}

}  // namespace

Environment process_environment() {
    Environment environment;
    for (char** entry = environ; entry && *entry; ++entry) {
        const std::string_view text(*entry);
        const auto equals = text.find('=');
        if (equals == std::string_view::npos) continue;
        environment.emplace_back(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
    }
    return environment;
}

Result<std::vector<SettingFlags>> config_file_settings(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return Error{"usage", "cannot read the config file " + file.string()};
    std::vector<SettingFlags> settings;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const std::string origin = file.filename().string() + " line " + std::to_string(number);
        std::string text = trimmed(line);
        if (text.empty() || text.front() == '#') continue;
        const auto equals = text.find('=');
        if (equals == std::string::npos) return Error{"usage", origin + ": expected name = value"};
        std::string name = trimmed(text.substr(0, equals));
        if (name.starts_with("--")) name.erase(0, 2);
        auto flags = flags_for(name, unquoted(trimmed(text.substr(equals + 1))), false);
        if (!flags) return Error{"usage", origin + ": " + flags.error().message};
        settings.push_back({origin, std::move(*flags)});
    }
    return settings;
}

Result<std::vector<SettingFlags>> environment_settings(const Environment& environment) {
    std::vector<SettingFlags> settings;
    for (const auto& [variable, value] : environment) {
        if (!variable.starts_with("WAGW_") || variable == "WAGW_CONFIG") continue;
        std::string name = lowered(variable.substr(5));
        std::replace(name.begin(), name.end(), '_', '-');
        if (serve_flag_kind("--" + name) == ServeFlagKind::unknown) continue;
        auto flags = flags_for(name, value, true);
        if (!flags) return Error{"usage", variable + ": " + flags.error().message};
        settings.push_back({variable, std::move(*flags)});
    }
    return settings;
}

}  // namespace wagw::app
