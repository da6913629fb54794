// The narration log: the run told in plain words, grouped (joins, choking rounds, first copies,
// completions, departures), up to the view time, newest at the bottom. Clicking an entry seeks there.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "i18n.h"
#include "reason_words.h"
#include "imgui.h"
#include "panels.h"
#include "row_heights.h"
#include "text_wrap.h"

namespace swarmscope {

namespace {

// Its name in the tables.
const char* kind_key(NarrationKind k) {
    switch (k) {
        case NarrationKind::joined: return "narration.kind.joined";
        case NarrationKind::rejoined: return "narration.kind.rejoined";
        case NarrationKind::choke_round: return "narration.kind.choke_round";
        case NarrationKind::completed: return "narration.kind.completed";
        case NarrationKind::left: return "narration.kind.left";
        case NarrationKind::first_copy: return "narration.kind.first_copy";
    }
    return "?";
}

constexpr NarrationKind kinds[] = {NarrationKind::joined, NarrationKind::rejoined, NarrationKind::choke_round,
                                   NarrationKind::first_copy, NarrationKind::completed, NarrationKind::left};

}  // namespace

void draw_narration(const ShellState& s, UiOutput& out) {
    const Session& session = s.session;
    // Filters are the reader's own view of the log, not part of the lecture's state.
    static int peer_filter = -1;
    static bool shown[6] = {true, true, true, true, true, true};
    ImGui::TextUnformatted(tr("narration.show"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    const std::string peer_label = peer_filter < 0 ? std::string(tr("narration.every_peer")) : tr("narration.peer", {std::to_string(peer_filter)});
    if (ImGui::BeginCombo("##peer-filter", peer_label.c_str())) {
        if (ImGui::Selectable(tr_id("narration.every_peer").c_str(), peer_filter < 0)) peer_filter = -1;
        for (size_t p = 0; p < session.swarm().peers().size(); ++p)
            if (ImGui::Selectable((tr("narration.peer", {std::to_string(p)}) + "###p" + std::to_string(p)).c_str(), peer_filter == static_cast<int>(p))) peer_filter = static_cast<int>(p);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    int hidden = 0;
    for (bool b : shown) hidden += !b;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::BeginCombo("##kind-filter", tr(hidden == 0 ? "narration.every_kind" : "narration.some_kinds"))) {
        for (size_t k = 0; k < 6; ++k) ImGui::Checkbox(tr_id(kind_key(kinds[k])).c_str(), &shown[k]);
        ImGui::EndCombo();
    }
    ImGui::BeginChild("narration-lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    remember(out, "narration");
    const SimTime now = session.view_time();
    // A long run tells thousands of entries: only those in view are laid out, the others are space of
    // their height (wrapped text measured once per entry, width and font).
    static RowHeights heights;
    static std::vector<size_t> rows;
    static std::vector<float> tops;
    const std::vector<NarrationEntry>& narration = session.narration();
    const float spacing = ImGui::GetStyle().ItemSpacing.y, width = ImGui::GetContentRegionAvail().x;
    heights.measure_for(width, ImGui::GetFontSize());
    auto time_label = [](char (&label)[40], const NarrationEntry& e, size_t i) {
        std::snprintf(label, sizeof label, "%8.2f s##n%zu", to_seconds(e.time), i);
    };
    // A height is measured for the words in the page's language: another language measures again.
    const size_t lang_salt = static_cast<size_t>(std::find(languages().begin(), languages().end(), language()) - languages().begin());
    rows.clear();
    tops.clear();
    float end = 0;
    for (size_t i = 0; i < narration.size(); ++i) {
        const NarrationEntry& e = narration[i];
        if (e.time > now) break;
        if (!shown[static_cast<size_t>(e.kind)]) continue;
        if (peer_filter >= 0 && e.peer != static_cast<PeerId>(peer_filter)) continue;
        rows.push_back(i);
        tops.push_back(end);
        end += heights.height(i, e.text.size() * 4 + lang_salt, [&] {
            char label[40];
            time_label(label, e, i);
            const float wrap = width - ImGui::CalcTextSize(label, nullptr, true).x - ImGui::GetStyle().ItemSpacing.x;
            const std::string words = narration_words(e);
            return std::max(ImGui::GetFontSize(), ImGui::CalcTextSize(break_lines(words, std::max(1.0f, wrap)).c_str()).y) + spacing;
        });
    }
    const float list_top = ImGui::GetCursorPosY();
    const auto [first, last] = rows_in_view(tops, end, ImGui::GetScrollY() - list_top, ImGui::GetWindowHeight());
    if (first > 0) ImGui::Dummy(ImVec2(0, std::max(0.0f, tops[first] - spacing)));
    for (size_t k = first; k < last; ++k) {
        const size_t i = rows[k];
        const NarrationEntry& e = narration[i];
        const float row_top = ImGui::GetCursorPosY();
        char label[40];
        time_label(label, e, i);
        if (ImGui::Selectable(label, false, ImGuiSelectableFlags_AllowOverlap)) {
            char cmd[48];
            std::snprintf(cmd, sizeof cmd, "seek %.6fs", to_seconds(e.time));
            out.commands.push_back(cmd);
        }
        ImGui::SameLine();
        text_wrapped(narration_words(e).c_str());
        heights.drawn(i, e.text.size() * 4 + lang_salt, ImGui::GetCursorPosY() - row_top);
    }
    if (last < rows.size()) ImGui::Dummy(ImVec2(0, std::max(0.0f, end - tops[last] - spacing)));
    if (rows.empty()) ImGui::TextDisabled("%s", tr("narration.empty"));
    // Follow the newest entry while the run moves on, unless the reader scrolled up.
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 40) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
}

}  // namespace swarmscope
