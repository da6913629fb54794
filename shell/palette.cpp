#include "palette.h"

#include <algorithm>

namespace swarmscope {

namespace {

constexpr Colour rgb(uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
    return static_cast<Colour>(r) | static_cast<Colour>(g) << 8 | static_cast<Colour>(b) << 16 | static_cast<Colour>(a) << 24;
}

}  // namespace

Colour with_alpha(Colour c, float alpha) {
    const auto a = static_cast<uint32_t>(std::clamp(alpha, 0.0f, 1.0f) * static_cast<float>(c >> 24));
    return (c & 0x00FFFFFFu) | a << 24;
}

const Palette& palette(bool dark, bool presentation) {
    static const Palette dark_palette = {
        rgb(22, 24, 30), rgb(60, 64, 74), rgb(230, 232, 236), rgb(150, 155, 165),
        rgb(90, 160, 235), rgb(250, 190, 60), rgb(235, 95, 95), rgb(110, 112, 120), rgb(90, 200, 120), rgb(70, 74, 84),
        rgb(80, 170, 230),
        rgb(200, 200, 210),
        rgb(95, 100, 112), rgb(170, 170, 180), rgb(80, 210, 120), rgb(240, 120, 230),
        rgb(255, 255, 255), rgb(255, 220, 80), 1.0f};
    static const Palette light_palette = {
        rgb(250, 250, 252), rgb(215, 218, 225), rgb(20, 22, 28), rgb(95, 100, 110),
        rgb(30, 110, 200), rgb(205, 140, 0), rgb(200, 40, 40), rgb(160, 162, 170), rgb(30, 150, 70), rgb(215, 218, 225),
        rgb(40, 130, 210),
        rgb(60, 60, 70),
        rgb(185, 188, 196), rgb(110, 110, 120), rgb(20, 150, 60), rgb(190, 40, 180),
        rgb(0, 0, 0), rgb(230, 160, 0), 1.0f};
    // High contrast for a projector: black ground, saturated colours, thicker lines.
    static const Palette present_palette = {
        rgb(0, 0, 0), rgb(50, 50, 50), rgb(255, 255, 255), rgb(200, 200, 200),
        rgb(80, 170, 255), rgb(255, 200, 0), rgb(255, 80, 80), rgb(130, 130, 130), rgb(60, 230, 100), rgb(70, 70, 70),
        rgb(80, 170, 255),
        rgb(255, 255, 255),
        rgb(120, 120, 120), rgb(200, 200, 200), rgb(60, 240, 100), rgb(255, 100, 255),
        rgb(255, 255, 255), rgb(255, 230, 0), 1.8f};
    if (presentation) return present_palette;
    return dark ? dark_palette : light_palette;
}

Colour message_colour(InFlightKind kind) {
    switch (kind) {
        case InFlightKind::handshake: return rgb(160, 160, 255);
        case InFlightKind::keep_alive: return rgb(140, 140, 140);
        case InFlightKind::choke: return rgb(230, 70, 70);
        case InFlightKind::unchoke: return rgb(60, 220, 110);
        case InFlightKind::interested: return rgb(255, 160, 40);
        case InFlightKind::not_interested: return rgb(170, 120, 60);
        case InFlightKind::have: return rgb(80, 200, 230);
        case InFlightKind::bitfield: return rgb(40, 140, 255);
        case InFlightKind::request: return rgb(250, 230, 60);
        case InFlightKind::piece: return rgb(120, 255, 160);
        case InFlightKind::cancel: return rgb(200, 90, 200);
        case InFlightKind::tracker_request: return rgb(255, 120, 200);
        case InFlightKind::tracker_reply: return rgb(255, 180, 230);
        case InFlightKind::undecodable: return rgb(255, 0, 0);
    }
    return rgb(255, 255, 255);
}

const char* message_label(InFlightKind kind) {
    switch (kind) {
        case InFlightKind::handshake: return "HANDSHAKE";
        case InFlightKind::keep_alive: return "KEEP-ALIVE";
        case InFlightKind::choke: return "CHOKE";
        case InFlightKind::unchoke: return "UNCHOKE";
        case InFlightKind::interested: return "INTERESTED";
        case InFlightKind::not_interested: return "NOT INTERESTED";
        case InFlightKind::have: return "HAVE";
        case InFlightKind::bitfield: return "BITFIELD";
        case InFlightKind::request: return "REQUEST";
        case InFlightKind::piece: return "PIECE";
        case InFlightKind::cancel: return "CANCEL";
        case InFlightKind::tracker_request: return "ANNOUNCE";
        case InFlightKind::tracker_reply: return "PEER LIST";
        case InFlightKind::undecodable: return "BAD BYTES";
    }
    return "?";
}

}  // namespace swarmscope
