/*
 * Signed and unsigned 32-bit division and remainder at the corners: signs of the
 * quotient and remainder (truncation toward zero), INT_MIN by 1, 2, -2 and itself,
 * UINT_MAX, divisors bigger than the dividend, and division by constants (which -O2
 * turns into multiply-high sequences). INT_MIN / -1 traps on x86 and is excluded.
 * Built at -O0 and -O2 from this one source.
 */
#include "fs.h"

#define INT_MIN (-2147483647 - 1)

/* Loaded through a volatile pointer so the divisions happen at run time. */
static volatile s32 sdividends[] = {
    0, 1, -1, 7, -7, 100, -100, 2147483647, INT_MIN, INT_MIN + 1, 65536, -65536, 12345678,
};
static volatile s32 sdivisors[] = { 1, -1, 2, -2, 3, -3, 7, -7, 10, 65536, 2147483647, INT_MIN, -65537 };

static volatile u32 udividends[] = { 0u, 1u, 9u, 0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu, 1000000007u };
static volatile u32 udivisors[] = { 1u, 2u, 3u, 10u, 0x10000u, 0x7fffffffu, 0x80000000u, 0xffffffffu };

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    put_str("signed:\n");
    for (u32 i = 0; i < sizeof sdividends / sizeof sdividends[0]; i++) {
        for (u32 j = 0; j < sizeof sdivisors / sizeof sdivisors[0]; j++) {
            s32 a = sdividends[i], b = sdivisors[j];
            if (a == INT_MIN && b == -1)
                continue;
            put_s32(a);
            put_str(" / ");
            put_s32(b);
            put_str(" = ");
            put_s32(a / b);
            put_str(" rem ");
            put_s32(a % b);
            put_char('\n');
        }
    }
    put_str("unsigned:\n");
    for (u32 i = 0; i < sizeof udividends / sizeof udividends[0]; i++) {
        u32 a = udividends[i];
        put_u32(a);
        put_char(':');
        for (u32 j = 0; j < sizeof udivisors / sizeof udivisors[0]; j++) {
            u32 b = udivisors[j];
            put_char(' ');
            put_u32(a / b);
            put_char('r');
            put_u32(a % b);
        }
        put_char('\n');
    }
    put_str("constant divisors:\n");
    for (u32 i = 0; i < sizeof sdividends / sizeof sdividends[0]; i++) {
        s32 a = sdividends[i];
        u32 u = (u32)a;
        put_s32(a);
        put_char(':');
        put_char(' ');
        put_s32(a / 3);
        put_char(' ');
        put_s32(a % 3);
        put_char(' ');
        put_s32(a / 7);
        put_char(' ');
        put_s32(a % 10);
        put_char(' ');
        put_s32(a / 16);
        put_char(' ');
        put_s32(a % 16);
        put_char(' ');
        put_s32(a / -5);
        put_char(' ');
        put_u32(u / 3);
        put_char(' ');
        put_u32(u / 7);
        put_char(' ');
        put_u32(u % 10);
        put_char(' ');
        put_u32(u / 1000000);
        put_char('\n');
    }
    put_str("narrow types:\n");
    for (u32 i = 0; i < sizeof sdividends / sizeof sdividends[0]; i++) {
        signed char c = (signed char)sdividends[i];
        short s = (short)sdividends[i];
        unsigned char uc = (unsigned char)sdividends[i];
        unsigned short us = (unsigned short)sdividends[i];
        put_s32(c / 3);
        put_char(' ');
        put_s32(s / -7);
        put_char(' ');
        put_s32(s % 100);
        put_char(' ');
        put_u32(uc / 5u);
        put_char(' ');
        put_u32(us % 1000u);
        put_char('\n');
    }
    return 0;
}
