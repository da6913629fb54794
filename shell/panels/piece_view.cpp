// The piece view: copies of every piece across the swarm now, a bar each, and the fewest copies and the
// spread over the run so far, so a class sees rarest-first flatten the bars. Click a bar to follow it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "palette.h"
#include "panels.h"

namespace swarmscope {

void draw_piece_view(const ShellState& s, UiOutput& out) {
    const Session& session = s.session;
    const Swarm& swarm = session.swarm();
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    const std::vector<uint32_t>& copies = swarm.copies();
    if (copies.empty()) return;
    const auto [lo, hi] = std::minmax_element(copies.begin(), copies.end());
    double mean = 0, var = 0;
    for (uint32_t c : copies) mean += c;
    mean /= static_cast<double>(copies.size());
    for (uint32_t c : copies) var += (c - mean) * (c - mean);
    const double sd = std::sqrt(var / static_cast<double>(copies.size()));
    ImGui::Text("copies per piece now: fewest %u, most %u, mean %.1f, spread (std. dev.) %.2f", *lo, *hi, mean, sd);
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = std::max(60.0f, ImGui::GetContentRegionAvail().y * 0.5f);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("piece-bars", ImVec2(w, h));
    remember(out, "piece-bars");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float peak = static_cast<float>(std::max<size_t>(1, swarm.peers().size()));
    const float bw = w / static_cast<float>(copies.size());
    const Selection& sel = session.selection();
    for (size_t i = 0; i < copies.size(); ++i) {
        const float bh = h * static_cast<float>(copies[i]) / peak;
        const bool selected = sel.kind == SelectionKind::piece && sel.id == i;
        const Colour c = selected ? pal.highlight : copies[i] == *lo ? pal.free_rider : pal.have;
        dl->AddRectFilled(ImVec2(o.x + bw * i + (bw > 3 ? 0.5f : 0), o.y + h - bh), ImVec2(o.x + bw * (i + 1) - (bw > 3 ? 0.5f : 0), o.y + h), c);
    }
    dl->AddLine(ImVec2(o.x, o.y + h), ImVec2(o.x + w, o.y + h), pal.text_dim);
    if (ImGui::IsItemHovered()) {
        const size_t i = std::min(copies.size() - 1, static_cast<size_t>((ImGui::GetIO().MousePos.x - o.x) / bw));
        ImGui::SetTooltip("piece %zu: %u copies\nclick to see who holds it and how it spread", i, copies[i]);
        if (ImGui::IsItemClicked()) out.commands.push_back("select piece " + std::to_string(i));
    }
    ImGui::TextDisabled("red: the rarest pieces now. Rarest-first asks for these first, so the bars level out.");

    // The fewest copies and the spread over time, sampled from the history kept by the session.
    const auto& history = session.copy_history();
    if (history.size() >= 2) {
        std::vector<float> mins, sds;
        for (const CopySample& c : history) {
            if (c.time > session.view_time()) break;
            mins.push_back(static_cast<float>(c.min));
            sds.push_back(c.sd);
        }
        const float ph = std::max(40.0f, (ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing()) * 0.5f - 4);
        if (!mins.empty()) {
            ImGui::PlotLines("##min", mins.data(), static_cast<int>(mins.size()), 0, "fewest copies of any piece, over time", 0, peak,
                             ImVec2(w, ph));
            ImGui::PlotLines("##sd", sds.data(), static_cast<int>(sds.size()), 0, "spread of copies (std. dev.), over time", 0,
                             std::max(1.0f, *std::max_element(sds.begin(), sds.end())), ImVec2(w, ph));
        }
    }
}

}  // namespace swarmscope
