/*
 * SHA-256 (FIPS 180-4) of a 256 KiB generated buffer, hashed ROUNDS times
 * (default 2; an optional first argument overrides it) with each digest mixed
 * into the buffer before the next round. Prints the last digest.
 * 32-bit rotates, shifts, adds and logic on registers: ALU-bound.
 */
#include "rt.h"

#define SIZE (256 * 1024)

static u8 buffer[SIZE];

static const u32 K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline u32 ror(u32 x, u32 n)
{
    return (x >> n) | (x << (32 - n));
}

static void compress(u32 h[8], const u8 *block)
{
    u32 w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (u32)block[4 * i] << 24 | (u32)block[4 * i + 1] << 16 | (u32)block[4 * i + 2] << 8 | block[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        u32 s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        u32 s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    u32 a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        u32 t1 = hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        u32 t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

static void sha256(const u8 *data, u32 len, u32 h[8])
{
    static const u32 init[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    for (int i = 0; i < 8; i++)
        h[i] = init[i];
    u32 full = len & ~63u;
    for (u32 off = 0; off < full; off += 64)
        compress(h, data + off);
    u8 tail[128];
    u32 rest = len - full, n = rest < 56 ? 64 : 128;
    for (u32 i = 0; i < n; i++)
        tail[i] = i < rest ? data[full + i] : 0;
    tail[rest] = 0x80;
    u64 bits = (u64)len * 8;
    for (int i = 0; i < 8; i++)
        tail[n - 1 - i] = (u8)(bits >> (8 * i));
    compress(h, tail);
    if (n == 128)
        compress(h, tail + 64);
}

int main(int argc, char **argv)
{
    u32 rounds = arg_count(argc, argv, 2);
    u32 h[8];
    /* Known answer first: SHA-256("abc"). */
    sha256((const u8 *)"abc", 3, h);
    put_str("sha256(abc) ");
    for (int i = 0; i < 8; i++)
        put_hex(h[i]);
    put_char('\n');

    u32 seed = 0x9e3779b9u;
    for (u32 i = 0; i < SIZE; i++)
        buffer[i] = (u8)xorshift32(&seed);
    for (u32 r = 0; r < rounds; r++) {
        sha256(buffer, SIZE, h);
        for (int i = 0; i < 8; i++)
            buffer[i * 4 + (r & 7)] ^= (u8)h[i];
    }
    put_str("sha256 ");
    put_dec(rounds);
    put_str(" x 256 KiB: ");
    for (int i = 0; i < 8; i++)
        put_hex(h[i]);
    put_char('\n');
    return 0;
}
