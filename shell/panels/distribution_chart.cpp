// The distribution-time chart: leechers finished over time, against the textbook's lower bounds for
// this swarm (client-server D_cs and peer-to-peer D_p2p), with the term that sets each bound named.
#include <algorithm>
#include <cstdio>
#include <string>

#include "formula_text.h"
#include "i18n.h"
#include "imgui.h"
#include "model.h"
#include "palette.h"
#include "panels.h"
#include "run_report.h"

namespace swarmscope {

namespace {
// The term that sets a bound, in words and in the formula's notation.
const char* term_key(BoundTerm term) {
    switch (term) {
        case BoundTerm::server_upload_all: return "chart.term.server_all";
        case BoundTerm::server_upload_one: return "chart.term.server_one";
        case BoundTerm::slowest_download: return "chart.term.download";
        case BoundTerm::total_upload: return "chart.term.total";
    }
    return "chart.term.total";
}

std::string num(const char* format, double value) {
    char text[32];
    std::snprintf(text, sizeof text, format, value);
    return text;
}
}  // namespace

void draw_distribution_chart(const ShellState& s, UiOutput& out) {
    const Session& session = s.session;
    const Swarm& swarm = session.swarm();
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    const ModelInput in = model_input(swarm.config());
    const Bound cs = client_server_bound(in), p2p = p2p_bound(in);
    const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    formula_text_line("D_cs ≥ " + num("%.1f", cs.seconds) + " s", pal.free_rider);
    ImGui::SameLine();
    formula_text_line(tr("chart.cs_set_by", {tr(term_key(cs.term))}), dim);
    formula_text_line("D_p2p ≥ " + num("%.1f", p2p.seconds) + " s", pal.leecher);
    ImGui::SameLine();
    formula_text_line(tr("chart.p2p_set_by", {tr(term_key(p2p.term))}), dim);
    const SwarmMetrics& m = swarm.metrics();
    if (m.distribution_time >= 0 && m.distribution_time <= session.view_time()) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.have), "%s",
                           tr("chart.achieved", {num("%.1f", to_seconds(m.distribution_time)), num("%.2f", to_seconds(m.distribution_time) / p2p.seconds)})
                               .c_str());
    } else {
        ImGui::TextDisabled("%s", tr("chart.not_yet", {std::to_string(m.completed), std::to_string(swarm.leechers())}).c_str());
    }
    const float w = ImGui::GetContentRegionAvail().x, h = std::max(80.0f, ImGui::GetContentRegionAvail().y - 4);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("chart", ImVec2(w, h));
    remember(out, "chart");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float left = 34, bottom = ImGui::GetFontSize() + 6;
    const ImVec2 a(o.x + left, o.y + 4), b(o.x + w - 8, o.y + h - bottom);
    const double t_max = std::max({cs.seconds * 1.05, p2p.seconds * 1.6, to_seconds(session.furthest_time()) * 1.05, 1.0});
    const int n = std::max(1, swarm.leechers());
    auto X = [&](double t) { return a.x + static_cast<float>(t / t_max) * (b.x - a.x); };
    auto Y = [&](double k) { return b.y - static_cast<float>(k / n) * (b.y - a.y); };
    dl->AddRect(a, b, pal.grid);
    char label[48];
    std::snprintf(label, sizeof label, "%d", n);
    dl->AddText(ImVec2(o.x + 2, a.y), pal.text_dim, label);
    dl->AddText(ImVec2(o.x + 2, b.y - ImGui::GetFontSize()), pal.text_dim, "0");
    std::snprintf(label, sizeof label, "%.0f s", t_max);
    dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(label).x, b.y + 2), pal.text_dim, label);
    dl->AddText(ImVec2(a.x + 4, b.y + 2), pal.text_dim, tr("chart.axis"));
    for (const auto& [bound, colour, name] : {std::tuple{cs.seconds, pal.free_rider, "D_cs"}, std::tuple{p2p.seconds, pal.leecher, "D_p2p"}}) {
        if (bound > t_max) continue;
        dl->AddLine(ImVec2(X(bound), a.y), ImVec2(X(bound), b.y), colour, 2 * pal.line_scale);
        formula_text_at(X(bound) + 3, a.y + 2, name, colour);
    }
    // The achieved curve: a step up at each completion, up to the view time.
    ImVec2 prev(X(0), Y(0));
    for (const CompletionPoint& c : session.completions()) {
        if (c.time > session.view_time()) break;
        const ImVec2 up(X(to_seconds(c.time)), Y(c.completed));
        dl->AddLine(prev, ImVec2(up.x, prev.y), pal.have, 2.5f * pal.line_scale);
        dl->AddLine(ImVec2(up.x, prev.y), up, pal.have, 2.5f * pal.line_scale);
        prev = up;
    }
    dl->AddLine(prev, ImVec2(X(to_seconds(session.view_time())), prev.y), pal.have, 2.5f * pal.line_scale);
    dl->AddLine(ImVec2(X(to_seconds(session.view_time())), a.y), ImVec2(X(to_seconds(session.view_time())), b.y), pal.text_dim, 1);
}

}  // namespace swarmscope
