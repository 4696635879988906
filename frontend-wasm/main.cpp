// The wagw dashboard in the browser: one model, fed by the backend link, drawn every frame by the shell.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cmath>
#include <cstdio>

#include "frontend-wasm/app/backend_link.hpp"
#include "frontend-wasm/app/model.hpp"
#include "frontend-wasm/ui/fonts.hpp"
#include "frontend-wasm/ui/probe.hpp"
#include "frontend-wasm/ui/shell.hpp"
#include "frontend-wasm/ui/theme.hpp"

namespace {

using namespace wagw::web;

struct App {
    GLFWwindow* window = nullptr;
    AppModel model;
    BackendLink link{model};
    float pixel_ratio = 0;  // 0 until the first frame applies one
    int canvas_width = 0, canvas_height = 0;
};

App* g_app = nullptr;

// The canvas fills the page (CSS); its backing store follows the CSS size times the device pixel ratio, so the
// UI is drawn at full resolution. ImGui works in those physical pixels; fonts and sizes scale with the ratio.
void follow_canvas_size(App& app) {
    double css_width = 0, css_height = 0;
    emscripten_get_element_css_size("#canvas", &css_width, &css_height);
    const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
    const int width = static_cast<int>(std::lround(css_width * ratio));
    const int height = static_cast<int>(std::lround(css_height * ratio));
    if (width != app.canvas_width || height != app.canvas_height) {
        emscripten_set_canvas_element_size("#canvas", width, height);
        app.canvas_width = width;
        app.canvas_height = height;
    }
    if (ratio != app.pixel_ratio) {
        app.pixel_ratio = ratio;
        ui::build_fonts(ratio);
        ui::apply_theme(ratio);
    }
}

void frame() {
    App& app = *g_app;
    follow_canvas_size(app);
    app.link.tick(emscripten_get_now());

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(app.canvas_width), static_cast<float>(app.canvas_height));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    ImGui::NewFrame();

    ui::probe().begin_frame(app.pixel_ratio, app.canvas_width, app.canvas_height);
    ui::draw_shell(app.model, app.pixel_ratio);
    ImGui::Render();

    glViewport(0, 0, app.canvas_width, app.canvas_height);
    const ImVec4 page = ui::theme_colours().page;
    glClearColor(page.x, page.y, page.z, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ui::probe().end_frame();
}

void start_ui() {
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    g_app->window = glfwCreateWindow(1280, 800, "wagw", nullptr, nullptr);
    if (!g_app->window) {
        std::puts("[wagw] WebGL2 is not available in this browser");
        return;
    }
    glfwMakeContextCurrent(g_app->window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // nothing to persist between visits yet
    ImGui_ImplGlfw_InitForOpenGL(g_app->window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    g_app->link.start();
    std::puts("[wagw] ui started");
    emscripten_set_main_loop(frame, 0, false);
}

}  // namespace

int main() {
    if (!glfwInit()) {
        std::puts("[wagw] cannot start GLFW");
        return 1;
    }
    g_app = new App();  // lives as long as the page
    ui::download_fonts(start_ui);
    return 0;
}
