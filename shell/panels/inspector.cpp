// The inspector: what is selected, opened up. A peer shows its pieces, its next request and why, its
// neighbours in both directions and its last choking round; a message its fields and bytes; a piece
// who holds it; a connection both its directions.
#include <algorithm>
#include <cstdio>
#include <string>

#include "choker.h"
#include "imgui.h"
#include "palette.h"
#include "panels.h"
#include "request_preview.h"

namespace swarmscope {

namespace {

void section(const char* title) {
    ImGui::Spacing();
    ImGui::SeparatorText(title);
}

// Pieces as a grid of squares: have, downloading, or missing shaded by how rare the piece is among
// this peer's neighbours (darker: fewer copies around it).
void piece_grid(const ShellState& s, const Peer& p, UiOutput& out) {
    const Palette& pal = palette(s.theme == Theme::dark, s.presentation);
    const uint32_t count = static_cast<uint32_t>(p.have.size());
    const float avail_w = ImGui::GetContentRegionAvail().x;
    const float cell = std::clamp(avail_w / 20.0f, 8.0f, s.presentation ? 26.0f : 18.0f);
    const int per_row = std::max(1, static_cast<int>(avail_w / cell));
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    uint16_t most = 1;
    for (uint32_t i = 0; i < count; ++i) most = std::max(most, p.picker.availability(i));
    const int rows = (static_cast<int>(count) + per_row - 1) / per_row;
    ImGui::InvisibleButton("piece-grid", ImVec2(cell * static_cast<float>(per_row), cell * static_cast<float>(rows)));
    const bool hovered = ImGui::IsItemHovered();
    const bool clicked = ImGui::IsItemClicked();
    for (uint32_t i = 0; i < count; ++i) {
        const float x = o.x + static_cast<float>(i % static_cast<uint32_t>(per_row)) * cell;
        const float y = o.y + static_cast<float>(i / static_cast<uint32_t>(per_row)) * cell;
        Colour c;
        if (p.have[i]) c = pal.have;
        else if (p.picker.downloading(i)) c = pal.downloading;
        else {
            const float rarity = 1.0f - static_cast<float>(p.picker.availability(i)) / static_cast<float>(most);
            c = with_alpha(pal.free_rider, 0.15f + 0.75f * rarity);
        }
        dl->AddRectFilled(ImVec2(x + 1, y + 1), ImVec2(x + cell - 1, y + cell - 1), c, 2);
        if (!p.have[i] && p.picker.availability(i) == 0) dl->AddRect(ImVec2(x + 1, y + 1), ImVec2(x + cell - 1, y + cell - 1), pal.text_dim, 2);
        if (hovered && ImGui::IsMouseHoveringRect(ImVec2(x, y), ImVec2(x + cell, y + cell))) {
            ImGui::SetTooltip("piece %u: %s; %u of its neighbours have it%s", i,
                              p.have[i] ? "has it" : p.picker.downloading(i) ? "downloading" : "missing",
                              p.picker.availability(i), p.have[i] ? "" : "\nclick to follow this piece");
            if (clicked) out.commands.push_back("select piece " + std::to_string(i));
        }
    }
    ImGui::TextDisabled("green: has it   blue: downloading   red: missing (stronger: rarer among its neighbours)");
}

void neighbours_table(const Swarm& swarm, const Peer& p, UiOutput& out) {
    ImGui::TextDisabled("up: what this peer sends them; down: what they send it. (wants): interested.");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("neighbours", 6, flags)) return;
    ImGui::TableSetupColumn("peer");
    ImGui::TableSetupColumn("up");
    ImGui::TableSetupColumn("rate up");
    ImGui::TableSetupColumn("down");
    ImGui::TableSetupColumn("rate down");
    ImGui::TableSetupColumn("pieces");
    ImGui::TableHeadersRow();
    for (const Link& l : swarm.links_of(p)) {
        if (!l.live()) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        char label[32];
        std::snprintf(label, sizeof label, "%u%s##n%u", l.remote, l.open ? "" : " (connecting)", l.remote);
        if (ImGui::Selectable(label, false, ImGuiSelectableFlags_SpanAllColumns)) out.commands.push_back("select peer " + std::to_string(l.remote));
        ImGui::TableNextColumn();
        // Blocks go up to them only while they are interested and we have unchoked them.
        const char* up = l.am_choking ? "choked" : p.optimistic == l.remote ? "optimistic" : "unchoked";
        if (l.am_choking) ImGui::TextDisabled("%s%s", up, l.peer_interested ? " (wants)" : "");
        else ImGui::Text("%s%s", up, l.peer_interested ? " (wants)" : "");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_rate(l.up_rate).c_str());
        ImGui::TableNextColumn();
        if (l.peer_choking) ImGui::TextDisabled("choked%s", l.am_interested ? " (wants)" : "");
        else ImGui::Text("unchoked%s", l.am_interested ? " (wants)" : "");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_rate(l.down_rate).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%u", l.remote_count);
    }
    ImGui::EndTable();
}

void last_choke_round(const Swarm& swarm, const Peer& p) {
    const ChokeRecord* r = swarm.last_choke(p.id);
    if (!r) {
        ImGui::TextDisabled("no choking round yet (the first comes within 10 s of joining)");
        return;
    }
    ImGui::Text("at t = %.1f s, as a %s%s", to_seconds(r->time), r->as_seed ? "seed (ranks by how fast they download from it)" : "leecher (ranks by how fast they upload to it)",
                r->optimistic_round ? "; the optimistic unchoke rotated" : "");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("ranking", 4, flags)) return;
    ImGui::TableSetupColumn("rank", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("peer", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("rate", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("decision and why");
    ImGui::TableHeadersRow();
    std::vector<const ChokeReason*> order;
    for (const ChokeReason& c : r->reasons) order.push_back(&c);
    // Ranked neighbours first, in rank order; those not interested after them.
    std::stable_sort(order.begin(), order.end(), [](const ChokeReason* a, const ChokeReason* b) {
        return (a->rank == 0 ? 1 << 30 : a->rank) < (b->rank == 0 ? 1 << 30 : b->rank);
    });
    for (const ChokeReason* c : order) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (c->rank > 0) ImGui::Text("%d", c->rank);
        else ImGui::TextDisabled("-");
        ImGui::TableNextColumn();
        ImGui::Text("%u", c->id);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_rate(c->rate).c_str());
        ImGui::TableNextColumn();
        if (c->unchoke) ImGui::TextColored(ImVec4(0.35f, 0.85f, 0.45f, 1), "%s", c->text.c_str());
        else ImGui::TextWrapped("%s", c->text.c_str());
    }
    ImGui::EndTable();
}

void peer_inspector(const ShellState& s, const Peer& p, UiOutput& out) {
    const Swarm& swarm = s.session.swarm();
    ImGui::Text("Peer %u", p.id);
    ImGui::SameLine();
    const char* role = p.initial_seed ? "seed" : p.free_rider ? "free rider (never uploads)" : p.complete() ? "finished, now seeding" : "leecher";
    ImGui::TextDisabled("%s, %s", role,
                        p.status == PeerStatus::online ? "online" : p.status == PeerStatus::offline ? "offline" : "not joined yet");
    ImGui::Text("%u of %u pieces, %u neighbours", p.have_count, static_cast<unsigned>(p.have.size()), p.open_links);
    if (p.completed_at >= 0 && !p.initial_seed) ImGui::Text("finished at t = %.2f s", to_seconds(p.completed_at));
    section("Pieces");
    piece_grid(s, p, out);
    section("Next request");
    if (p.complete()) {
        ImGui::TextDisabled("none: it has every piece");
    } else if (const std::optional<RequestPreview> next = preview_next_request(swarm, p.id)) {
        ImGui::TextWrapped("%s", next->text.c_str());
    } else {
        ImGui::TextDisabled("nothing to ask for now: no neighbour that unchokes it has a piece it lacks, or its request queues are full");
    }
    section("Neighbours");
    neighbours_table(swarm, p, out);
    section("Last choking round");
    last_choke_round(swarm, p);
}

// Byte ranges of a message's fields, for colouring its hex dump.
struct Field {
    const char* name;
    size_t from, to;  // [from, to)
    std::string value;
};

std::vector<Field> fields_of(const InFlightMessage& m) {
    std::vector<Field> f;
    const size_t n = m.raw.size();
    auto add = [&](const char* name, size_t from, size_t to, std::string value) {
        if (from < n) f.push_back({name, from, std::min(to, n), std::move(value)});
    };
    const Message& msg = m.message;
    if (m.kind == InFlightKind::handshake) {
        add("pstrlen", 0, 1, "19");
        add("pstr", 1, 20, "\"BitTorrent protocol\"");
        add("reserved", 20, 28, "extension bits");
        add("info_hash", 28, 48, "the torrent's SHA-1");
        add("peer_id", 48, 68, "the sender's id");
        return f;
    }
    if (m.kind == InFlightKind::tracker_request || m.kind == InFlightKind::tracker_reply || m.kind == InFlightKind::undecodable) return f;
    uint32_t len = 0;
    if (n >= 4) len = uint32_t(m.raw[0]) << 24 | uint32_t(m.raw[1]) << 16 | uint32_t(m.raw[2]) << 8 | m.raw[3];
    add("length", 0, 4, std::to_string(len));
    if (m.kind == InFlightKind::keep_alive) return f;
    add("id", 4, 5, std::to_string(n > 4 ? m.raw[4] : 0) + " (" + kind_name(msg.kind) + ")");
    switch (msg.kind) {
        case MsgKind::have: add("piece index", 5, 9, std::to_string(msg.index)); break;
        case MsgKind::bitfield: add("bitfield", 5, n, std::to_string(msg.bits.size() * 8) + " bits, one per piece"); break;
        case MsgKind::request:
        case MsgKind::cancel:
            add("index", 5, 9, std::to_string(msg.index));
            add("begin", 9, 13, std::to_string(msg.begin));
            add("length", 13, 17, std::to_string(msg.length));
            break;
        case MsgKind::piece:
            add("index", 5, 9, std::to_string(msg.index));
            add("begin", 9, 13, std::to_string(msg.begin));
            add("block", 13, n, std::to_string(msg.length) + " bytes");
            break;
        default: break;
    }
    return f;
}

void message_inspector(const ShellState& s, const InFlightMessage& m, bool arrived, UiOutput& out) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(message_colour(m.kind)), "%s", message_label(m.kind));
    ImGui::SameLine();
    ImGui::TextUnformatted(arrived ? "(arrived)" : in_flight_stage_name(m.stage));
    ImGui::TextWrapped("%s", in_flight_text(m).c_str());
    ImGui::Text("sent at t = %.3f s", to_seconds(m.sent));
    if (m.arrives >= 0) ImGui::Text("arrives at t = %.3f s", to_seconds(m.arrives));
    if (m.dropped) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "lost on the way (a what-if): it will never arrive");
    const std::vector<Field> fields = fields_of(m);
    static const Colour field_colours[] = {IM_COL32(255, 200, 80, 255), IM_COL32(120, 200, 255, 255), IM_COL32(130, 240, 150, 255),
                                           IM_COL32(255, 140, 200, 255), IM_COL32(200, 170, 255, 255)};
    if (!fields.empty()) {
        section("Fields");
        for (size_t k = 0; k < fields.size(); ++k) {
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(field_colours[k % 5]), "%-12s", fields[k].name);
            ImGui::SameLine(120);
            ImGui::Text("bytes %zu-%zu: %s", fields[k].from, fields[k].to - 1, fields[k].value.c_str());
        }
    }
    if (m.block_omitted) ImGui::TextDisabled("the block's bytes follow the header on the wire; they are left out here");
    if (m.block_by_reference) ImGui::TextDisabled("the block's 16 KiB travel as a reference to the generated file, so only the header is shown");
    section("Bytes");
    const bool text = m.kind == InFlightKind::tracker_request || m.kind == InFlightKind::tracker_reply;
    if (text) {
        // HTTP is text: show it as a lecturer would read it, non-printable bytes escaped.
        std::string shown;
        for (uint8_t b : m.raw) {
            if (b == '\r') continue;
            if (b == '\n' || (b >= 32 && b < 127)) shown += static_cast<char>(b);
            else {
                char esc[8];
                std::snprintf(esc, sizeof esc, "\\x%02x", b);
                shown += esc;
            }
        }
        ImGui::TextWrapped("%s", shown.c_str());
    }
    const size_t shown_bytes = std::min<size_t>(m.raw.size(), text ? 64 : 256);
    ImGui::PushFont(nullptr);
    for (size_t row = 0; row < shown_bytes; row += 16) {
        ImGui::TextDisabled("%04zx", row);
        for (size_t i = row; i < std::min(row + 16, shown_bytes); ++i) {
            ImGui::SameLine(0, i % 8 == 0 ? 10 : 4);
            Colour c = IM_COL32(180, 180, 180, 255);
            for (size_t k = 0; k < fields.size(); ++k)
                if (i >= fields[k].from && i < fields[k].to) c = field_colours[k % 5];
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c), "%02x", m.raw[i]);
        }
    }
    ImGui::PopFont();
    if (m.raw.size() > shown_bytes) ImGui::TextDisabled("... %zu more bytes", m.raw.size() - shown_bytes);
    if (!arrived && m.stage == InFlightStage::propagating && !m.dropped) {
        ImGui::Spacing();
        const auto& msgs = s.session.in_flight();
        for (size_t i = 0; i < msgs.size(); ++i)
            if (&msgs[i] == &m && ImGui::Button("Lose this message on its way")) out.commands.push_back("whatif drop " + std::to_string(i));
        remember(out, "drop-message");
    }
}

void piece_inspector(const ShellState& s, PieceIndex piece, UiOutput& out) {
    const Swarm& swarm = s.session.swarm();
    ImGui::Text("Piece %u", piece);
    ImGui::Text("%u copies among online peers", piece < swarm.copies().size() ? swarm.copies()[piece] : 0);
    ImGui::TextDisabled("highlighted on the swarm view, with arrows from whom each holder got it");
    section("How it spread");
    std::vector<std::pair<Acquisition, PeerId>> holders;
    for (const Peer& p : swarm.peers())
        if (const std::optional<Acquisition> got = s.session.pieces().acquired(swarm.trace(), p.id, piece)) holders.push_back({*got, p.id});
    std::sort(holders.begin(), holders.end(), [](const auto& a, const auto& b) { return a.first.time < b.first.time; });
    for (const auto& [got, peer] : holders) {
        char line[96];
        if (got.from == no_peer) std::snprintf(line, sizeof line, "from the start  peer %u (a seed)##h%u", peer, peer);
        else std::snprintf(line, sizeof line, "t = %7.2f s  peer %u got it from peer %u##h%u", to_seconds(got.time), peer, got.from, peer);
        if (ImGui::Selectable(line)) out.commands.push_back("select peer " + std::to_string(peer));
    }
}

void connection_inspector(const ShellState& s, ConnId c) {
    const Swarm& swarm = s.session.swarm();
    const Connection& conn = swarm.net().conn(c);
    ImGui::Text("Connection %u: peer %u and peer %u", c, conn.owner[0], conn.owner[1]);
    for (int side = 0; side < 2; ++side) {
        const PeerId a = conn.owner[side], b = conn.owner[1 - side];
        if (a >= swarm.peers().size()) continue;
        const Link& l = swarm.link(link_id(c, side));
        if (!l.live()) continue;
        section(("peer " + std::to_string(a) + " -> peer " + std::to_string(b)).c_str());
        ImGui::Text("peer %u is %s in peer %u's pieces", b, l.peer_interested ? "interested" : "not interested", a);
        ImGui::Text("peer %u %s peer %u%s", a, l.am_choking ? "chokes" : "unchokes", b,
                    !l.am_choking && swarm.peers()[a].optimistic == b ? " (its optimistic unchoke)" : "");
        ImGui::Text("blocks flow at %s", format_rate(l.up_rate).c_str());
    }
}

}  // namespace

void draw_inspector(const ShellState& s, UiOutput& out) {
    if (ImGui::Begin("Inspector", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                               ImGuiWindowFlags_NoCollapse)) {
        remember(out, "inspector");
        draw_inspector_contents(s, out);
    }
    ImGui::End();
}

void draw_inspector_contents(const ShellState& s, UiOutput& out) {
    const Session& session = s.session;
    const Selection& sel = session.selection();
    const Swarm& swarm = session.swarm();
    switch (sel.kind) {
        case SelectionKind::peer:
            if (sel.id < swarm.peers().size()) peer_inspector(s, swarm.peers()[sel.id], out);
            break;
        case SelectionKind::message:
            if (const InFlightMessage* m = session.selected_message()) message_inspector(s, *m, false, out);
            else if (sel.last_seen) message_inspector(s, *sel.last_seen, true, out);
            break;
        case SelectionKind::piece: piece_inspector(s, sel.id, out); break;
        case SelectionKind::connection:
            if (sel.id < swarm.net().connection_count()) connection_inspector(s, sel.id);
            break;
        case SelectionKind::none:
            ImGui::TextWrapped("Click a peer, a message or a line between two peers on the swarm view to open it here. "
                               "Right-click a peer for what-ifs: leave, rejoin, free-ride, change its upload.");
            ImGui::Spacing();
            ImGui::Text("%zu peers online, %d of %d leechers done", static_cast<size_t>(std::count_if(swarm.peers().begin(), swarm.peers().end(), [](const Peer& p) {
                            return p.status == PeerStatus::online;
                        })),
                        swarm.metrics().completed, swarm.leechers());
            break;
    }
}

}  // namespace swarmscope
