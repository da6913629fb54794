// About this simulation: what it simplifies, in plain words, so no student takes a shortcut for the protocol.
#include "i18n.h"
#include "imgui.h"
#include "panels.h"
#include "text_wrap.h"

namespace swarmscope {

void draw_about(const ShellState& s, UiOutput& out) {
    (void)s;
    (void)out;
    text_wrapped(tr("about.intro"));
    for (const char* key : {"about.time", "about.bandwidth", "about.latency", "about.hashing", "about.rotation", "about.free_slot",
                            "about.presets", "about.connections"}) {
        ImGui::Bullet();  // BulletText does not wrap: a long line would run off the window
        text_wrapped(tr(key));
    }
}

}  // namespace swarmscope
