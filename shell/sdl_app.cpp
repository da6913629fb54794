#include "sdl_app.h"

#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "fonts.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl2.h"
#include "sdl_asset_files.h"
#include "ui.h"

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#else
#include <SDL_opengl.h>
#endif

static_assert(sizeof(ImDrawIdx) == 4, "ImDrawIdx must be 32-bit (shell/config/swarmscope_imgui_config.h)");

namespace swarmscope {

bool SdlApp::init(const char* title, int width, int height, std::string& error) {
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        error = std::string("SDL_Init failed: ") + SDL_GetError();
        return false;
    }
#ifdef __EMSCRIPTEN__
    const char* glsl = "#version 300 es";  // WebGL2 is OpenGL ES 3.0
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
#else
    const char* glsl = "#version 130";
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, 0);
#endif
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    window_ = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height,
                               SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!window_) {
        error = std::string("could not open a window: ") + SDL_GetError();
        return false;
    }
    gl_ = SDL_GL_CreateContext(window_);
    if (!gl_) {
        error = std::string("could not create an OpenGL context: ") + SDL_GetError();
        return false;
    }
    SDL_GL_MakeCurrent(window_, gl_);
    SDL_GL_SetSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // layout comes from the shell state, not a file
    apply_theme(state_.theme, state_.presentation);
    ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
    ImGui_ImplOpenGL3_Init(glsl);
    // Its shaders are compiled now, not inside the first frame (tens of milliseconds of frame_ms).
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    return true;
}

// In the page the canvas is sized by CSS (the whole window); the drawing buffer follows it at the
// device pixel ratio, so text and lines stay sharp on hi-DPI screens.
void SdlApp::sync_canvas_size() {
#ifdef __EMSCRIPTEN__
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    const double ratio = emscripten_get_device_pixel_ratio();
    int win_w = 0, win_h = 0;
    SDL_GetWindowSize(window_, &win_w, &win_h);
    const int want_w = static_cast<int>(std::lround(css_w)), want_h = static_cast<int>(std::lround(css_h));
    if (want_w > 0 && want_h > 0 && (win_w != want_w || win_h != want_h)) {
        SDL_SetWindowSize(window_, want_w, want_h);
        // SDL may pin the canvas's CSS size in pixels; the stylesheet must keep control of it.
        EM_ASM({ Module.canvas.style.removeProperty("width"); Module.canvas.style.removeProperty("height"); });
    }
    int buf_w = 0, buf_h = 0;
    emscripten_get_canvas_element_size("#canvas", &buf_w, &buf_h);
    const int px_w = static_cast<int>(std::lround(css_w * ratio)), px_h = static_cast<int>(std::lround(css_h * ratio));
    if (px_w > 0 && px_h > 0 && (buf_w != px_w || buf_h != px_h)) emscripten_set_canvas_element_size("#canvas", px_w, px_h);
#endif
}

void SdlApp::sync_pixel_ratio() {
    int win_w = 0, win_h = 0, px_w = 0, px_h = 0;
    SDL_GetWindowSize(window_, &win_w, &win_h);
    SDL_GL_GetDrawableSize(window_, &px_w, &px_h);
    const float ratio = win_w > 0 ? static_cast<float>(px_w) / static_cast<float>(win_w) : 1.0f;
    state_.width = static_cast<float>(win_w);
    state_.height = static_cast<float>(win_h);
    state_.pixel_ratio = ratio;
    const float size = state_.presentation ? presentation_font_size : ui_font_size;
    if (ratio != font_ratio_ || size != font_size_ || state_.glyphs.atlas_stale()) {
        load_fonts(ratio, size, &state_.glyphs);
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
        state_.glyphs.atlas_rebuilt();
        font_ratio_ = ratio;
        font_size_ = size;
    }
}

double SdlApp::wall_now() const {
    using clock = std::chrono::steady_clock;
    static const clock::time_point start = clock::now();
    return std::chrono::duration<double>(clock::now() - start).count();
}

CommandResult SdlApp::command(std::string_view text) { return run_command(state_, text, wall_now()); }

void SdlApp::frame() {
    const double now = wall_now();
    // A long gap (a hidden tab, a breakpoint in a debugger) must not make the swarm jump ahead.
    const double dt = fixed_dt_ > 0 ? fixed_dt_ : last_frame_ < 0 ? 0 : std::min(0.1, now - last_frame_);
    last_frame_ = now;
    sync_canvas_size();
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) {
        ImGui_ImplSDL2_ProcessEvent(&ev);
        if (ev.type == SDL_QUIT) quit_ = true;
    }
    sync_pixel_ratio();
    if (state_.theme != applied_theme_ || state_.presentation != applied_presentation_) {
        apply_theme(state_.theme, state_.presentation);
        applied_theme_ = state_.theme;
        applied_presentation_ = state_.presentation;
    }
    // CPU time for the simulation and the UI, from here until the GPU is asked to draw (window events
    // and a font rebuild after a resize are left out).
    const double work_start = wall_now();
    state_.session.lesson_work();
    state_.session.update(dt, now, panels_ms_);
    const double panels_start = wall_now();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    UiOutput out;
    draw_ui(state_, out);
    ImGui::Render();
    const double work_end = wall_now();
    panels_ms_ = (work_end - panels_start) * 1000.0;  // the simulation's share of the next frame leaves room for it
    state_.frame_times.add((work_end - work_start) * 1000.0);

    const ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (capture_) read_back_buffer();
    SDL_GL_SwapWindow(window_);

    state_.widgets = std::move(out.widgets);
    state_.peer_screen = std::move(out.peer_screen);
    state_.message_screen = std::move(out.message_screen);
    if (out.view) state_.view = *out.view;
    state_.fps = io.Framerate;
    ++state_.frame;
    if (out.editor_text) {
        // Saved first (the page keeps it in the browser), then checked: what was typed is never lost.
        if (editor_changed_) editor_changed_(*out.editor_text);
        editor_typed(state_, std::move(*out.editor_text));
    }
    for (const std::string& c : out.commands) run_command(state_, c, wall_now());
    fetch_language_table(state_);
    fetch_font_files(state_.glyphs, atlas_has);
}

void SdlApp::read_back_buffer() {
    capture_ = false;
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    std::vector<uint8_t> rgba(static_cast<size_t>(w) * h * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    // GL's first row is the bottom one.
    const size_t row = static_cast<size_t>(w) * 4;
    captured_.resize(rgba.size());
    for (int y = 0; y < h; ++y) std::copy_n(rgba.data() + (h - 1 - y) * row, row, captured_.data() + y * row);
    captured_w_ = w;
    captured_h_ = h;
}

void SdlApp::shutdown() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    if (gl_) SDL_GL_DeleteContext(gl_);
    if (window_) SDL_DestroyWindow(window_);
    SDL_Quit();
}

}  // namespace swarmscope
