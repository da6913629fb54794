#include "ui_output.h"

#include "imgui.h"

namespace swarmscope {

void remember(UiOutput& out, const char* name) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    out.widgets[name] = {a.x, a.y, b.x - a.x, b.y - a.y};
}

}  // namespace swarmscope
