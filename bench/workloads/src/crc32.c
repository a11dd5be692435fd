/*
 * CRC-32 (IEEE 802.3, reflected, table-driven) over a 256 KiB generated buffer,
 * PASSES times (default 20; an optional first argument overrides it), each pass
 * continuing from the previous CRC. Prints the final CRC.
 * Inner loop: load, xor, shift, table lookup - byte-at-a-time integer work.
 */
#include "rt.h"

#define SIZE (256 * 1024)

static u8 buffer[SIZE];
static u32 table[256];

int main(int argc, char **argv)
{
    u32 passes = arg_count(argc, argv, 20);
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    u32 seed = 0x12345678u;
    for (u32 i = 0; i < SIZE; i += 4) {
        u32 v = xorshift32(&seed);
        buffer[i] = (u8)v;
        buffer[i + 1] = (u8)(v >> 8);
        buffer[i + 2] = (u8)(v >> 16);
        buffer[i + 3] = (u8)(v >> 24);
    }
    u32 crc = 0;
    for (u32 p = 0; p < passes; p++) {
        u32 c = ~crc;
        for (u32 i = 0; i < SIZE; i++)
            c = table[(c ^ buffer[i]) & 0xff] ^ (c >> 8);
        crc = ~c;
    }
    put_str("crc32 ");
    put_dec(passes);
    put_str(" x 256 KiB: ");
    put_hex(crc);
    put_char('\n');
    return 0;
}
