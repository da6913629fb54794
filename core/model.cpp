#include "model.h"

namespace swarmscope {

namespace {

// F/d_min; without any download limit listed, downloading never limits.
double slowest_download_term(const ModelInput& in) {
    if (in.peer_down.empty()) return 0;
    double d_min = in.peer_down.front();
    for (double d : in.peer_down)
        if (d < d_min) d_min = d;
    return in.file_bytes / d_min;
}

// Keeps the first of equal terms, so ties name the term written first in the formula.
void consider(Bound& best, double seconds, BoundTerm term, const char* name) {
    if (best.bottleneck.empty() || seconds > best.seconds) {
        best.seconds = seconds;
        best.term = term;
        best.bottleneck = name;
    }
}

}  // namespace

Bound client_server_bound(const ModelInput& in) {
    Bound b;
    consider(b, in.peers * in.file_bytes / in.server_up, BoundTerm::server_upload_all, "server upload N*F/u_s");
    consider(b, slowest_download_term(in), BoundTerm::slowest_download, "slowest download F/d_min");
    return b;
}

Bound p2p_bound(const ModelInput& in) {
    double total_up = in.server_up;
    for (double u : in.peer_up) total_up += u;
    Bound b;
    consider(b, in.file_bytes / in.server_up, BoundTerm::server_upload_one, "server upload F/u_s");
    consider(b, slowest_download_term(in), BoundTerm::slowest_download, "slowest download F/d_min");
    consider(b, in.peers * in.file_bytes / total_up, BoundTerm::total_upload, "total upload N*F/(u_s+sum u_i)");
    return b;
}

}  // namespace swarmscope
