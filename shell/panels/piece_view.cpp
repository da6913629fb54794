// The piece view: copies of every piece across the swarm now, a bar each, and the fewest copies and the
// spread over the run so far, so a class sees rarest-first flatten the bars. Click a bar to follow it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "i18n.h"
#include "imgui.h"
#include "palette.h"
#include "panels.h"

namespace swarmscope {

namespace {
std::string num(const char* format, double value) {
    char text[32];
    std::snprintf(text, sizeof text, format, value);
    return text;
}
}  // namespace

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
    ImGui::TextUnformatted(tr("pieces.summary", {std::to_string(*lo), std::to_string(*hi), num("%.1f", mean), num("%.2f", sd)}).c_str());
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
        ImGui::SetTooltip("%s", tr(copies[i] == 1 ? "pieces.bar_tip.one" : "pieces.bar_tip.other", {std::to_string(i), std::to_string(copies[i])}).c_str());
        if (ImGui::IsItemClicked()) out.commands.push_back("select piece " + std::to_string(i));
    }
    ImGui::TextDisabled("%s", tr("pieces.rarest_hint"));

    // The fewest copies and the spread over time, against simulated time.
    const auto& samples = session.pieces().samples();
    const float ph = std::max(50.0f, ImGui::GetContentRegionAvail().y - 8);
    const ImVec2 q = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("copies-over-time", ImVec2(w, ph));
    remember(out, "copies-over-time");
    dl->AddRect(q, ImVec2(q.x + w, q.y + ph), pal.grid);
    const double t_end = std::max(1.0, to_seconds(std::max(session.furthest_time(), session.view_time())));
    float sd_peak = 1;
    for (const CopiesSample& c : samples) sd_peak = std::max(sd_peak, c.stddev);
    auto X = [&](SimTime t) { return q.x + static_cast<float>(to_seconds(t) / t_end) * w; };
    auto curve = [&](auto value, float top, Colour colour) {
        ImVec2 prev(q.x, q.y + ph);
        bool first = true;
        for (const CopiesSample& c : samples) {
            if (c.time > session.view_time()) break;
            const ImVec2 p(X(c.time), q.y + ph - ph * std::min(1.0f, value(c) / top));
            if (!first) dl->AddLine(prev, ImVec2(p.x, prev.y), colour, 2), dl->AddLine(ImVec2(p.x, prev.y), p, colour, 2);
            prev = p;
            first = false;
        }
        if (!first) dl->AddLine(prev, ImVec2(X(session.view_time()), prev.y), colour, 2);
    };
    curve([](const CopiesSample& c) { return static_cast<float>(c.min); }, peak, pal.free_rider);
    curve([](const CopiesSample& c) { return c.stddev; }, sd_peak, pal.leecher);
    dl->AddText(ImVec2(q.x + 4, q.y + 2), pal.free_rider, tr("pieces.curve_fewest"));
    dl->AddText(ImVec2(q.x + 4, q.y + 2 + ImGui::GetFontSize()), pal.leecher, tr("pieces.curve_spread"));
    char label[32];
    std::snprintf(label, sizeof label, "%.0f s", t_end);
    dl->AddText(ImVec2(q.x + w - ImGui::CalcTextSize(label).x - 4, q.y + ph - ImGui::GetFontSize() - 2), pal.text_dim, label);
}

}  // namespace swarmscope
