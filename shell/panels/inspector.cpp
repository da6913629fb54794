// The inspector: what is selected, opened up. A peer shows its pieces, its next request and why, its
// neighbours in both directions and its last choking round; a message its fields and bytes; a piece
// who holds it; a connection both its directions.
#include <algorithm>
#include <cstdio>
#include <string>

#include "choker.h"
#include "i18n.h"
#include "imgui.h"
#include "palette.h"
#include "panels.h"
#include "reason_words.h"
#include "request_preview.h"
#include "text_wrap.h"

namespace swarmscope {

namespace {

std::string num(const char* format, double value) {
    char text[32];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

// The key for a count: `one` for exactly 1, `other` for any other number.
const char* plural(unsigned long long n, const char* one, const char* other) { return n == 1 ? one : other; }

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
            const unsigned around = p.picker.availability(i);
            std::string tip = tr(plural(around, "inspector.grid_tip.one", "inspector.grid_tip.other"),
                                 {std::to_string(i),
                                  tr(p.have[i] ? "inspector.grid_has" : p.picker.downloading(i) ? "inspector.grid_downloading" : "inspector.grid_missing"),
                                  std::to_string(around)});
            if (!p.have[i]) tip += std::string("\n") + tr("inspector.grid_click");
            ImGui::SetTooltip("%s", tip.c_str());
            if (clicked) out.commands.push_back("select piece " + std::to_string(i));
        }
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    text_wrapped(tr("inspector.grid_key"));  // a long line in any language: wrapped to the panel
    ImGui::PopStyleColor();
}

void neighbours_table(const Swarm& swarm, const Peer& p, UiOutput& out) {
    ImGui::TextDisabled("%s", tr("inspector.neighbours_hint"));
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("neighbours", 6, flags)) return;
    ImGui::TableSetupColumn(tr("inspector.col_peer"));
    ImGui::TableSetupColumn(tr("inspector.col_up"));
    ImGui::TableSetupColumn(tr("inspector.col_rate_up"));
    ImGui::TableSetupColumn(tr("inspector.col_down"));
    ImGui::TableSetupColumn(tr("inspector.col_rate_down"));
    ImGui::TableSetupColumn(tr("inspector.col_pieces"));
    ImGui::TableHeadersRow();
    for (const Link& l : swarm.links_of(p)) {
        if (!l.live()) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string label = (l.open ? std::to_string(l.remote) : tr("inspector.connecting", {std::to_string(l.remote)})) + "##n" +
                                  std::to_string(l.remote);
        if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) out.commands.push_back("select peer " + std::to_string(l.remote));
        ImGui::TableNextColumn();
        // Blocks go up to them only while they are interested and we have unchoked them.
        const char* up = tr(l.am_choking ? "inspector.choked" : p.optimistic == l.remote ? "inspector.optimistic" : "inspector.unchoked");
        const std::string up_text = l.peer_interested ? tr("inspector.wants", {up}) : up;
        if (l.am_choking) ImGui::TextDisabled("%s", up_text.c_str());
        else ImGui::TextUnformatted(up_text.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_rate(l.up_rate).c_str());
        ImGui::TableNextColumn();
        const char* down = tr(l.peer_choking ? "inspector.choked" : "inspector.unchoked");
        const std::string down_text = l.am_interested ? tr("inspector.wants", {down}) : down;
        if (l.peer_choking) ImGui::TextDisabled("%s", down_text.c_str());
        else ImGui::TextUnformatted(down_text.c_str());
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
        ImGui::TextDisabled("%s", tr("inspector.no_round"));
        return;
    }
    const std::string round = tr(r->as_seed ? "inspector.round_as_seed" : "inspector.round_as_leecher", {num("%.1f", to_seconds(r->time))});
    ImGui::TextUnformatted(r->optimistic_round ? tr("inspector.round_rotated", {round}).c_str() : round.c_str());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("ranking", 4, flags)) return;
    ImGui::TableSetupColumn(tr("inspector.col_rank"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("inspector.col_peer"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("inspector.col_rate"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("inspector.col_decision"));
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
        const std::string words = choke_reason_words(*c, r->as_seed, r->wording);
        if (c->unchoke) ImGui::TextColored(ImVec4(0.35f, 0.85f, 0.45f, 1), "%s", words.c_str());
        else text_wrapped(words.c_str());
    }
    ImGui::EndTable();
}

void peer_inspector(const ShellState& s, const Peer& p, UiOutput& out) {
    const Swarm& swarm = s.session.swarm();
    ImGui::TextUnformatted(tr("inspector.peer_title", {std::to_string(p.id)}).c_str());
    ImGui::SameLine();
    const char* role = tr(p.initial_seed  ? "inspector.role_seed"
                          : p.free_rider  ? "inspector.role_free_rider"
                          : p.complete()  ? "inspector.role_finished"
                                          : "inspector.role_leecher");
    const char* status = tr(p.status == PeerStatus::online    ? "inspector.status_online"
                            : p.status == PeerStatus::offline ? "inspector.status_offline"
                                                              : "inspector.status_not_joined");
    ImGui::TextDisabled("%s", tr("inspector.role_status", {role, status}).c_str());
    ImGui::TextUnformatted(tr(plural(p.open_links, "inspector.peer_summary.one", "inspector.peer_summary.other"),
                              {std::to_string(p.have_count), std::to_string(p.have.size()), std::to_string(p.open_links)})
                               .c_str());
    if (p.completed_at >= 0 && !p.initial_seed)
        ImGui::TextUnformatted(tr("inspector.finished_at", {num("%.2f", to_seconds(p.completed_at))}).c_str());
    section(tr("inspector.section_pieces"));
    piece_grid(s, p, out);
    section(tr("inspector.section_next"));
    if (p.complete()) {
        ImGui::TextDisabled("%s", tr("inspector.next_none"));
    } else if (const std::optional<RequestPreview> next = preview_next_request(swarm, p.id)) {
        text_wrapped(request_preview_words(*next).c_str());
    } else {
        ImGui::TextDisabled("%s", tr("inspector.next_nothing"));
    }
    section(tr("inspector.section_neighbours"));
    neighbours_table(swarm, p, out);
    section(tr("inspector.section_round"));
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
        add("reserved", 20, 28, tr("inspector.field_reserved"));
        add("info_hash", 28, 48, tr("inspector.field_info_hash"));
        add("peer_id", 48, 68, tr("inspector.field_peer_id"));
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
        case MsgKind::bitfield: add("bitfield", 5, n, tr("inspector.field_bitfield", {std::to_string(msg.bits.size() * 8)})); break;
        case MsgKind::request:
        case MsgKind::cancel:
            add("index", 5, 9, std::to_string(msg.index));
            add("begin", 9, 13, std::to_string(msg.begin));
            add("length", 13, 17, std::to_string(msg.length));
            break;
        case MsgKind::piece:
            add("index", 5, 9, std::to_string(msg.index));
            add("begin", 9, 13, std::to_string(msg.begin));
            add("block", 13, n, tr(plural(msg.length, "inspector.field_block.one", "inspector.field_block.other"), {std::to_string(msg.length)}));
            break;
        default: break;
    }
    return f;
}

void message_inspector(const ShellState& s, const InFlightMessage& m, bool arrived, UiOutput& out) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(message_colour(m.kind)), "%s", message_label(m.kind));
    ImGui::SameLine();
    ImGui::TextUnformatted(arrived ? tr("inspector.arrived") : stage_words(m.stage));
    text_wrapped(in_flight_text(m).c_str());
    ImGui::TextUnformatted(tr("inspector.sent_at", {num("%.3f", to_seconds(m.sent))}).c_str());
    if (m.arrives >= 0) ImGui::TextUnformatted(tr("inspector.arrives_at", {num("%.3f", to_seconds(m.arrives))}).c_str());
    if (m.dropped) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", tr("inspector.lost"));
    const std::vector<Field> fields = fields_of(m);
    static const Colour field_colours[] = {IM_COL32(255, 200, 80, 255), IM_COL32(120, 200, 255, 255), IM_COL32(130, 240, 150, 255),
                                           IM_COL32(255, 140, 200, 255), IM_COL32(200, 170, 255, 255)};
    if (!fields.empty()) {
        section(tr("inspector.section_fields"));
        for (size_t k = 0; k < fields.size(); ++k) {
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(field_colours[k % 5]), "%-12s", fields[k].name);
            ImGui::SameLine(120);
            ImGui::TextUnformatted(tr("inspector.field_bytes", {std::to_string(fields[k].from), std::to_string(fields[k].to - 1), fields[k].value}).c_str());
        }
    }
    if (m.block_omitted) ImGui::TextDisabled("%s", tr("inspector.block_omitted"));
    if (m.block_by_reference) ImGui::TextDisabled("%s", tr("inspector.block_by_reference"));
    section(tr("inspector.section_bytes"));
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
        text_wrapped(shown.c_str());
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
    if (m.raw.size() > shown_bytes) {
        const size_t more = m.raw.size() - shown_bytes;
        ImGui::TextDisabled("%s", tr(plural(more, "inspector.more_bytes.one", "inspector.more_bytes.other"), {std::to_string(more)}).c_str());
    }
    if (!arrived && m.stage == InFlightStage::propagating && !m.dropped) {
        ImGui::Spacing();
        const auto& msgs = s.session.in_flight();
        for (size_t i = 0; i < msgs.size(); ++i)
            if (&msgs[i] == &m && ImGui::Button(tr_id("inspector.drop_message").c_str())) out.commands.push_back("whatif drop " + std::to_string(i));
        remember(out, "drop-message");
    }
}

void piece_inspector(const ShellState& s, PieceIndex piece, UiOutput& out) {
    const Swarm& swarm = s.session.swarm();
    ImGui::TextUnformatted(tr("inspector.piece_title", {std::to_string(piece)}).c_str());
    const uint32_t copies = piece < swarm.copies().size() ? swarm.copies()[piece] : 0;
    ImGui::TextUnformatted(tr(plural(copies, "inspector.piece_copies.one", "inspector.piece_copies.other"), {std::to_string(copies)}).c_str());
    ImGui::TextDisabled("%s", tr("inspector.piece_hint"));
    section(tr("inspector.section_spread"));
    std::vector<std::pair<Acquisition, PeerId>> holders;
    for (const Peer& p : swarm.peers())
        if (const std::optional<Acquisition> got = s.session.pieces().acquired(swarm.trace(), p.id, piece)) holders.push_back({*got, p.id});
    std::sort(holders.begin(), holders.end(), [](const auto& a, const auto& b) { return a.first.time < b.first.time; });
    for (const auto& [got, peer] : holders) {
        const std::string line = (got.from == no_peer ? tr("inspector.spread_start", {std::to_string(peer)})
                                                      : tr("inspector.spread_got", {num("%7.2f", to_seconds(got.time)), std::to_string(peer),
                                                                                    std::to_string(got.from)})) +
                                 "##h" + std::to_string(peer);
        if (ImGui::Selectable(line.c_str())) out.commands.push_back("select peer " + std::to_string(peer));
    }
}

void connection_inspector(const ShellState& s, ConnId c) {
    const Swarm& swarm = s.session.swarm();
    const Connection& conn = swarm.net().conn(c);
    const size_t peers = swarm.peers().size();
    // A connection to the tracker carries announces and replies; it has no peer-wire state.
    if (conn.owner[0] >= peers || conn.owner[1] >= peers) {
        const PeerId peer = conn.owner[0] < peers ? conn.owner[0] : conn.owner[1];
        ImGui::TextUnformatted(tr("inspector.tracker_connection", {std::to_string(c), std::to_string(peer)}).c_str());
        return;
    }
    ImGui::TextUnformatted(
        tr("inspector.connection_title", {std::to_string(c), std::to_string(conn.owner[0]), std::to_string(conn.owner[1])}).c_str());
    for (int side = 0; side < 2; ++side) {
        const PeerId a = conn.owner[side], b = conn.owner[1 - side];
        if (a >= swarm.peers().size()) continue;
        const Link& l = swarm.link(link_id(c, side));
        if (!l.live()) continue;
        const std::string sa = std::to_string(a), sb = std::to_string(b);
        section(tr("inspector.direction", {sa, sb}).c_str());
        ImGui::TextUnformatted(tr(l.peer_interested ? "inspector.conn_interested" : "inspector.conn_not_interested", {sb, sa}).c_str());
        ImGui::TextUnformatted(tr(l.am_choking                                 ? "inspector.conn_chokes"
                                  : swarm.peers()[a].optimistic == b ? "inspector.conn_optimistic"
                                                                     : "inspector.conn_unchokes",
                                  {sa, sb})
                                   .c_str());
        ImGui::TextUnformatted(tr("inspector.conn_rate", {format_rate(l.up_rate)}).c_str());
    }
}

}  // namespace

void draw_inspector(const ShellState& s, UiOutput& out) {
    if (ImGui::Begin(tr_id("panel.inspector").c_str(), nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
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
            text_wrapped(tr("inspector.nothing_selected"));
            ImGui::Spacing();
            {
                const size_t online = static_cast<size_t>(
                    std::count_if(swarm.peers().begin(), swarm.peers().end(), [](const Peer& p) { return p.status == PeerStatus::online; }));
                ImGui::TextUnformatted(tr(plural(online, "inspector.online.one", "inspector.online.other"),
                                          {std::to_string(online), std::to_string(swarm.metrics().completed), std::to_string(swarm.leechers())})
                                           .c_str());
            }
            break;
    }
}

}  // namespace swarmscope
