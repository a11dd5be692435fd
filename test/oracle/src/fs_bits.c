/*
 * Bit manipulation at -O2: popcount loops (and libgcc's __popcountsi2 through
 * __builtin_popcount), parity, rotations that gcc turns into rol/ror, bswap,
 * __builtin_clz/ctz (bsr/bsf), bit reversal, Gray code, next-permutation of a bit
 * set, integer square root, and 64-bit rotates and shifts (shld/shrd).
 */
#include "fs.h"

static volatile u32 sink;

static u32 pop_loop(u32 x)
{
    u32 n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

static u32 pop_swar(u32 x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0fu;
    return (x * 0x01010101u) >> 24;
}

static u32 rotl(u32 x, u32 n)
{
    n &= 31;
    return (x << n) | (x >> ((32 - n) & 31));
}

static u32 rotr(u32 x, u32 n)
{
    n &= 31;
    return (x >> n) | (x << ((32 - n) & 31));
}

static u16 rotl16(u16 x, u32 n)
{
    n &= 15;
    return (u16)((x << n) | (x >> ((16 - n) & 15)));
}

static u8 rotr8(u8 x, u32 n)
{
    n &= 7;
    return (u8)((x >> n) | (x << ((8 - n) & 7)));
}

static u64 rotl64(u64 x, u32 n)
{
    n &= 63;
    return n ? (x << n) | (x >> (64 - n)) : x;
}

static u32 bitrev(u32 x)
{
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    return __builtin_bswap32(x);
}

static u32 isqrt(u32 x)
{
    u32 r = 0, bit = 1u << 30;
    while (bit > x)
        bit >>= 2;
    while (bit) {
        if (x >= r + bit) {
            x -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return r;
}

/* Next larger integer with the same number of set bits (Gosper's hack). */
static u32 next_same_pop(u32 x)
{
    u32 c = x & (0u - x);
    u32 r = x + c;
    return (((r ^ x) >> 2) / c) | r;
}

static void row(const char *label, u32 v)
{
    put_str(label);
    put_char(' ');
    put_hex32(v);
    put_char('\n');
}

static const u32 samples[] = {
    1u, 2u, 3u, 0x80u, 0xffu, 0x100u, 0x8000u, 0xffffu, 0x12345678u, 0x80000000u,
    0x80000001u, 0xdeadbeefu, 0xfffffffeu, 0xffffffffu, 0x55555555u, 0xaaaaaaaau,
    0x0f0f0f0fu, 0x00010000u, 0x7fffffffu, 0x31415926u,
};

int main(int argc, char **argv)
{
    (void)argv;
    /* argc (1 here) keeps gcc from folding the shift counts at compile time. */
    u32 one = (u32)argc;
    for (u32 i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        u32 x = samples[i];
        put_hex32(x);
        put_str(": pop ");
        put_u32(pop_loop(x));
        put_char('/');
        put_u32(pop_swar(x));
        put_char('/');
        put_u32((u32)__builtin_popcount(x));
        put_str(" par ");
        put_u32((u32)__builtin_parity(x));
        put_str(" clz ");
        put_u32((u32)__builtin_clz(x));
        put_str(" ctz ");
        put_u32((u32)__builtin_ctz(x));
        put_str(" ffs ");
        put_u32((u32)__builtin_ffs((int)x));
        put_str(" bswap ");
        put_hex32(__builtin_bswap32(x));
        put_str(" rev ");
        put_hex32(bitrev(x));
        put_str(" gray ");
        put_hex32(x ^ (x >> 1));
        put_str(" isqrt ");
        put_u32(isqrt(x));
        put_char('\n');
        put_str("  rotl");
        for (u32 n = 0; n < 32; n += 7 * one) {
            put_char(' ');
            put_hex32(rotl(x, n));
        }
        put_str("\n  rotr");
        for (u32 n = 1; n < 40; n += 9 * one) {
            put_char(' ');
            put_hex32(rotr(x, n));
        }
        put_str("\n  small ");
        put_hex32(rotl16((u16)x, 3 * one));
        put_char(' ');
        put_hex32(rotl16((u16)x, 13 * one));
        put_char(' ');
        put_hex32(rotr8((u8)x, 1 * one));
        put_char(' ');
        put_hex32(rotr8((u8)x, 5 * one));
        put_str("\n  sign ");
        put_hex32((u32)((s32)x >> (31 * one)));
        put_char(' ');
        put_hex32((u32)(s32)(signed char)x);
        put_char(' ');
        put_hex32((u32)(s32)(short)x);
        put_char(' ');
        put_hex32((u32)(u16)x);
        put_char(' ');
        put_hex32(x & (0u - x));
        put_char(' ');
        put_hex32(x & (x - 1));
        put_char(' ');
        put_hex32(x | (x + 1));
        put_char('\n');
    }

    u32 x = 0x7u;
    put_str("gosper");
    for (int i = 0; i < 12; i++) {
        put_char(' ');
        put_hex32(x);
        x = next_same_pop(x);
    }
    put_char('\n');

    u64 w = 0x0123456789abcdefull;
    for (u32 n = 0; n < 64; n += 13 * one) {
        put_str("rotl64 ");
        put_u32(n);
        put_char(' ');
        put_hex64(rotl64(w, n));
        put_char(' ');
        put_hex64(w << n);
        put_char(' ');
        put_hex64(w >> n);
        put_char('\n');
    }

    /* A tight popcount over many values, as a checksum. */
    u32 total = 0, h = 0x811c9dc5u;
    for (u32 v = 0; v < 20000; v++) {
        u32 t = v * 0x9e3779b9u;
        total += pop_loop(t);
        h = rotl(h ^ t, 5) * 0x01000193u;
    }
    sink = h;
    row("popcount total", total);
    row("rotate hash", h);
    return 0;
}
