// About this simulation: what it simplifies, in plain words, so no student takes a shortcut for the protocol.
#include "imgui.h"
#include "panels.h"

namespace swarmscope {

void draw_about(const ShellState& s, UiOutput& out) {
    (void)s;
    (void)out;
    ImGui::TextWrapped("Every peer here speaks the real BitTorrent wire protocol (BEP 3) to the others: handshakes, "
                       "bitfields, HAVE, INTERESTED, CHOKE and UNCHOKE, REQUEST, PIECE and CANCEL, as bytes you can open. "
                       "The tracker answers HTTP announces with bencoded peer lists. What is simplified:");
    ImGui::BulletText("Time is simulated: nothing waits for the network, and the run can be stepped and rewound.");
    ImGui::BulletText("Bandwidth: a sender splits its upload equally among the connections it is sending on; a receiver "
                      "shares its download fairly among what is offered. There is no TCP slow start or packet loss.");
    ImGui::BulletText("Latency: each peer has a fixed one-way delay, chosen at random within a range.");
    ImGui::BulletText("Hashing: pieces are checked with SHA-1 when the file is at most 16 MiB and the swarm has at most "
                      "50 peers. Larger files and swarms send blocks as references to generated content, and those "
                      "checks are skipped.");
    ImGui::BulletText("Seed rotation (our refinement, not part of any preset): after a neighbour has had 2 MiB from a "
                      "seed, the seed passes the slot to the interested neighbour that has waited longest.");
    ImGui::BulletText("A slot that falls free between rounds goes at once to the best interested neighbour, unless "
                      "that neighbour took uploads and gave nothing back.");
    ImGui::BulletText("Choking presets: textbook (4 fastest + 1 optimistic, every 10 s and 30 s), BEP 3 and "
                      "Mainline 4.x (3 + 1 optimistic).");
    ImGui::BulletText("A peer opens connections to at most 40 of the peers the tracker returns and accepts up to 80.");
}

}  // namespace swarmscope
