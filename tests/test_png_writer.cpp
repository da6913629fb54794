#include <doctest/doctest.h>

#include "png_writer.h"

using namespace swarmscope;

TEST_CASE("a 2x1 PNG has the exact signature, header and chunk checksums") {
    const uint8_t rgba[] = {255, 0, 0, 255, 0, 0, 255, 128};
    const std::vector<uint8_t> png = encode_png(rgba, 2, 1);
    const std::vector<uint8_t> head(png.begin(), png.begin() + 33);
    const std::vector<uint8_t> expected = {0x89, 'P',  'N',  'G',  '\r', '\n', 0x1A, '\n',  // signature
                                           0,    0,    0,    13,   'I',  'H',  'D',  'R',  0, 0, 0, 2, 0, 0, 0, 1,
                                           8,    6,    0,    0,    0,
                                           // CRC-32 of "IHDR" and its 13 bytes
                                           0xF4, 0x22, 0x7F, 0x8A};
    CHECK(head == expected);
    // IEND is always the same 12 bytes.
    const std::vector<uint8_t> tail(png.end() - 12, png.end());
    CHECK(tail == std::vector<uint8_t>{0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82});
    // One stored block: zlib header, BFINAL, LEN 9 (filter byte + 8 pixel bytes), NLEN, data, Adler-32.
    const size_t idat = 33;
    CHECK(png[idat + 4] == 'I');
    CHECK(png[idat + 8] == 0x78);
    CHECK(png[idat + 10] == 1);
    CHECK(png[idat + 11] == 9);
    CHECK(png[idat + 13] == 0xF6);
}
