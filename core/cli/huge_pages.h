// A swarm of a thousand peers keeps a few hundred MiB of tables that every event hops around in. On
// 4 KiB pages nearly each hop also misses the address cache (TLB); on 2 MiB pages it does not, which
// makes the simulator 10-20 % faster. glibc backs its heap with transparent huge pages only when asked
// at start-up (the glibc.malloc.hugetlb tunable), so the tool asks by starting itself again once with
// that setting. It does nothing off Linux, under another C library, or when GLIBC_TUNABLES is set
// already (a user's own settings win). Returns only if it did not restart.
#pragma once

namespace swarmscope {

void restart_with_huge_pages(char** argv);

}  // namespace swarmscope
