#include "huge_pages.h"

#include <cstdlib>  // first: it defines __GLIBC__

#if defined(__linux__) && defined(__GLIBC__)
#include <unistd.h>
#endif

namespace swarmscope {

void restart_with_huge_pages([[maybe_unused]] char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
    if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
    if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) != 0) return;
    execv("/proc/self/exe", argv);
    unsetenv("GLIBC_TUNABLES");  // the restart failed: carry on as we are
#endif
}

}  // namespace swarmscope
