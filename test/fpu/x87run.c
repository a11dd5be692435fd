/*
 * x87run.c - the native half of the x87 oracle (x86-64 Linux, gcc).
 *
 * Reads one vector per line on stdin:
 *     CODE CW N V1 .. VN MEM
 * CODE  the x87 instruction bytes under test, hex (a memory operand is always
 *       [rdi], i.e. ModRM mod=00 rm=111, and rdi points at MEM)
 * CW    the control word, hex
 * Vi    80-bit values pushed with FLD m80 in order (VN ends up in ST(0)),
 *       20 hex digits: sign+exponent (4) then significand (16)
 * MEM   10 bytes of memory operand, hex, little-endian byte order as in memory
 * and writes per line:
 *     SW TW EFL ST0 .. ST7 MEM
 * SW/TW the status word and full tag word as FNSAVE stored them, EFL the low
 * byte of RFLAGS after the instruction (fcomi), STi the register image FNSAVE
 * stored (also for empty registers, the reader drops those), MEM the memory
 * operand afterwards.
 *
 * Per vector the machine code generated into an RWX page is:
 *   fninit; fldcw [rsi]; fld tbyte [rdx+10i]...; CODE; pushfq; pop rax;
 *   fnsave [rcx]; ret
 * FNSAVE does not wait, so an unmasked exception stays pending in the saved
 * status word (ES, B) and FNSAVE's own FNINIT discards it: no SIGFPE here.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static int hexval(int c) { return c <= '9' ? c - '0' : (c | 32) - 'a' + 10; }

static size_t parsehex(const char *s, uint8_t *out, size_t max) {
  size_t n = strlen(s) / 2;
  if (n > max) n = max;
  for (size_t i = 0; i < n; i++) out[i] = (uint8_t)(hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]));
  return n;
}

/* "SSSSMMMMMMMMMMMMMMMM" -> 10 bytes little-endian as FLD m80 reads them */
static void parse80(const char *s, uint8_t *out) {
  uint8_t be[10];
  parsehex(s, be, 10);
  for (int i = 0; i < 8; i++) out[i] = be[9 - i];
  out[8] = be[1];
  out[9] = be[0];
}

static void print80(const uint8_t *p) {
  printf(" %02x%02x", p[9], p[8]);
  for (int i = 7; i >= 0; i--) printf("%02x", p[i]);
}

typedef uint64_t (*stub_fn)(uint8_t *mem, uint16_t *cw, uint8_t *vals, uint8_t *save);

int main(void) {
  uint8_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (code == MAP_FAILED) { perror("mmap"); return 1; }
  char line[4096];
  while (fgets(line, sizeof line, stdin)) {
    char *tok[16];
    int nt = 0;
    for (char *t = strtok(line, " \t\r\n"); t && nt < 16; t = strtok(NULL, " \t\r\n")) tok[nt++] = t;
    if (nt < 4) continue;
    uint8_t op[64];
    size_t oplen = parsehex(tok[0], op, sizeof op);
    uint16_t cw = (uint16_t)strtoul(tok[1], NULL, 16);
    int n = atoi(tok[2]);
    if (n < 0 || n > 8 || nt != 4 + n) { fprintf(stderr, "bad line\n"); return 1; }
    uint8_t vals[80];
    for (int i = 0; i < n; i++) parse80(tok[3 + i], vals + 10 * i);
    uint8_t mem[16] = {0};
    parsehex(tok[3 + n], mem, 10);
    uint8_t save[112];
    memset(save, 0, sizeof save);

    size_t k = 0;
    code[k++] = 0xdb; code[k++] = 0xe3;             /* fninit */
    code[k++] = 0xd9; code[k++] = 0x2e;             /* fldcw [rsi] */
    for (int i = 0; i < n; i++) { code[k++] = 0xdb; code[k++] = 0x6a; code[k++] = (uint8_t)(10 * i); } /* fld tbyte [rdx+10i] */
    memcpy(code + k, op, oplen); k += oplen;
    code[k++] = 0x9c; code[k++] = 0x58;             /* pushfq; pop rax */
    code[k++] = 0xdd; code[k++] = 0x31;             /* fnsave [rcx] */
    code[k++] = 0xc3;
    __builtin___clear_cache((char *)code, (char *)code + k);
    uint64_t fl = ((stub_fn)code)(mem, &cw, vals, save);

    uint16_t sw = (uint16_t)(save[4] | save[5] << 8), tw = (uint16_t)(save[8] | save[9] << 8);
    printf("%04x %04x %02x", sw, tw, (unsigned)(fl & 0xff));
    for (int i = 0; i < 8; i++) print80(save + 28 + 10 * i);
    printf(" ");
    for (int i = 0; i < 10; i++) printf("%02x", mem[i]);
    printf("\n");
  }
  return 0;
}
