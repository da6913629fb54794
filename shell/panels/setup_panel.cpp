// The set-up panel: the swarm a lecture starts from. Apply restarts the run with it.
#include <cstdio>
#include <initializer_list>
#include <string>

#include "choker.h"
#include "i18n.h"
#include "imgui.h"
#include "panels.h"

namespace swarmscope {

namespace {

std::string kib(double bytes_per_s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0fKiB/s", bytes_per_s / 1024);
    return buf;
}

// A combo's items from table keys, in ImGui's form: each ended by a zero, the list by another.
std::string combo_items(std::initializer_list<const char*> keys) {
    std::string items;
    for (const char* key : keys) {
        items += tr(key);
        items += '\0';
    }
    return items;
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
    ImGui::SliderInt(tr_id("setup.leechers").c_str(), &draft.peers, 1, 200);
    ImGui::SliderInt(tr_id("setup.seeds").c_str(), &draft.seeds, 1, 8);
    int pieces = static_cast<int>(draft.pieces);
    if (ImGui::SliderInt(tr_id("setup.pieces").c_str(), &pieces, 1, 1024)) draft.pieces = static_cast<uint32_t>(pieces);
    int piece_kib = static_cast<int>(draft.piece_size / 1024);
    if (ImGui::SliderInt(tr_id("setup.piece_size").c_str(), &piece_kib, 16, 1024)) draft.piece_size = static_cast<uint32_t>(piece_kib) * 1024;
    char mib[32];
    std::snprintf(mib, sizeof mib, "%.2f", static_cast<double>(draft.file_bytes()) / (1 << 20));
    ImGui::TextDisabled("%s", tr("setup.file", {mib}).c_str());
    float server = static_cast<float>(draft.server_up / 1024), up = static_cast<float>(draft.peer_up / 1024),
          down = static_cast<float>(draft.peer_down / 1024);
    if (ImGui::SliderFloat(tr_id("setup.server_up").c_str(), &server, 4, 10240, "%.0f", ImGuiSliderFlags_Logarithmic)) draft.server_up = server * 1024.0;
    if (ImGui::SliderFloat(tr_id("setup.peer_up").c_str(), &up, 4, 10240, "%.0f", ImGuiSliderFlags_Logarithmic)) draft.peer_up = up * 1024.0;
    if (ImGui::SliderFloat(tr_id("setup.peer_down").c_str(), &down, 4, 102400, "%.0f", ImGuiSliderFlags_Logarithmic)) draft.peer_down = down * 1024.0;
    int preset = static_cast<int>(draft.preset);
    ImGui::Combo(tr_id("setup.choking").c_str(), &preset,
                 combo_items({"setup.preset.textbook", "setup.preset.bep3", "setup.preset.mainline"}).c_str());
    draft.preset = static_cast<ChokePreset>(preset);
    int picker = static_cast<int>(draft.picker);
    ImGui::Combo(tr_id("setup.piece_order").c_str(), &picker,
                 combo_items({"setup.picker.rarest", "setup.picker.random", "setup.picker.in_order"}).c_str());
    draft.picker = static_cast<PiecePolicy>(picker);
    ImGui::Checkbox(tr_id("setup.choking_on").c_str(), &draft.choking);
    ImGui::Checkbox(tr_id("setup.rotation").c_str(), &draft.seed_rotation);
    int after = draft.after_complete == AfterComplete::leave ? 1 : 0;
    ImGui::Combo(tr_id("setup.when_done").c_str(), &after, combo_items({"setup.after.stay", "setup.after.leave"}).c_str());
    draft.after_complete = after == 1 ? AfterComplete::leave : AfterComplete::stay;
    ImGui::SliderInt(tr_id("setup.free_riders").c_str(), &draft.free_riders, 0, draft.peers);
    int seed = static_cast<int>(draft.rng_seed);
    if (ImGui::InputInt(tr_id("setup.rng_seed").c_str(), &seed) && seed >= 0) draft.rng_seed = static_cast<uint64_t>(seed);
    ImGui::PopItemWidth();
    if (ImGui::Button(tr_id("setup.apply").c_str())) {
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
    if (ImGui::Button(tr_id("setup.default").c_str())) {
        out.commands.push_back("setup default");
        fresh = true;
    }
}

}  // namespace swarmscope
