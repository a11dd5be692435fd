/*
 * A stack-machine bytecode interpreter whose dispatch is one dense switch: at -O2
 * gcc compiles it to a bounds check and `jmp *table(,%reg,4)` (rebuild.sh checks
 * the binary for that indirect jump). A second switch maps values to strings.
 */
#include "fs.h"

enum {
    OP_PUSH, OP_DUP, OP_DROP, OP_SWAP, OP_OVER, OP_ADD, OP_SUB, OP_MUL,
    OP_DIVU, OP_MODU, OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHR, OP_SAR,
    OP_NEG, OP_NOT, OP_EQ, OP_LT, OP_LTU, OP_JZ, OP_JMP, OP_PRINT,
    OP_ROT, OP_INC, OP_DEC, OP_HALT,
};

static s32 stack[64];
static u32 steps;

static s32 run(const s32 *code)
{
    u32 sp = 0, pc = 0;
    for (;;) {
        steps++;
        s32 op = code[pc++];
        s32 a, b;
        switch (op) {
        case OP_PUSH: stack[sp++] = code[pc++]; break;
        case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OP_DROP: sp--; break;
        case OP_SWAP: a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = a; break;
        case OP_OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case OP_MUL: sp--; stack[sp - 1] = (s32)((u32)stack[sp - 1] * (u32)stack[sp]); break;
        case OP_DIVU: sp--; stack[sp - 1] = (s32)((u32)stack[sp - 1] / (u32)stack[sp]); break;
        case OP_MODU: sp--; stack[sp - 1] = (s32)((u32)stack[sp - 1] % (u32)stack[sp]); break;
        case OP_AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case OP_OR: sp--; stack[sp - 1] |= stack[sp]; break;
        case OP_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case OP_SHL: sp--; stack[sp - 1] = (s32)((u32)stack[sp - 1] << (stack[sp] & 31)); break;
        case OP_SHR: sp--; stack[sp - 1] = (s32)((u32)stack[sp - 1] >> (stack[sp] & 31)); break;
        case OP_SAR: sp--; stack[sp - 1] >>= (stack[sp] & 31); break;
        case OP_NEG: stack[sp - 1] = (s32)(0u - (u32)stack[sp - 1]); break;
        case OP_NOT: stack[sp - 1] = ~stack[sp - 1]; break;
        case OP_EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case OP_LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case OP_LTU: sp--; stack[sp - 1] = (u32)stack[sp - 1] < (u32)stack[sp]; break;
        case OP_JZ: a = code[pc++]; if (stack[--sp] == 0) pc = (u32)a; break;
        case OP_JMP: pc = (u32)code[pc]; break;
        case OP_PRINT:
            put_s32(stack[--sp]);
            put_char(' ');
            break;
        case OP_ROT:
            a = stack[sp - 3];
            stack[sp - 3] = stack[sp - 2];
            stack[sp - 2] = stack[sp - 1];
            stack[sp - 1] = a;
            break;
        case OP_INC: stack[sp - 1]++; break;
        case OP_DEC: stack[sp - 1]--; break;
        case OP_HALT: return sp ? stack[sp - 1] : 0;
        default:
            put_str("bad opcode\n");
            return -1;
        }
        (void)b;
    }
}

/* Collatz step counts for n = 1..30, each printed; returns their sum. */
static const s32 collatz[] = {
    /* 0 */ OP_PUSH, 0,                                  /* sum */
    /* 2 */ OP_PUSH, 1,                                  /* sum n */
    /* 4 */ OP_DUP, OP_PUSH, 31, OP_LT, OP_JZ, 45,       /* while n < 31 */
    /* 10 */ OP_DUP, OP_PUSH, 0, OP_SWAP,                /* sum n len x */
    /* 14 */ OP_DUP, OP_PUSH, 1, OP_EQ, OP_NOT, OP_PUSH, 1, OP_AND, OP_JZ, 36,
    /* 24 */ OP_DUP, OP_PUSH, 1, OP_AND, OP_JZ, 47,      /* even? */
    /* 30 */ OP_PUSH, 3, OP_MUL, OP_INC, OP_JMP, 52,     /* x = 3x + 1 */
    /* 36 */ OP_DROP, OP_DUP, OP_PRINT, OP_ROT, OP_ADD, OP_SWAP, OP_INC, OP_JMP, 4,
    /* 45 */ OP_DROP, OP_HALT,
    /* 47 */ OP_PUSH, 1, OP_SHR, OP_JMP, 52,             /* x = x / 2 */
    /* 52 */ OP_SWAP, OP_INC, OP_SWAP, OP_JMP, 14,       /* len++ */
};

static const char *name(u32 v)
{
    switch (v) {
    case 0: return "zero";
    case 1: return "one";
    case 2: return "two";
    case 3: return "three";
    case 4: return "four";
    case 5: return "five";
    case 6: return "six";
    case 7: return "seven";
    case 8: return "eight";
    case 9: return "nine";
    case 10: return "ten";
    case 11: return "eleven";
    case 12: return "twelve";
    case 13: return "thirteen";
    case 14: return "fourteen";
    case 15: return "fifteen";
    default: return "many";
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    static const s32 arith[] = {
        OP_PUSH, 1000, OP_PUSH, 7, OP_DIVU, OP_DUP, OP_PRINT,
        OP_PUSH, -5, OP_PUSH, 3, OP_MUL, OP_DUP, OP_PRINT,
        OP_PUSH, 0x7fffffff, OP_INC, OP_DUP, OP_PRINT,
        OP_PUSH, 4, OP_SAR, OP_DUP, OP_PRINT,
        OP_PUSH, -1, OP_PUSH, 28, OP_SHR, OP_DUP, OP_PRINT,
        OP_XOR, OP_XOR, OP_DUP, OP_PRINT,
        OP_PUSH, 12345, OP_PUSH, 100, OP_MODU, OP_OVER, OP_OVER, OP_LTU, OP_PRINT,
        OP_PUSH, 3, OP_SHL, OP_NEG, OP_DUP, OP_PRINT,
        OP_PUSH, -2, OP_LT, OP_DUP, OP_PRINT,
        OP_DEC, OP_NOT, OP_OR, OP_PUSH, 0xff, OP_AND, OP_PUSH, 0x5a, OP_SUB,
        OP_HALT,
    };
    s32 r = run(arith);
    put_str("\narith result ");
    put_s32(r);
    put_char('\n');

    r = run(collatz);
    put_str("\ncollatz sum ");
    put_s32(r);
    put_str(" steps ");
    put_u32(steps);
    put_char('\n');

    for (u32 i = 0; i < 18; i += 1) {
        put_str(name(i * 7 % 19));
        put_char(i == 17 ? '\n' : ' ');
    }
    return 0;
}
