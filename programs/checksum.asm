; checksum: a long-running Fletcher-style checksum over 64 KiB, printing progress each round; `checksum N` runs N rounds (default 40).
bits 32
%include "lib/io.inc"

WORDS  equ 16384                ; 64 KiB of dwords
ROUNDS equ 40

section .bss
buffer: resd WORDS
rounds: resd 1

section .text
global _start
_start:
    ; rounds = argv[1] as a decimal number, if given
    mov dword [rounds], ROUNDS
    cmp dword [esp], 2
    jb .fill
    mov esi, [esp + 8]
    xor eax, eax
    xor ecx, ecx
.digit:
    mov cl, [esi]
    inc esi
    test cl, cl
    jz .parsed
    sub cl, '0'
    cmp cl, 9
    ja .usage
    imul eax, eax, 10
    add eax, ecx
    jmp .digit
.parsed:
    test eax, eax
    jz .usage
    mov [rounds], eax

.fill:
    ; the data: a xorshift32 sequence
    mov eax, 0x12345678
    mov edi, buffer
    mov ecx, WORDS
.gen:
    mov edx, eax
    shl edx, 13
    xor eax, edx
    mov edx, eax
    shr edx, 17
    xor eax, edx
    mov edx, eax
    shl edx, 5
    xor eax, edx
    stosd
    loop .gen

    mov ebp, 1                  ; round number
.round:
    xor ebx, ebx                ; a
    xor edx, edx                ; b
    mov esi, buffer
    mov ecx, WORDS
.sum:
    lodsd
    add ebx, eax                ; a += word
    add edx, ebx                ; b += a
    loop .sum
    mov eax, edx
    rol eax, 16
    xor eax, ebx
    print "round "
    print_num ebp
    print "/"
    print_num [rounds]
    print ": checksum "
    print_hex eax
    print 10
    inc ebp
    cmp ebp, [rounds]
    jbe .round
    print "done", 10
    exit 0

.usage:
    mov eax, SYS_WRITE
    mov ebx, STDERR
    mov ecx, usage
    mov edx, usage_len
    int 0x80
    exit 2

section .rodata
usage: db "usage: checksum [ROUNDS]  (ROUNDS a positive decimal number)", 10
usage_len equ $ - usage
