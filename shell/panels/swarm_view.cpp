// The swarm view: the tracker in the middle, peers on rings around it, every connection with the state
// of both its directions, and the messages in flight moving along them at the controller's view time.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "choker.h"
#include "i18n.h"
#include "reason_words.h"
#include "imgui.h"
#include "palette.h"
#include "panels.h"
#include "swarm_layout.h"

namespace swarmscope {

namespace {

constexpr float pi = 3.14159265358979f;

struct Mapper {
    ImVec2 centre;
    float scale = 1;
    ImVec2 operator()(LayoutPoint p) const { return {centre.x + p.x * scale, centre.y + p.y * scale}; }
};

ImVec2 lerp(ImVec2 a, ImVec2 b, float t) { return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; }

// A unit vector to the right of travel from a to b: each direction of a connection keeps to its side.
ImVec2 side_of(ImVec2 a, ImVec2 b) {
    const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
    return len > 0 ? ImVec2(-dy / len, dx / len) : ImVec2(0, 0);
}

float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
    const float dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    const float t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0f, 1.0f) : 0;
    const float ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return std::sqrt(ex * ex + ey * ey);
}

void arrow_head(ImDrawList* dl, ImVec2 tip, ImVec2 from, float size, Colour c) {
    const float dx = tip.x - from.x, dy = tip.y - from.y, len = std::sqrt(dx * dx + dy * dy);
    if (len <= 0) return;
    const ImVec2 u(dx / len, dy / len), n(-u.y, u.x);
    dl->AddTriangleFilled(tip, ImVec2(tip.x - u.x * size + n.x * size * 0.55f, tip.y - u.y * size + n.y * size * 0.55f),
                          ImVec2(tip.x - u.x * size - n.x * size * 0.55f, tip.y - u.y * size - n.y * size * 0.55f), c);
}

void dotted_line(ImDrawList* dl, ImVec2 a, ImVec2 b, Colour c, float thickness) {
    const float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
    const int n = std::max(1, static_cast<int>(len / 6));
    for (int i = 0; i < n; i += 2)
        dl->AddLine(lerp(a, b, static_cast<float>(i) / n), lerp(a, b, static_cast<float>(i + 1) / n), c, thickness);
}

// Message names, placed so that none covers another name, a peer or the tracker. Each tries the places
// beside its dot in turn: first the side it is heading to when it moves mostly sideways (so it does
// not run over the disc it is leaving), or the side away from its line when it moves mostly up or down
// (so neighbours bound for the same place, the tracker, do not run into one another); then the other
// side, above and below. A name with no free place is left out: its dot's colour and the legend still
// say what it is, and hovering names it.
class LabelPlacer {
public:
    void block(ImVec2 min, ImVec2 max) { taken_.push_back({min, max}); }
    // Where the name of a message at `at`, from `from` towards `to`, goes (its top left), if anywhere.
    std::optional<ImVec2> place(ImVec2 at, ImVec2 from, ImVec2 to, float gap, ImVec2 size) {
        const bool sideways = std::abs(to.x - from.x) >= 0.6f * std::abs(to.y - from.y);
        const bool left = sideways ? to.x < from.x : to.x > from.x;
        const float beside_y = at.y - size.y * 0.5f;
        const ImVec2 right(at.x + gap, beside_y), other(at.x - gap - size.x, beside_y);
        const ImVec2 tries[] = {left ? other : right, left ? right : other, ImVec2(at.x - size.x * 0.5f, at.y - gap - size.y),
                                ImVec2(at.x - size.x * 0.5f, at.y + gap)};
        for (const ImVec2& t : tries) {
            const Box box{t, ImVec2(t.x + size.x, t.y + size.y)};
            if (std::any_of(taken_.begin(), taken_.end(), [&](const Box& b) { return overlap(box, b); })) continue;
            taken_.push_back(box);
            return t;
        }
        return std::nullopt;
    }

private:
    struct Box {
        ImVec2 min, max;
    };
    static bool overlap(const Box& a, const Box& b) {
        return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
    }
    std::vector<Box> taken_;
};

// The place on screen of a message's sender or receiver, from each peer's place (`screen`).
ImVec2 end_position(PeerId id, const Mapper& map, const std::vector<ImVec2>& screen) {
    return id == tracker_end ? map({0, 0}) : screen[id];
}

struct Hover {
    enum Kind { none, peer, message, connection } kind = none;
    uint32_t id = 0;   // peer or connection
    size_t index = 0;  // message: index into in_flight()
};

// A number as the view shows it: `decimals` after the point.
std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string peer_title(const Peer& p) {
    const std::string id = std::to_string(p.id);
    std::string t = tr(p.initial_seed ? "view.peer.seed"
                       : p.free_rider ? "view.peer.free_rider"
                       : p.complete() ? "view.peer.complete"
                                      : "view.peer.leecher",
                       {id});
    if (p.status == PeerStatus::offline) t = tr("view.peer_offline", {t});
    if (p.status == PeerStatus::waiting) t = tr("view.peer_waiting", {t});
    return t;
}

void peer_tooltip(const Swarm& swarm, const Peer& p) {
    ImGui::TextUnformatted(peer_title(p).c_str());
    ImGui::TextUnformatted(tr("view.peer_pieces", {std::to_string(p.have_count), std::to_string(p.have.size())}).c_str());
    int unchoking = 0, unchoked_by = 0;
    for (const Link& l : swarm.links_of(p)) {
        if (!l.open) continue;
        unchoking += !l.am_choking;
        unchoked_by += !l.peer_choking;
    }
    ImGui::TextUnformatted(tr(p.open_links == 1 ? "view.peer_links.one" : "view.peer_links.other",
                              {std::to_string(p.open_links), std::to_string(unchoking), std::to_string(unchoked_by)})
                               .c_str());
    ImGui::TextUnformatted(
        tr("view.peer_traffic", {fixed(static_cast<double>(p.uploaded) / (1 << 20), 2), fixed(static_cast<double>(p.downloaded) / (1 << 20), 2)})
            .c_str());

    ImGui::TextDisabled("%s", tr("view.peer_hint"));
}

void peer_menu(const Swarm& swarm, PeerId id, UiOutput& out) {
    const Peer& p = swarm.peers()[id];
    const std::string n = std::to_string(id);
    ImGui::TextDisabled("%s", tr("view.whatif_title", {n}).c_str());
    ImGui::Separator();
    if (p.status == PeerStatus::online && ImGui::MenuItem(tr_id("view.menu.leave").c_str())) out.commands.push_back("whatif leave " + n);
    if (p.status == PeerStatus::offline && !p.removed && ImGui::MenuItem(tr_id("view.menu.rejoin").c_str())) out.commands.push_back("whatif rejoin " + n);
    if (!p.initial_seed) {
        if (!p.free_rider && ImGui::MenuItem(tr_id("view.menu.freerider").c_str())) out.commands.push_back("whatif freerider " + n);
        if (p.free_rider && ImGui::MenuItem(tr_id("view.menu.stop_freeriding").c_str())) out.commands.push_back("whatif freerider " + n + " off");
    }
    if (ImGui::BeginMenu(tr_id("view.menu.rate").c_str())) {
        for (const char* rate : {"4KiB/s", "8KiB/s", "16KiB/s", "32KiB/s", "64KiB/s", "256KiB/s", "1MiB/s"})
            if (ImGui::MenuItem(rate)) out.commands.push_back("whatif rate " + n + " " + rate);
        ImGui::EndMenu();
    }
    if (p.status == PeerStatus::online) {
        // Blocks that travel by reference (large files and swarms) are never hashed: nothing to corrupt.
        if (ImGui::MenuItem(tr_id("view.menu.corrupt").c_str(), nullptr, false, swarm.real_payload()))
            out.commands.push_back("whatif corrupt " + n);
        if (!swarm.real_payload() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", tr("view.menu.corrupt_off"));
    }
    if (!p.removed && ImGui::MenuItem(tr_id("view.menu.remove").c_str())) out.commands.push_back("whatif remove " + n);
    ImGui::Separator();
    if (ImGui::MenuItem(tr_id("view.menu.inspect").c_str())) out.commands.push_back("select peer " + n);
}

// What the lesson's current step asks the class to look at: peers and the holders of pieces ringed,
// connections drawn over in the highlight colour.
void draw_lesson_highlight(const ShellState& s, const Swarm& swarm, const Mapper& map, const SwarmLayout& layout, float peer_r,
                           float line, ImDrawList* dl) {
    const LessonRun* lesson = s.session.lesson();
    if (!lesson) return;
    const LessonHighlight& h = lesson->current().highlight;
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    const float pulse = 0.65f + 0.35f * std::sin(static_cast<float>(ImGui::GetTime()) * 4.0f);
    auto ring = [&](PeerId id, float scale) {
        if (id >= swarm.peers().size()) return;
        dl->AddCircle(map(layout.place(id)), peer_r * scale, with_alpha(pal.highlight, pulse), 40, 3.0f * line);
    };
    for (PeerId id : h.peers) ring(id, 1.9f);
    for (PieceIndex piece : h.pieces)
        for (const Peer& p : swarm.peers())
            if (p.status == PeerStatus::online && piece < p.have.size() && p.have[piece]) ring(p.id, 1.55f);
    for (const auto& [a, b] : h.connections) {
        if (a >= swarm.peers().size() || b >= swarm.peers().size()) continue;
        dl->AddLine(map(layout.place(a)), map(layout.place(b)), with_alpha(pal.highlight, pulse * 0.8f), 5.0f * line);
    }
}

void draw_one_swarm(const ShellState& s, const Session& session, const Rect& area, UiOutput& out, const char* window,
                    const std::string& caption, bool primary) {
    const Swarm& swarm = session.swarm();
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
    ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, pal.background);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;
    const bool visible = ImGui::Begin(window, nullptr, flags);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    if (!visible) {
        ImGui::End();
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin(area.x, area.y);
    ImGui::SetCursorScreenPos(origin);
    ImGui::InvisibleButton("swarm-canvas", ImVec2(area.w, area.h),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight | ImGuiButtonFlags_MouseButtonMiddle);
    if (primary) remember(out, "swarm");
    const bool canvas_hovered = ImGui::IsItemHovered();
    ImGuiIO& io = ImGui::GetIO();

    // Zoom at the mouse, pan by dragging.
    ViewTransform view = s.view;
    if (canvas_hovered && io.MouseWheel != 0) {
        const float old_zoom = view.zoom;
        view.zoom = std::clamp(view.zoom * std::pow(1.15f, io.MouseWheel), 0.25f, 8.0f);
        const ImVec2 c(area.x + area.w * 0.5f + view.pan_x, area.y + area.h * 0.5f + view.pan_y);
        const float k = view.zoom / old_zoom;
        view.pan_x += (io.MousePos.x - c.x) * (1 - k);
        view.pan_y += (io.MousePos.y - c.y) * (1 - k);
        out.view = view;
    }
    const bool dragging = ImGui::IsItemActive() && (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4) ||
                                                    ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 2));
    if (dragging) {
        view.pan_x += io.MouseDelta.x;
        view.pan_y += io.MouseDelta.y;
        out.view = view;
    }

    const SwarmLayout layout(static_cast<size_t>(swarm.config().peers + swarm.config().seeds));
    const float extra = swarm.peers().size() > static_cast<size_t>(swarm.config().peers + swarm.config().seeds) ? 1.35f : 1.12f;
    Mapper map;
    // The top of the view is kept for the time and the counts, and the keys' hint under them at t = 0,
    // wrapped to the view's width (kept while the hint is gone too, so the ring does not move when play
    // starts).
    const float hint_width = std::max(1.0f, area.w - 20);
    const float hint_height = ImGui::CalcTextSize(tr("view.hint"), nullptr, false, hint_width).y;
    const float header = std::max(ImGui::GetFontSize() * 2.9f, 8 + ImGui::GetFontSize() * 1.9f + hint_height);
    map.centre = ImVec2(area.x + area.w * 0.5f + view.pan_x, area.y + header + (area.h - header) * 0.5f + view.pan_y);
    map.scale = std::min(area.w, area.h - header) * 0.5f / extra * view.zoom;
    const float line = pal.line_scale * std::clamp(map.scale / 300.0f, 0.6f, 1.6f);
    const float peer_r = std::max(5.0f, layout.peer_radius() * map.scale);

    dl->PushClipRect(origin, ImVec2(area.x + area.w, area.y + area.h), true);
    for (float y = area.y + 16; y < area.y + area.h; y += 32)
        for (float x = area.x + 16; x < area.x + area.w; x += 32) dl->AddCircleFilled(ImVec2(x, y), 1.0f, pal.grid, 4);

    const Selection& sel = session.selection();
    const PeerId focus = sel.kind == SelectionKind::peer ? sel.id : no_peer;
    const ImVec2 mouse = io.MousePos;
    Hover hover;
    float best = 1e9f;

    // Which peers hold the selected piece: ringed, and the rest dimmed.
    const bool piece_focus = sel.kind == SelectionKind::piece;

    const bool crowd_ok = swarm.peers().size() <= 60;
    // Each peer's place on screen, worked out once for the connections, messages and discs.
    std::vector<ImVec2> screen(swarm.peers().size());
    for (size_t id = 0; id < screen.size(); ++id) screen[id] = map(layout.place(id));
    // Connections, once each (from the end with the lower id), each direction on its own side. The
    // link table is read in order, both ends of a connection side by side: in a crowd, over ten
    // thousand links, reading them by peer would wait on memory for each.
    for (LinkId id = 0; id + 1 < swarm.link_count(); id += 2) {
        // A connection's two ends: each one's remote is the other's owner.
        const Link& end0 = swarm.link(id);
        const Link& end1 = swarm.link(id + 1);
        if (!end0.live() || !end1.live()) continue;  // not connected, or closing
        const Link& l = end1.remote < end0.remote ? end0 : end1;  // the lower id's end
        const PeerId owner = &l == &end0 ? end1.remote : end0.remote;
        if (!l.open || owner >= swarm.peers().size() || l.remote >= swarm.peers().size()) continue;
        const Peer& p = swarm.peers()[owner];
        if (p.status != PeerStatus::online) continue;
        const ImVec2 a = screen[p.id];
        const Peer& q = swarm.peers()[l.remote];
        const bool touches_focus = focus == no_peer || focus == p.id || focus == q.id;
        const bool selected_conn = sel.kind == SelectionKind::connection && sel.id == l.conn;
        // In a large swarm only what flows is drawn, unless the connection touches the selected peer
        // (thousands of connections: the others are passed over before any geometry).
        const bool detail = crowd_ok || (focus != no_peer && touches_focus) || selected_conn;
        const bool flows = (!l.am_choking && l.peer_interested) || (!l.peer_choking && l.am_interested);
        if (!detail && !flows && !canvas_hovered) continue;
        const ImVec2 b = screen[q.id];
        const float alpha = touches_focus ? 1.0f : 0.12f;
        const ImVec2 n = side_of(a, b);
        const float off = 2.5f * line;
        if (detail) dl->AddLine(a, b, with_alpha(pal.choked, alpha * 0.6f), (selected_conn ? 3.0f : 1.0f) * line);
        // Direction p -> q: p uploads to q when it has unchoked q.
        struct Dir {
            bool unchoked, interested, optimistic;
            ImVec2 from, to;
            float sign;
        } dirs[2] = {
            {!l.am_choking, l.peer_interested, p.optimistic == q.id, a, b, 1},
            {!l.peer_choking, l.am_interested, q.optimistic == p.id, b, a, -1},
        };
        for (const Dir& d : dirs) {
            const ImVec2 shift(n.x * off * d.sign, n.y * off * d.sign);
            const ImVec2 from(d.from.x + shift.x, d.from.y + shift.y), to(d.to.x + shift.x, d.to.y + shift.y);
            // Stop short of the discs, so the arrow shows where blocks go.
            const float len = std::sqrt((to.x - from.x) * (to.x - from.x) + (to.y - from.y) * (to.y - from.y));
            if (len < 2 * peer_r + 2) continue;
            const ImVec2 start = lerp(from, to, peer_r / len), end = lerp(from, to, 1 - (peer_r + 1) / len);
            if (d.unchoked && d.interested) {
                const Colour c = with_alpha(d.optimistic ? pal.optimistic : pal.unchoked, alpha);
                dl->AddLine(start, end, c, 2.2f * line);
                arrow_head(dl, end, start, 7 * line, c);
            } else if (!detail) {
                continue;
            } else if (d.unchoked) {
                dl->AddLine(start, end, with_alpha(d.optimistic ? pal.optimistic : pal.unchoked, alpha * 0.45f), 1.0f * line);
            } else if (d.interested) {
                dotted_line(dl, start, end, with_alpha(pal.interested, alpha * 0.8f), 1.2f * line);
            }
        }
        if (canvas_hovered) {
            const float dist = distance_to_segment(mouse, a, b);
            if (dist < 4 && dist + 6 < best) {
                best = dist + 6;  // peers and messages win over the line under them
                hover = {Hover::connection, l.conn, 0};
            }
        }
    }

    // The tracker.
    const ImVec2 tc = map({0, 0});
    const float tw = std::max(28.0f, peer_r * 2.4f), th = std::max(16.0f, peer_r * 1.3f);
    dl->AddRectFilled(ImVec2(tc.x - tw, tc.y - th), ImVec2(tc.x + tw, tc.y + th), with_alpha(pal.tracker, 0.18f), 6);
    dl->AddRect(ImVec2(tc.x - tw, tc.y - th), ImVec2(tc.x + tw, tc.y + th), pal.tracker, 6, 0, 1.5f * line);
    {
        const char* label = tr("view.tracker");
        const ImVec2 ts = ImGui::CalcTextSize(label);
        dl->AddText(ImVec2(tc.x - ts.x * 0.5f, tc.y - ts.y * 0.5f), pal.text, label);
    }

    // Messages in flight, coloured by kind, at their place along the link at the view time; and the
    // messages that arrived during the last step by message, flying slowly enough to follow.
    const auto& msgs = session.in_flight();
    const bool labels = msgs.size() <= 40 || view.zoom >= 2;
    // In a crowded swarm messages are specks, so the peers and the flows stay readable.
    const float dot = crowd_ok ? std::clamp(peer_r * 0.28f, 3.0f, 7.0f) * (s.presentation ? 1.3f : 1.0f) : 1.8f;
    const float off = 2.5f * line;
    struct Spot {
        ImVec2 a, b, at;
        ImVec2 bar_from;  // while still leaving the sender: where its bar starts (it ends at `at`)
        bool drawn = false;
    };
    static std::vector<Spot> spots;  // per message, this frame (kept: a crowd has thousands)
    spots.assign(msgs.size(), Spot{});
    for (size_t i = 0; i < msgs.size(); ++i) {
        const InFlightMessage& m = msgs[i];
        if (m.sender != tracker_end && m.sender >= swarm.peers().size()) continue;
        if (m.receiver != tracker_end && m.receiver >= swarm.peers().size()) continue;
        Spot& sp = spots[i];
        sp.a = end_position(m.sender, map, screen), sp.b = end_position(m.receiver, map, screen);
        const ImVec2 n = side_of(sp.a, sp.b);
        const float len = std::sqrt((sp.b.x - sp.a.x) * (sp.b.x - sp.a.x) + (sp.b.y - sp.a.y) * (sp.b.y - sp.a.y));
        const float margin = len > 0 ? std::min(0.45f, peer_r / len) : 0;
        const bool leaving = m.stage == InFlightStage::transmitting && m.progress > 0;
        const float t = leaving ? margin + static_cast<float>(m.progress) * 0.35f * (1 - 2 * margin)  // the tip of its bar
                                : margin + static_cast<float>(m.travelled) * (1 - 2 * margin);
        const ImVec2 shift(n.x * off, n.y * off);
        sp.at = lerp(sp.a, sp.b, t);
        sp.at.x += shift.x;
        sp.at.y += shift.y;
        if (leaving) sp.bar_from = ImVec2(lerp(sp.a, sp.b, margin).x + shift.x, lerp(sp.a, sp.b, margin).y + shift.y);
        sp.drawn = true;
    }
    struct FlightSpot {
        ImVec2 a, b, at;
        const InFlightMessage* m;
    };
    std::vector<FlightSpot> flying;
    for (const Flight& f : session.flights()) {
        const InFlightMessage& m = f.message;
        if (m.sender != tracker_end && m.sender >= swarm.peers().size()) continue;
        if (m.receiver != tracker_end && m.receiver >= swarm.peers().size()) continue;
        const ImVec2 a = end_position(m.sender, map, screen), b = end_position(m.receiver, map, screen);
        const float k = std::clamp(static_cast<float>((session.wall_now() - f.started) / Session::flight_seconds), 0.0f, 1.0f);
        const float eased = k * k * (3 - 2 * k);
        const float t = static_cast<float>(f.from) + (1 - static_cast<float>(f.from)) * eased;
        const ImVec2 n = side_of(a, b);
        ImVec2 at = lerp(a, b, t);
        at.x += n.x * off;
        at.y += n.y * off;
        flying.push_back({a, b, at, &m});
    }
    // Names: the peers and the tracker are kept clear; the messages a class follows (those flying after
    // a step, the selected one) are named first, then the others while there is room.
    const bool is_selected_message = sel.kind == SelectionKind::message;
    auto selected = [&](const InFlightMessage& m) {
        return is_selected_message && sel.message.conn == m.conn && sel.message.dir == m.dir && sel.message.sent == m.sent &&
               sel.message.part == m.part;
    };
    LabelPlacer names;
    static std::vector<std::optional<ImVec2>> name_at;
    name_at.assign(msgs.size(), std::nullopt);
    std::vector<std::optional<ImVec2>> flight_name_at(flying.size());
    if (labels || is_selected_message || !flying.empty()) {
        for (const Peer& p : swarm.peers())
            if (p.status != PeerStatus::waiting)
                names.block(ImVec2(screen[p.id].x - peer_r, screen[p.id].y - peer_r), ImVec2(screen[p.id].x + peer_r, screen[p.id].y + peer_r));
        names.block(ImVec2(tc.x - tw, tc.y - th), ImVec2(tc.x + tw, tc.y + th));
        for (size_t k = 0; k < flying.size(); ++k)
            flight_name_at[k] = names.place(flying[k].at, flying[k].a, flying[k].b, dot * 1.6f + 4,
                                            ImGui::CalcTextSize(message_label(flying[k].m->kind)));
        for (int pass = 0; pass < 2; ++pass)  // the selected message first, then the rest
            for (size_t i = 0; i < msgs.size(); ++i) {
                const InFlightMessage& m = msgs[i];
                const bool touches_focus = focus == no_peer || m.sender == focus || m.receiver == focus;
                const bool chosen = selected(m);
                if (!spots[i].drawn || chosen != (pass == 0) || !(chosen || (labels && touches_focus))) continue;
                name_at[i] = names.place(spots[i].at, spots[i].a, spots[i].b, dot + 2, ImGui::CalcTextSize(message_label(m.kind)));
            }
    }
    for (size_t i = 0; i < msgs.size(); ++i) {
        const InFlightMessage& m = msgs[i];
        const Spot& sp = spots[i];
        if (!sp.drawn) continue;
        const ImVec2 at = sp.at;
        const bool touches_focus = focus == no_peer || m.sender == focus || m.receiver == focus;
        const Colour c = message_colour(m.kind);
        const float alpha = (touches_focus ? 1.0f : 0.2f) * (m.dropped ? 0.35f : 1.0f) * (crowd_ok || focus != no_peer ? 1.0f : 0.6f);
        if (m.stage == InFlightStage::transmitting && m.progress > 0) {
            // Still leaving the sender: a bar growing along the link with the share of its bytes sent.
            dl->AddLine(sp.bar_from, at, with_alpha(c, alpha * 0.7f), std::max(1.5f, dot * 0.45f));
        }
        if (crowd_ok) dl->AddCircleFilled(at, dot, with_alpha(c, alpha));
        else dl->AddRectFilled(ImVec2(at.x - dot, at.y - dot), ImVec2(at.x + dot, at.y + dot), with_alpha(c, alpha));  // a speck
        if (m.dropped) dl->AddLine(ImVec2(at.x - dot, at.y - dot), ImVec2(at.x + dot, at.y + dot), pal.text, 1.5f);
        if (selected(m)) dl->AddCircle(at, dot + 4, pal.selection, 16, 2.0f);
        if (name_at[i]) dl->AddText(*name_at[i], with_alpha(c, alpha), message_label(m.kind));
        if (primary) out.message_screen.push_back({i, PeerOnScreen{static_cast<PeerId>(i), at.x, at.y, dot}});
        if (canvas_hovered) {
            const float dx = mouse.x - at.x, dy = mouse.y - at.y, d = std::sqrt(dx * dx + dy * dy);
            if (d < dot + 4 && d < best) {
                best = d;
                hover = {Hover::message, 0, i};
            }
        }
    }
    for (size_t k = 0; k < flying.size(); ++k) {
        const Colour c = message_colour(flying[k].m->kind);
        dl->AddCircleFilled(flying[k].at, dot * 1.6f, c, 16);
        dl->AddCircle(flying[k].at, dot * 1.6f + 3, pal.selection, 16, 1.5f);
        if (flight_name_at[k]) dl->AddText(*flight_name_at[k], c, message_label(flying[k].m->kind));
    }

    // Peers: a disc per peer with a ring showing its share of the file. Circles are left to ImGui to
    // divide by their size (num_segments 0): a speck of a peer in a crowd takes a dozen points, not 32.
    const float font = ImGui::GetFontSize();
    // The selected peer's neighbours stay bright; everyone else is dimmed.
    std::vector<bool> near_focus(swarm.peers().size(), focus == no_peer);
    if (focus < swarm.peers().size()) {
        near_focus[focus] = true;
        for (const Link& l : swarm.links_of(swarm.peers()[focus]))
            if (l.live() && l.remote < near_focus.size()) near_focus[l.remote] = true;
    }
    for (const Peer& p : swarm.peers()) {
        if (p.status == PeerStatus::waiting) continue;
        const ImVec2 c = screen[p.id];
        const bool online = p.status == PeerStatus::online;
        const bool dim = !near_focus[p.id] ||
                         (piece_focus && !(sel.id < p.have.size() && p.have[sel.id]));
        const float alpha = dim ? 0.35f : 1.0f;
        const Colour body = !online ? pal.offline : p.initial_seed ? pal.seed : p.free_rider ? pal.free_rider : pal.leecher;
        const float share = p.have.size() ? static_cast<float>(p.have_count) / static_cast<float>(p.have.size()) : 0;
        const float ring = std::max(2.0f, peer_r * 0.3f);
        if (p.initial_seed) {
            // Seeds are squares.
            const float h = peer_r * 0.9f;
            dl->AddRectFilled(ImVec2(c.x - h, c.y - h), ImVec2(c.x + h, c.y + h), with_alpha(body, alpha), 3);
            dl->AddRect(ImVec2(c.x - h - 2, c.y - h - 2), ImVec2(c.x + h + 2, c.y + h + 2), with_alpha(pal.text, alpha), 3, 0, 1.2f * line);
        } else {
            if (online) dl->AddCircleFilled(c, peer_r - ring, with_alpha(body, alpha * 0.9f));
            // The share of the file this peer holds, clockwise from the top.
            dl->AddCircle(c, peer_r - ring * 0.5f, with_alpha(pal.missing, alpha), 0, ring);
            if (share > 0) {
                dl->PathArcTo(c, peer_r - ring * 0.5f, -pi / 2, -pi / 2 + 2 * pi * share);
                dl->PathStroke(with_alpha(online ? pal.have : pal.offline, alpha), 0, ring);
            }
            if (p.free_rider) {
                // A broken outline.
                for (int k = 0; k < 8; ++k) {
                    dl->PathArcTo(c, peer_r + 2.5f, 2 * pi * k / 8, 2 * pi * (k + 0.5f) / 8, 4);
                    dl->PathStroke(with_alpha(pal.free_rider, alpha), 0, 1.5f * line);
                }
            }
            if (!online) {
                for (int k = 0; k < 12; ++k) {
                    dl->PathArcTo(c, peer_r, 2 * pi * k / 12, 2 * pi * (k + 0.5f) / 12, 4);
                    dl->PathStroke(with_alpha(pal.offline, alpha), 0, 1.2f);
                }
            }
        }
        if (focus == p.id || (sel.kind == SelectionKind::connection && swarm.net().connection_count() > sel.id &&
                              (swarm.net().conn(sel.id).owner[0] == p.id || swarm.net().conn(sel.id).owner[1] == p.id)))
            dl->AddCircle(c, peer_r + 5, pal.selection, 32, 2.5f);
        if (piece_focus && sel.id < p.have.size() && p.have[sel.id]) dl->AddCircle(c, peer_r + 5, pal.highlight, 32, 2.5f);
        // The id inside a disc that has room for it, beside it otherwise.
        char label[16];
        std::snprintf(label, sizeof label, "%u", p.id);
        const ImVec2 ls = ImGui::CalcTextSize(label);
        const Colour text = with_alpha(p.initial_seed || !online ? pal.background : pal.text, alpha);
        if (ls.x < peer_r * 1.5f && ls.y < peer_r * 1.6f)
            dl->AddText(ImVec2(c.x - ls.x * 0.5f, c.y - ls.y * 0.5f), p.initial_seed ? with_alpha(IM_COL32(0, 0, 0, 255), alpha) : text, label);
        else if (crowd_ok || focus == p.id)
            dl->AddText(ImVec2(c.x + peer_r + 2, c.y - font * 0.5f), with_alpha(pal.text_dim, alpha), label);
        if (primary) out.peer_screen.push_back({p.id, c.x, c.y, peer_r});
        if (canvas_hovered) {
            const float dx = mouse.x - c.x, dy = mouse.y - c.y, d = std::sqrt(dx * dx + dy * dy);
            if (d < peer_r + 3 && d < best + 6) {
                best = d;
                hover = {Hover::peer, p.id, 0};
            }
        }
    }

    // The selected piece's spread: who passed it to whom.
    if (piece_focus) {
        for (const Peer& p : swarm.peers()) {
            const std::optional<Acquisition> got = session.pieces().acquired(swarm.trace(), p.id, sel.id);
            if (!got || got->from == no_peer || got->from >= swarm.peers().size()) continue;
            const ImVec2 a = screen[got->from], b = screen[p.id];
            const float len = std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));
            if (len < 2 * peer_r + 4) continue;
            const ImVec2 start = lerp(a, b, (peer_r + 4) / len), end = lerp(a, b, 1 - (peer_r + 6) / len);
            dl->AddLine(start, end, with_alpha(pal.highlight, 0.9f), 2.5f * line);
            arrow_head(dl, end, start, 9 * line, pal.highlight);
        }
    }

    draw_lesson_highlight(s, swarm, map, layout, peer_r, line, dl);

    // A line of text saying what is on screen, top left.
    {
        const std::string done = std::to_string(swarm.metrics().completed), leechers = std::to_string(swarm.leechers());
        std::string info;
        if (caption.empty())
            info = tr("view.info", {fixed(to_seconds(session.view_time()), 3), tr("view.leechers_done", {done, leechers}),
                                    tr(msgs.size() == 1 ? "view.in_flight.one" : "view.in_flight.other", {std::to_string(msgs.size())})});
        else  // a half of a comparison: what it is first, then only what differs
            info = tr("view.compare_info", {caption, fixed(to_seconds(session.view_time()), 1), done, leechers});
        dl->AddText(ImVec2(area.x + 10, area.y + 8), caption.empty() ? pal.text : pal.highlight, info.c_str());
        if (session.view_time() == 0 && !s.session.lesson()) {
            const char* hint = tr("view.hint");
            dl->AddText(ImGui::GetFont(), font, ImVec2(area.x + 10, area.y + 8 + font * 1.3f), pal.highlight, hint, nullptr, hint_width);
        }
    }
    dl->PopClipRect();

    if (!primary) {  // the compared swarm is watched, not edited
        ImGui::End();
        return;
    }
    // Hover and click.
    if (canvas_hovered && !dragging) {
        if (hover.kind == Hover::peer) {
            ImGui::BeginTooltip();
            peer_tooltip(swarm, swarm.peers()[hover.id]);
            ImGui::EndTooltip();
        } else if (hover.kind == Hover::message) {
            const InFlightMessage& m = msgs[hover.index];
            ImGui::BeginTooltip();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(message_colour(m.kind)), "%s", message_label(m.kind));
            ImGui::TextUnformatted(in_flight_text(m).c_str());
            ImGui::TextDisabled("%s", tr("view.message_hint", {stage_words(m.stage)}).c_str());
            ImGui::EndTooltip();
        } else if (hover.kind == Hover::connection) {
            const Connection& c = swarm.net().conn(hover.id);
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(tr("view.connection", {std::to_string(c.owner[0]), std::to_string(c.owner[1])}).c_str());
            ImGui::TextDisabled("%s", tr("view.connection_hint"));
            ImGui::EndTooltip();
        }
    }
    const ImVec2 drag = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0);
    if (ImGui::IsItemDeactivated() && drag.x * drag.x + drag.y * drag.y < 16 && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        if (hover.kind == Hover::peer) out.commands.push_back("select peer " + std::to_string(hover.id));
        else if (hover.kind == Hover::message) out.commands.push_back("select message " + std::to_string(hover.index));
        else if (hover.kind == Hover::connection) out.commands.push_back("select connection " + std::to_string(hover.id));
        else out.commands.push_back("deselect");
    }
    ImGuiStorage* storage = ImGui::GetStateStorage();
    if (canvas_hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
        storage->SetInt(ImGui::GetID("menu-kind"), hover.kind);
        storage->SetInt(ImGui::GetID("menu-id"), static_cast<int>(hover.kind == Hover::message ? hover.index : hover.id));
        ImGui::OpenPopup("swarm-menu");
    }
    if (ImGui::BeginPopup("swarm-menu")) {
        const int kind = storage->GetInt(ImGui::GetID("menu-kind"));
        const int id = storage->GetInt(ImGui::GetID("menu-id"));
        if (kind == Hover::peer && static_cast<size_t>(id) < swarm.peers().size()) {
            peer_menu(swarm, static_cast<PeerId>(id), out);
        } else if (kind == Hover::message && static_cast<size_t>(id) < msgs.size()) {
            ImGui::TextDisabled("%s", in_flight_text(msgs[static_cast<size_t>(id)]).c_str());
            ImGui::Separator();
            if (ImGui::MenuItem(tr_id("view.menu.drop").c_str())) out.commands.push_back("whatif drop " + std::to_string(id));
            if (ImGui::MenuItem(tr_id("view.menu.inspect").c_str())) out.commands.push_back("select message " + std::to_string(id));
        } else {
            if (ImGui::MenuItem(tr_id("view.menu.add").c_str())) out.commands.push_back("whatif add");
            if (ImGui::MenuItem(tr_id("view.menu.reset_zoom").c_str())) out.commands.push_back("view reset");
        }
        ImGui::EndPopup();
    }
    ImGui::End();
}

}  // namespace

void draw_swarm_view(const ShellState& s, const Rect& area, UiOutput& out) {
    const Session* other = s.session.compared();
    const LessonRun* lesson = s.session.lesson();
    if (!other || !lesson || !lesson->lesson().compare) {
        draw_one_swarm(s, s.session, area, out, "Swarm", "", true);
        return;
    }
    // A comparison: the two swarms side by side, each captioned with what it is.
    const LessonCompare& c = *lesson->lesson().compare;
    const float half = std::floor(area.w * 0.5f);
    draw_one_swarm(s, s.session, Rect{area.x, area.y, half, area.h}, out, "Swarm", c.label, true);
    draw_one_swarm(s, *other, Rect{area.x + half, area.y, area.w - half, area.h}, out, "Swarm##compared", c.other_label, false);
    ImGui::GetForegroundDrawList()->AddLine(ImVec2(area.x + half, area.y), ImVec2(area.x + half, area.y + area.h),
                                            ImGui::GetColorU32(ImGuiCol_Border), 2.0f);
}

}  // namespace swarmscope
