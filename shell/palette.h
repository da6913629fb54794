// The visual language, kept the same in every panel: one colour per message kind, and how peers and
// the two directions of a connection look. Shapes back up colour (seeds are squares, free riders
// have a broken outline, offline peers are hollow) for colour-blind students and printed handouts.
#pragma once
#include <cstdint>

#include "in_flight.h"

namespace swarmscope {

using Colour = uint32_t;  // ImGui's packed ABGR

struct Palette {
    Colour background, grid, text, text_dim;
    Colour leecher, seed, free_rider, offline, have, missing, downloading;
    Colour tracker;
    Colour choked, interested, unchoked, optimistic;
    Colour selection, highlight;
    float line_scale = 1;  // presentation mode draws thicker lines
};

const Palette& palette(bool dark, bool presentation);
Colour message_colour(InFlightKind kind);
// A short label drawn beside a message dot: "REQ", "PIECE", "HAVE" ...
const char* message_label(InFlightKind kind);
// Every kind, in legend order.
inline constexpr InFlightKind legend_kinds[] = {
    InFlightKind::tracker_request, InFlightKind::tracker_reply, InFlightKind::handshake, InFlightKind::bitfield,
    InFlightKind::have, InFlightKind::interested, InFlightKind::not_interested, InFlightKind::choke,
    InFlightKind::unchoke, InFlightKind::request, InFlightKind::piece, InFlightKind::cancel, InFlightKind::keep_alive,
};
Colour with_alpha(Colour c, float alpha);

}  // namespace swarmscope
