// The set-up panel: the swarm a lecture starts from. Apply restarts the run with it.
#include <cstdio>
#include <string>

#include "choker.h"
#include "imgui.h"
#include "panels.h"

namespace swarmscope {

namespace {

std::string kib(double bytes_per_s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0fKiB/s", bytes_per_s / 1024);
    return buf;
}

}  // namespace

void draw_setup(const ShellState& s, UiOutput& out) {
    const SwarmConfig& current = s.session.config();
    // The draft being edited is the panel's own until Apply; it starts from the running swarm.
    static SwarmConfig draft;
    static bool fresh = true;
    if (ImGui::IsWindowAppearing() || fresh) {
        draft = current;
        fresh = false;
    }
    ImGui::PushItemWidth(150);
    ImGui::SliderInt("leechers (N)", &draft.peers, 1, 200);
    ImGui::SliderInt("seeds", &draft.seeds, 1, 8);
    int pieces = static_cast<int>(draft.pieces);
    if (ImGui::SliderInt("pieces", &pieces, 1, 1024)) draft.pieces = static_cast<uint32_t>(pieces);
    int piece_kib = static_cast<int>(draft.piece_size / 1024);
    if (ImGui::SliderInt("piece size (KiB)", &piece_kib, 16, 1024)) draft.piece_size = static_cast<uint32_t>(piece_kib) * 1024;
    ImGui::TextDisabled("file: %.2f MiB", static_cast<double>(draft.file_bytes()) / (1 << 20));
    float server = static_cast<float>(draft.server_up / 1024), up = static_cast<float>(draft.peer_up / 1024),
          down = static_cast<float>(draft.peer_down / 1024);
    if (ImGui::SliderFloat("seeds' upload u_s (KiB/s)", &server, 4, 10240, "%.0f", ImGuiSliderFlags_Logarithmic)) draft.server_up = server * 1024.0;
    if (ImGui::SliderFloat("peer upload u (KiB/s)", &up, 4, 10240, "%.0f", ImGuiSliderFlags_Logarithmic)) draft.peer_up = up * 1024.0;
    if (ImGui::SliderFloat("peer download d (KiB/s)", &down, 4, 102400, "%.0f", ImGuiSliderFlags_Logarithmic)) draft.peer_down = down * 1024.0;
    int preset = static_cast<int>(draft.preset);
    ImGui::Combo("choking", &preset, "textbook: 4 by rate + 1 optimistic\0bep3: 3 by rate + 1 optimistic\0mainline: 3 + 1 optimistic\0");
    draft.preset = static_cast<ChokePreset>(preset);
    int picker = static_cast<int>(draft.picker);
    ImGui::Combo("piece order", &picker, "rarest first (BitTorrent)\0random (a baseline)\0in order (a baseline)\0");
    draft.picker = static_cast<PiecePolicy>(picker);
    ImGui::Checkbox("choking (off: every interested neighbour is served, a baseline)", &draft.choking);
    ImGui::Checkbox("seed rotation (our refinement)", &draft.seed_rotation);
    int after = draft.after_complete == AfterComplete::leave ? 1 : 0;
    ImGui::Combo("when done", &after, "stay and seed\0leave at once\0");
    draft.after_complete = after == 1 ? AfterComplete::leave : AfterComplete::stay;
    ImGui::SliderInt("free riders", &draft.free_riders, 0, draft.peers);
    int seed = static_cast<int>(draft.rng_seed);
    if (ImGui::InputInt("random seed", &seed) && seed >= 0) draft.rng_seed = static_cast<uint64_t>(seed);
    ImGui::PopItemWidth();
    if (ImGui::Button("Apply (restarts the run)")) {
        char cmd[512];
        std::snprintf(cmd, sizeof cmd,
                      "setup peers=%d seeds=%d pieces=%u piece_size=%u server_up=%s peer_up=%s peer_down=%s preset=%s "
                      "rng_seed=%llu after_complete=%s free_riders=%d picker=%s choking=%s seed_rotation=%s",
                      draft.peers, draft.seeds, draft.pieces, draft.piece_size, kib(draft.server_up).c_str(), kib(draft.peer_up).c_str(),
                      kib(draft.peer_down).c_str(), preset_name(draft.preset), static_cast<unsigned long long>(draft.rng_seed),
                      draft.after_complete == AfterComplete::leave ? "leave" : "stay", draft.free_riders,
                      piece_policy_name(draft.picker), draft.choking ? "on" : "off", draft.seed_rotation ? "on" : "off");
        out.commands.push_back(cmd);
    }
    remember(out, "setup-apply");
    ImGui::SameLine();
    if (ImGui::Button("Lecture default")) {
        out.commands.push_back("setup default");
        fresh = true;
    }
}

}  // namespace swarmscope
