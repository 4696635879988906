#include "frontend-wasm/ui/shell.hpp"

#include <array>
#include <string>

#include "frontend-wasm/app/format.hpp"
#include "frontend-wasm/pages/pages.hpp"
#include "frontend-wasm/ui/fonts.hpp"
#include "frontend-wasm/ui/probe.hpp"
#include "frontend-wasm/ui/theme.hpp"
#include "frontend-wasm/ui/widgets.hpp"

namespace wagw::web::ui {
namespace {

struct NavEntry {
    Page page;
    const char* label;
};

constexpr std::array kNavigation{
    NavEntry{Page::Dashboard, "Dashboard"},     NavEntry{Page::Sessions, "Sessions"},
    NavEntry{Page::Bulk, "Bulk messages"},      NavEntry{Page::Scheduled, "Scheduled"},
    NavEntry{Page::Contacts, "Contacts"},       NavEntry{Page::ApiDocs, "API docs"},
};

void draw_navigation(AppModel& model, float pixel_ratio) {
    ImGui::BeginChild("navigation", ImVec2(220 * pixel_ratio, 0), true);
    ImGui::PushStyleColor(ImGuiCol_Text, theme_colours().accent);
    ImGui::PushFont(fonts().heading);
    ImGui::TextUnformatted("wagw");
    ImGui::PopFont();
    ImGui::PopStyleColor();
    probe().record_last_item("wagw", "heading", "wagw");
    muted_text("WhatsApp gateway");
    ImGui::Spacing();
    if (!model.sign_in.key.empty()) {
        for (const NavEntry& entry : kNavigation) {
            if (nav_item(entry.label, model.page == entry.page)) model.page = entry.page;
        }
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
        if (button("Sign out")) model.sign_in.sign_out_requested = true;
    }
    ImGui::EndChild();
}

void draw_page(AppModel& model) {
    if (model.sign_in.key.empty()) {
        pages::draw_sign_in(model);
        return;
    }
    switch (model.page) {
        case Page::Dashboard: pages::draw_dashboard(model); break;
        case Page::Sessions: pages::draw_sessions(model); break;
        case Page::Bulk: pages::draw_bulk(model); break;
        case Page::Scheduled: pages::draw_scheduled(model); break;
        case Page::Contacts: pages::draw_contacts(model); break;
        case Page::ApiDocs: pages::draw_api_docs(model); break;
    }
}

void draw_status_bar(const AppModel& model) {
    const ThemeColours& c = theme_colours();
    ImGui::PushFont(fonts().small);
    std::string health_text;
    ImVec4 health_colour = c.bad;
    if (!model.health_problem.empty()) {
        health_text = "Problem: " + model.health_problem;
    } else if (model.health) {
        health_text = model.health->status == "ok" ? "OK" : model.health->status;
        health_text += " · v" + model.health->version + " · up " + format_duration(model.health->uptime_s);
        if (model.health->status == "ok") health_colour = c.good;
    } else {
        health_text = "checking…";
        health_colour = c.muted_text;
    }
    field("Gateway:", health_text, health_colour);
    ImGui::SameLine(0, 40);
    field("Live updates:", model.live_connected           ? "connected"
                           : model.sign_in.key.empty() ? "signed out"
                                                       : "disconnected",
          model.live_connected ? c.good : c.bad);
    ImGui::PopFont();
}

}  // namespace

void draw_shell(AppModel& model, float pixel_ratio) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::Begin("wagw", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);

    const float status_height = ImGui::GetFrameHeightWithSpacing() + 8 * pixel_ratio;
    ImGui::BeginChild("body", ImVec2(0, -status_height), false);
    draw_navigation(model, pixel_ratio);
    ImGui::SameLine();
    ImGui::BeginChild("page", ImVec2(0, 0), true);
    draw_page(model);
    ImGui::EndChild();
    ImGui::EndChild();

    ImGui::Separator();
    draw_status_bar(model);
    ImGui::End();
}

}  // namespace wagw::web::ui
