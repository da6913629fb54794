// swarmscope: the command-line tool (protocol core only, no UI).
#include <cstdio>
#include <string>

#include "version.h"

namespace {

const char* usage =
    "usage: swarmscope [--version] [--help]\n"
    "\n"
    "Runs BitTorrent swarms in simulated time from the command line.\n"
    "  --version   print the version and exit\n"
    "  --help      print this help and exit\n";

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs(usage, stderr);
        return 2;
    }
    const std::string arg = argv[1];
    if (arg == "--version" && argc == 2) {
        std::printf("swarmscope %s\n", std::string(swarmscope::version()).c_str());
        return 0;
    }
    if ((arg == "--help" || arg == "-h") && argc == 2) {
        std::fputs(usage, stdout);
        return 0;
    }
    std::fprintf(stderr, "swarmscope: unknown argument '%s'\n%s", arg.c_str(), usage);
    return 2;
}
