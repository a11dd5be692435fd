/*
 * A mixed integer kernel, ROUNDS times (default 2; an optional first argument
 * overrides it): a bytecode interpreter (switch dispatch, data-dependent
 * branches) running a small program, a quicksort of 20,000 generated integers
 * (compares, swaps, recursion), and an FNV-1a hash over a string table built
 * with byte copies. Prints one checksum per part.
 */
#include "rt.h"

/* --- interpreter ------------------------------------------------------- */

enum { I_PUSH, I_LOAD, I_STORE, I_ADD, I_SUB, I_MUL, I_AND, I_XOR, I_SHR, I_LT, I_JNZ, I_JMP, I_DUP, I_POP, I_HALT };

static s32 interpret(const s32 *code, s32 *vars)
{
    s32 stack[32];
    u32 sp = 0, pc = 0;
    for (;;) {
        s32 op = code[pc++];
        switch (op) {
        case I_PUSH: stack[sp++] = code[pc++]; break;
        case I_LOAD: stack[sp++] = vars[code[pc++]]; break;
        case I_STORE: vars[code[pc++]] = stack[--sp]; break;
        case I_ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case I_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case I_MUL: sp--; stack[sp - 1] = (s32)((u32)stack[sp - 1] * (u32)stack[sp]); break;
        case I_AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case I_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case I_SHR: sp--; stack[sp - 1] = (s32)((u32)stack[sp - 1] >> (stack[sp] & 31)); break;
        case I_LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case I_JNZ: pc = stack[--sp] ? (u32)code[pc] : pc + 1; break;
        case I_JMP: pc = (u32)code[pc]; break;
        case I_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case I_POP: sp--; break;
        case I_HALT: return sp ? stack[sp - 1] : 0;
        default: return -1;
        }
    }
}

/* vars: 0 = i, 1 = h, 2 = limit. while (i < limit) { h = (h ^ i) * 16777619 + (h >> 7); i++; } */
static const s32 program[] = {
    /* 0 */ I_LOAD, 0, I_LOAD, 2, I_LT, I_JNZ, 10,
    /* 7 */ I_LOAD, 1, I_HALT,
    /* 10 */ I_LOAD, 1, I_LOAD, 0, I_XOR, I_PUSH, 16777619, I_MUL,
    /* 18 */ I_LOAD, 1, I_PUSH, 7, I_SHR, I_ADD, I_STORE, 1,
    /* 26 */ I_LOAD, 0, I_PUSH, 1, I_ADD, I_STORE, 0, I_JMP, 0,
};

/* --- quicksort --------------------------------------------------------- */

#define N_SORT 20000
static u32 values[N_SORT];

static void quicksort(u32 *a, s32 lo, s32 hi)
{
    while (lo < hi) {
        u32 pivot = a[lo + (hi - lo) / 2];
        s32 i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                u32 t = a[i];
                a[i] = a[j];
                a[j] = t;
                i++;
                j--;
            }
        }
        /* recurse into the smaller side, loop on the larger */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
}

/* --- strings ----------------------------------------------------------- */

static char strings[2048][24];

static u32 build_and_hash(u32 round)
{
    static const char *words[] = { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel" };
    u32 h = 0x811c9dc5u;
    for (u32 i = 0; i < 2048; i++) {
        const char *w = words[(i * 7 + round) & 7];
        char *d = strings[i];
        u32 n = 0;
        while (*w && n < 15)
            d[n++] = *w++;
        u32 v = i * 2654435761u + round;
        for (int k = 0; k < 6; k++) {
            d[n++] = (char)('a' + v % 26);
            v /= 26;
        }
        d[n] = 0;
        for (const char *p = d; *p; p++)
            h = (h ^ (u8)*p) * 16777619u;
    }
    return h;
}

int main(int argc, char **argv)
{
    u32 rounds = arg_count(argc, argv, 2);
    u32 interp = 0, sorted = 0, hashed = 0;
    for (u32 r = 0; r < rounds; r++) {
        s32 vars[3] = { 0, (s32)(0x811c9dc5u + r), 60000 };
        interp ^= (u32)interpret(program, vars);

        u32 seed = 0xdeadbeefu + r;
        for (u32 i = 0; i < N_SORT; i++)
            values[i] = xorshift32(&seed) % 1000000u;
        quicksort(values, 0, N_SORT - 1);
        for (u32 i = 0; i < N_SORT; i += 97)
            sorted = sorted * 31 + values[i];
        for (u32 i = 1; i < N_SORT; i++)
            if (values[i - 1] > values[i])
                sorted = 0xbad;

        hashed ^= build_and_hash(r);
    }
    put_str("mixed ");
    put_dec(rounds);
    put_str(" rounds: interpreter ");
    put_hex(interp);
    put_str(" sort ");
    put_hex(sorted);
    put_str(" strings ");
    put_hex(hashed);
    put_char('\n');
    return 0;
}
