/*
 * 64-bit integer arithmetic on i386: add/sub carry chains, multiplication, shifts by
 * every count, comparisons, and division/modulo through libgcc (__divdi3, __udivdi3,
 * __moddi3, __umoddi3). Built at -O0 and -O2 (two binaries, same source).
 */
#include "fs.h"

static u64 rng_state = 0x9e3779b97f4a7c15ull;

/* xorshift64: deterministic operands without any library. */
static u64 next64(void)
{
    u64 x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return x;
}

static const u64 edge[] = {
    0ull, 1ull, 2ull, 3ull, 7ull, 10ull, 0xffull, 0x7fffffffull, 0x80000000ull,
    0xffffffffull, 0x100000000ull, 0x100000001ull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0x8000000000000001ull, 0xfffffffffffffffeull,
    0xffffffffffffffffull, 0x123456789abcdef0ull, 0xfedcba9876543210ull,
    1000000007ull, 0xdeadbeefcafebabeull,
};
#define NEDGE (sizeof edge / sizeof edge[0])

static u64 checksum = 0;

static void mix(u64 v)
{
    checksum = (checksum ^ v) * 0x100000001b3ull;
}

static void line(const char *label, u64 a, u64 b, u64 r)
{
    put_str(label);
    put_char(' ');
    put_hex64(a);
    put_char(' ');
    put_hex64(b);
    put_str(" = ");
    put_hex64(r);
    put_char('\n');
    mix(r);
}

static void divide_pair(u64 a, u64 b)
{
    if (b == 0)
        return;
    line("udiv", a, b, a / b);
    line("umod", a, b, a % b);
    s64 sa = (s64)a, sb = (s64)b;
    /* INT64_MIN / -1 overflows: excluded. */
    if (!(sa == (s64)0x8000000000000000ull && sb == -1)) {
        line("sdiv", a, b, (u64)(sa / sb));
        line("smod", a, b, (u64)(sa % sb));
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;

    put_str("-- edge values\n");
    for (u32 i = 0; i < NEDGE; i++) {
        for (u32 j = 0; j < NEDGE; j++) {
            u64 a = edge[i], b = edge[j];
            mix(a + b);
            mix(a - b);
            mix(a * b);
            mix(a & ~b);
            mix((u64)((s64)a < (s64)b) | (u64)(a < b) << 1 | (u64)(a == b) << 2);
            if (b != 0) {
                mix(a / b);
                mix(a % b);
                if (!((s64)a == (s64)0x8000000000000000ull && (s64)b == -1)) {
                    mix((u64)((s64)a / (s64)b));
                    mix((u64)((s64)a % (s64)b));
                }
            }
        }
        put_hex64(edge[i]);
        put_str(" checksum ");
        put_hex64(checksum);
        put_char('\n');
    }

    put_str("-- selected divisions\n");
    divide_pair(0xffffffffffffffffull, 10);
    divide_pair(0x8000000000000000ull, 3);
    divide_pair((u64)-100, 7);
    divide_pair(100, (u64)-7);
    divide_pair((u64)-100, (u64)-7);
    divide_pair(0x123456789abcdef0ull, 0x100000000ull);
    divide_pair(0x123456789abcdef0ull, 0xffffffffull);
    divide_pair(0x123456789abcdef0ull, 0x123456789ull);
    divide_pair(0x7fffffffffffffffull, 0x7fffffffffffffffull);
    divide_pair(5, 0xffffffffffffffffull);
    divide_pair(0x8000000000000000ull, 0xffffffffffffffffull);

    put_str("-- shifts\n");
    u64 v = 0x8123456789abcdefull;
    for (u32 n = 0; n < 64; n += 5) {
        line("shl", v, n, v << n);
        line("shr", v, n, v >> n);
        line("sar", v, n, (u64)((s64)v >> n));
    }
    line("shl", v, 63, v << 63);
    line("sar", v, 63, (u64)((s64)v >> 63));

    put_str("-- multiplication\n");
    line("mul", 0xffffffffull, 0xffffffffull, 0xffffffffull * 0xffffffffull);
    line("mul", 0x100000001ull, 0x100000001ull, 0x100000001ull * 0x100000001ull);
    line("mul", (u64)-3, 7, (u64)((s64)-3 * 7));
    {
        /* 32x32->64 widening, signed and unsigned: gcc uses one-operand mul/imul. */
        u32 x = 0xfffffff0u, y = 0x12345u;
        s32 sx = -16, sy = 0x7fffffff;
        line("umul32", x, y, (u64)x * y);
        line("smul32", (u64)(s64)sx, (u64)(s64)sy, (u64)((s64)sx * sy));
    }

    put_str("-- random operands\n");
    for (u32 i = 0; i < 200; i++) {
        u64 a = next64();
        u64 b = next64();
        u32 sh = (u32)(next64() & 63);
        if (i & 1)
            b >>= (u32)(a & 63);
        mix(a + b);
        mix(a - b);
        mix(a * b);
        mix(a << sh);
        mix(a >> sh);
        mix((u64)((s64)a >> sh));
        if (b) {
            mix(a / b);
            mix(a % b);
            mix((u64)((s64)a / (s64)b));
            mix((u64)((s64)a % (s64)b));
        }
        if ((i % 20) == 19) {
            put_u64(i + 1);
            put_str(" rounds, checksum ");
            put_hex64(checksum);
            put_str(" = ");
            put_u64(checksum);
            put_str(" = ");
            put_s64((s64)checksum);
            put_char('\n');
        }
    }
    return 0;
}
