; crc32: CRC-32 (IEEE, reflected 0xEDB88320) of two strings, bit by bit and by table; both must agree.
bits 32
%include "lib/io.inc"

section .rodata
fox:    db "The quick brown fox jumps over the lazy dog"
fox_len equ $ - fox
check:  db "123456789"
check_len equ $ - check

section .bss
table: resd 256

section .text
global _start
_start:
    call make_table
%macro report 2
    print %1
    mov esi, %2
    mov ecx, %2_len
    call crc_bitwise
    print_hex eax
    print " (bitwise), "
    call crc_table
    print_hex eax
    print " (table)", 10
%endmacro
    report "crc32(fox)       = ", fox
    report "crc32(123456789) = ", check
    exit 0

; crc_bitwise: EAX = CRC-32 of ECX bytes at ESI, one bit at a time
crc_bitwise:
    push ecx
    push edx
    push esi
    mov eax, 0xffffffff
    jecxz .done
.byte:
    xor al, [esi]
    inc esi
    mov edx, 8
.bit:
    shr eax, 1
    jnc .no_xor
    xor eax, 0xedb88320
.no_xor:
    dec edx
    jnz .bit
    loop .byte
.done:
    not eax
    pop esi
    pop edx
    pop ecx
    ret

; make_table: table[n] = CRC register after shifting byte n through
make_table:
    pushad
    xor ecx, ecx
.entry:
    mov eax, ecx
    mov edx, 8
.bit:
    shr eax, 1
    jnc .no_xor
    xor eax, 0xedb88320
.no_xor:
    dec edx
    jnz .bit
    mov [table + ecx*4], eax
    inc ecx
    cmp ecx, 256
    jb .entry
    popad
    ret

; crc_table: EAX = CRC-32 of ECX bytes at ESI, one table lookup per byte
crc_table:
    push ebx
    push ecx
    push esi
    mov eax, 0xffffffff
    test ecx, ecx
    jz .done
.byte:
    movzx ebx, byte [esi]
    xor bl, al
    shr eax, 8
    xor eax, [table + ebx*4]
    inc esi
    dec ecx
    jnz .byte
.done:
    not eax
    pop esi
    pop ecx
    pop ebx
    ret
