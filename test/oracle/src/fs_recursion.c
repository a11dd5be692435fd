/*
 * Recursion at -O0 (every call a real call with a frame): Ackermann, naive
 * Fibonacci, mutual recursion, Euclid, Towers of Hanoi, permutations by swapping,
 * and the 8-queens count. Deep stacks: ackermann(3, 5) nests about 250 frames.
 */
#include "fs.h"

static u32 calls;

static u32 ackermann(u32 m, u32 n)
{
    calls++;
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static u32 fib(u32 n)
{
    calls++;
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static int is_odd(u32 n);
static int is_even(u32 n)
{
    return n == 0 ? 1 : is_odd(n - 1);
}
static int is_odd(u32 n)
{
    return n == 0 ? 0 : is_even(n - 1);
}

static u32 gcd(u32 a, u32 b)
{
    return b == 0 ? a : gcd(b, a % b);
}

static u32 moves;
static u32 tower_hash;
static void hanoi(u32 n, u32 from, u32 to, u32 via)
{
    if (n == 0)
        return;
    hanoi(n - 1, from, via, to);
    moves++;
    tower_hash = tower_hash * 31 + from * 3 + to;
    hanoi(n - 1, via, to, from);
}

static u32 perm_count, perm_hash;
static void permute(char *s, u32 k, u32 n)
{
    if (k == n) {
        perm_count++;
        for (u32 i = 0; i < n; i++)
            perm_hash = perm_hash * 131 + (u8)s[i];
        if (perm_count <= 6 || perm_count == 120) {
            put_str(s);
            put_char(perm_count == 120 ? '\n' : ' ');
        }
        return;
    }
    for (u32 i = k; i < n; i++) {
        char t = s[k];
        s[k] = s[i];
        s[i] = t;
        permute(s, k + 1, n);
        t = s[k];
        s[k] = s[i];
        s[i] = t;
    }
}

static int queens(int row, int n, u32 cols, u32 d1, u32 d2)
{
    if (row == n)
        return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
        u32 a = 1u << c, b = 1u << (row + c), d = 1u << (row - c + n - 1);
        if ((cols & a) || (d1 & b) || (d2 & d))
            continue;
        count += queens(row + 1, n, cols | a, d1 | b, d2 | d);
    }
    return count;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    for (u32 m = 0; m <= 3; m++) {
        for (u32 n = 0; n <= 6; n++) {
            if (m == 3 && n > 5)
                break;
            calls = 0;
            u32 r = ackermann(m, n);
            put_str("ackermann(");
            put_u32(m);
            put_char(',');
            put_u32(n);
            put_str(") = ");
            put_u32(r);
            put_str(" calls ");
            put_u32(calls);
            put_char('\n');
        }
    }
    for (u32 n = 0; n <= 21; n += 3) {
        calls = 0;
        u32 r = fib(n);
        put_str("fib(");
        put_u32(n);
        put_str(") = ");
        put_u32(r);
        put_str(" calls ");
        put_u32(calls);
        put_char('\n');
    }
    put_str("is_even(1001) = ");
    put_s32(is_even(1001));
    put_str(", is_even(2000) = ");
    put_s32(is_even(2000));
    put_char('\n');
    put_str("gcd(1071, 462) = ");
    put_u32(gcd(1071, 462));
    put_str(", gcd(2^31, 3^19) = ");
    put_u32(gcd(0x80000000u, 1162261467u));
    put_str(", gcd(832040, 514229) = ");
    put_u32(gcd(832040, 514229));
    put_char('\n');
    hanoi(12, 1, 3, 2);
    put_str("hanoi(12) moves ");
    put_u32(moves);
    put_str(" hash ");
    put_hex32(tower_hash);
    put_char('\n');
    char word[] = "abcde";
    permute(word, 0, 5);
    put_str("permutations ");
    put_u32(perm_count);
    put_str(" hash ");
    put_hex32(perm_hash);
    put_char('\n');
    for (int n = 1; n <= 8; n++) {
        put_str("queens(");
        put_s32(n);
        put_str(") = ");
        put_s32(queens(0, n, 0, 0, 0));
        put_char('\n');
    }
    return 0;
}
