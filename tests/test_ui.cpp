// The panels drawn headless (no window, no GPU): what they place on screen and what they ask for.
#include <doctest/doctest.h>

#include "commands.h"
#include "fonts.h"
#include "imgui.h"
#include "ui.h"

using namespace swarmscope;

namespace {

struct HeadlessImGui {
    HeadlessImGui(float width, float height) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(width, height);
        io.DeltaTime = 1.0f / 60.0f;
        load_fonts(1.0f);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }

    UiOutput frame(const ShellState& s) {
        ImGui::NewFrame();
        UiOutput out;
        draw_ui(s, out);
        ImGui::Render();
        return out;
    }
};

}  // namespace

TEST_CASE("the menu bar, swarm area and help window are placed on screen") {
    HeadlessImGui imgui(1280, 720);
    ShellState s;
    imgui.frame(s);  // ImGui lays windows out on the second frame
    UiOutput out = imgui.frame(s);
    REQUIRE(out.widgets.count("help") == 1);
    CHECK(out.widgets["help"].y < 30);
    CHECK(out.widgets["help"].w > 10);
    REQUIRE(out.widgets.count("swarm") == 1);
    CHECK(out.widgets["swarm"].w > 640);  // the centre of the page, beside the panels
    CHECK(out.widgets.count("help-window") == 0);
    CHECK(out.commands.empty());

    s.panels.insert("help");
    imgui.frame(s);
    out = imgui.frame(s);
    CHECK(out.widgets.count("help-window") == 1);
}

TEST_CASE("the font is the embedded Roboto at the screen's pixel ratio") {
    HeadlessImGui imgui(800, 600);
    load_fonts(2.0f);
    const ImGuiIO& io = ImGui::GetIO();
    REQUIRE(io.Fonts->Fonts.Size == 1);
    CHECK(io.Fonts->Fonts[0]->FontSize == doctest::Approx(2 * ui_font_size));
    CHECK(io.FontGlobalScale == doctest::Approx(0.5f));
    CHECK(std::string(io.Fonts->Fonts[0]->GetDebugName()).find("Roboto") == 0);
}

TEST_CASE("draw lists use 32-bit indices, so a large swarm fits in one list") {
    HeadlessImGui imgui(800, 600);
    ImGui::NewFrame();
    ImGui::Begin("many circles");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < 1500; ++i) dl->AddCircleFilled(ImVec2(100.0f + i % 500, 100.0f + i / 500), 5, IM_COL32_WHITE, 32);
    CHECK(dl->VtxBuffer.Size > 65535);
    ImGui::End();
    ImGui::Render();
    CHECK(sizeof(ImDrawIdx) == 4);
}

TEST_CASE("every connection can be opened in the inspector, a tracker connection too, at the start and later") {
    HeadlessImGui imgui(1280, 720);
    ShellState s;
    for (const char* when : {"seek 0s", "seek 30s"}) {
        REQUIRE(run_command(s, when, 0).ok);
        const size_t n = s.session.swarm().net().connection_count();
        REQUIRE(n > 0);
        for (size_t c = 0; c < n; ++c) {
            CAPTURE(c);
            REQUIRE(run_command(s, "select connection " + std::to_string(c), 0).ok);
            const UiOutput out = imgui.frame(s);
            CHECK(out.widgets.count("inspector") == 1);
        }
    }
}
