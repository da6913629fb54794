// Lower bounds on the time to give every peer a copy of one file (the textbook's distribution
// time): client-server against peer-to-peer, each with the term that limits it named.
#pragma once
#include <string>
#include <vector>

namespace swarmscope {

// Sizes in bytes, capacities in bytes/s. peer_up and peer_down list the N peers; an empty
// peer_down means no download limit (the F/d_min term is 0), an empty peer_up means peers upload nothing.
struct ModelInput {
    double file_bytes = 0;        // F
    int peers = 0;                // N
    double server_up = 0;         // u_s
    std::vector<double> peer_up;  // u_i
    std::vector<double> peer_down;  // d_i; the slowest is d_min
};

// Which term of its formula sets a bound.
enum class BoundTerm {
    server_upload_all,  // N*F/u_s: the server sends every peer a copy
    server_upload_one,  // F/u_s: the server sends one copy
    slowest_download,   // F/d_min
    total_upload,       // N*F/(u_s + sum u_i)
};

struct Bound {
    double seconds = 0;
    BoundTerm term = BoundTerm::server_upload_all;
    // The term that sets the bound, in the formula's notation: "server upload N*F/u_s",
    // "slowest download F/d_min", "total upload N*F/(u_s+sum u_i)" or "server upload F/u_s".
    std::string bottleneck;
};

// D_cs >= max(N*F/u_s, F/d_min). On a tie the earlier term of the formula is named.
Bound client_server_bound(const ModelInput& in);
// D_p2p >= max(F/u_s, F/d_min, N*F/(u_s + sum u_i)). On a tie the earlier term is named.
Bound p2p_bound(const ModelInput& in);

}  // namespace swarmscope
