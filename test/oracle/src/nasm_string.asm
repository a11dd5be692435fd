; String instructions: movs/stos/lods/cmps/scas at byte, word and dword size,
; with rep/repe/repne, forwards (cld) and backwards (std), a zero count, an
; overlapping backwards copy, a mismatch found by repe cmpsb, and a 5000-byte
; rep stosb across page boundaries. Prints registers, buffers and the flags
; that cmps/scas define (all six).

F_ALL   equ 0x8d5                       ; OF SF ZF AF PF CF

section .data
src:    db "The quick brown fox jumps over the lazy dog", 0
SRC_LEN equ 43
digits: db "0123456789", 0
cmp_a:  db "abcdefgh"
cmp_b:  db "abcdXfgh"
arr_a:  dd 1, 2, 3, 4, 5
arr_b:  dd 1, 2, 3, 4, 5
wvals:  dw 0x1111, 0x2222, 0x3333, 0x4444
m_copy: db "copy: ", 0
m_back: db "backward copy: ", 0
m_regs: db "esi/edi/ecx offsets: ", 0
m_stos: db "stos: ", 0
m_lods: db "lods: ", 0
m_scas: db "repne scasb strlen: ", 0
m_cmps: db "repe cmpsb: ", 0
m_cmpd: db "repe cmpsd: ", 0
m_zero: db "rep with ecx=0: ", 0
m_std:  db "std lods/scas/cmps: ", 0
m_miss: db "repne scasb miss: ", 0
m_big:  db "rep stosb 5000: ", 0
m_movs: db "movsw/movsd: ", 0

section .bss
dst:    resb 64
dst2:   resd 16
big:    resb 8192

section .text
global _start
_start:
        ; nothing relies on the registers' values at entry: give them known ones
        mov eax, 0xa0a0a0a0
        mov ebx, 0xb0b0b0b0
        mov ecx, 0xc0c0c0c0
        mov edx, 0xd0d0d0d0
        mov esi, 0x5e5e5e5e
        mov edi, 0xd1d1d1d1
        mov ebp, 0xbebebebe
        cld
        ; forward rep movsb, 44 bytes with the terminator
        mov esi, src
        mov edi, dst
        mov ecx, SRC_LEN + 1
        rep movsb
        push m_copy
        call put_str
        push dst
        call put_str
        call put_nl
        push m_regs
        call put_str
        sub esi, src
        push esi
        call put_hex
        sub edi, dst
        push edi
        call put_hex
        push ecx
        call put_hex
        call put_nl

        ; overlapping move up by two, done backwards: "0123456789" -> "0101234567"
        mov esi, dst
        mov edi, digits
        xchg esi, edi
        mov edi, dst
        mov ecx, 11
        rep movsb
        std
        mov esi, dst + 7
        mov edi, dst + 9
        mov ecx, 8
        rep movsb
        cld
        push m_back
        call put_str
        push dst
        call put_str
        call put_nl
        push m_regs
        call put_str
        push esi
        sub dword [esp], dst
        call put_hex
        push edi
        sub dword [esp], dst
        call put_hex
        call put_nl

        ; stosd / stosw / stosb
        mov edi, dst2
        mov eax, 0x5a5a5a5a
        mov ecx, 4
        rep stosd
        mov ax, 0x1234
        stosw
        mov al, 0x77
        stosb
        stosb
        push m_stos
        call put_str
        mov esi, dst2
        mov ecx, 6
.show:  push dword [esi]
        call put_hex
        add esi, 4
        dec ecx
        jnz .show
        sub edi, dst2
        push edi
        call put_hex
        call put_nl

        ; lodsb sum over the string, then lodsw, lodsd
        mov esi, src
        mov ecx, SRC_LEN
        xor ebx, ebx
        xor eax, eax
.sum:   lodsb
        add ebx, eax
        dec ecx
        jnz .sum
        push m_lods
        call put_str
        push ebx
        call put_hex
        mov esi, wvals
        mov eax, 0xffffffff
        lodsw
        push eax
        call put_hex
        lodsw
        push eax
        call put_hex
        lodsd
        push eax
        call put_hex
        sub esi, wvals
        push esi
        call put_hex
        call put_nl

        ; strlen with repne scasb
        mov edi, src
        xor eax, eax
        mov ecx, -1
        repne scasb
        push m_scas
        call put_str
        push F_ALL
        call put_flags
        not ecx
        dec ecx
        push ecx
        call put_hex
        sub edi, src
        push edi
        call put_hex
        call put_nl

        ; repe cmpsb stops after the mismatch at index 4
        mov esi, cmp_a
        mov edi, cmp_b
        mov ecx, 8
        repe cmpsb
        push m_cmps
        call put_str
        push F_ALL
        call put_flags
        push ecx
        call put_hex
        sub esi, cmp_a
        push esi
        call put_hex
        sub edi, cmp_b
        push edi
        call put_hex
        call put_nl

        ; repe cmpsd over equal arrays runs to the end with ZF=1
        mov esi, arr_a
        mov edi, arr_b
        mov ecx, 5
        repe cmpsd
        push m_cmpd
        call put_str
        push F_ALL
        call put_flags
        push ecx
        call put_hex
        sub esi, arr_a
        push esi
        call put_hex
        call put_nl

        ; a zero count does nothing and leaves the flags alone
        stc
        mov esi, src
        mov edi, dst
        mov ecx, 0
        rep movsb
        repe cmpsb
        repne scasb
        push m_zero
        call put_str
        push F_ALL
        call put_flags
        sub esi, src
        push esi
        call put_hex
        sub edi, dst
        push edi
        call put_hex
        call put_nl

        ; backwards: lodsd, scasw and repne cmpsb with DF=1
        std
        mov esi, arr_a + 16
        lodsd
        mov ebx, eax
        lodsd
        mov edx, eax
        mov edi, wvals + 6
        mov ax, 0x2222
        mov ecx, 4
        repne scasw
        pushfd
        mov ebp, ecx
        mov esi, cmp_a + 7
        mov edi, cmp_b + 7
        mov ecx, 8
        repne cmpsb
        popfd
        cld
        push m_std
        call put_str
        push ebx
        call put_hex
        push edx
        call put_hex
        push ebp
        call put_hex
        push ecx
        call put_hex
        sub esi, cmp_a
        push esi
        call put_hex
        sub edi, cmp_b
        push edi
        call put_hex
        call put_nl

        ; repne scasb that never finds its byte
        mov edi, digits
        mov al, 'x'
        mov ecx, 10
        repne scasb
        push m_miss
        call put_str
        push F_ALL
        call put_flags
        push ecx
        call put_hex
        sub edi, digits
        push edi
        call put_hex
        call put_nl

        ; 5000 bytes from an odd address: crosses page boundaries
        mov edi, big + 3
        mov al, 0xa5
        mov ecx, 5000
        rep stosb
        mov esi, big
        mov ecx, 8192 / 4
        xor ebx, ebx
.chk:   lodsd
        add ebx, eax
        rol ebx, 1
        dec ecx
        jnz .chk
        push m_big
        call put_str
        push ebx
        call put_hex
        call put_nl

        ; single movsw/movsd, no prefix
        mov esi, wvals
        mov edi, dst
        movsw
        movsd
        push m_movs
        call put_str
        push dword [dst]
        call put_hex
        push dword [dst + 4]
        call put_hex
        call put_nl

        xor ebx, ebx
        jmp exit

; ---------------------------------------------------------------------------
; Output helpers. Every oracle program carries its own copy so that each source
; assembles alone. They preserve all registers and EFLAGS; arguments are pushed
; and the callee pops them.
; ---------------------------------------------------------------------------
section .data
hexdigits: db "0123456789abcdef"
nl_str: db 10, 0
section .bss
outbuf: resb 16
section .text
; put_hex(value): the dword as 8 hex digits and a space.
put_hex:
        pushfd
        pushad
        mov eax, [esp+40]
        mov edi, outbuf
        mov ecx, 8
.digit: rol eax, 4
        mov edx, eax
        and edx, 15
        mov dl, [hexdigits+edx]
        mov [edi], dl
        inc edi
        dec ecx
        jnz .digit
        mov byte [edi], ' '
        mov ecx, outbuf
        mov edx, 9
        jmp write_out
; put_str(address): a zero-terminated string.
put_str:
        pushfd
        pushad
        mov ecx, [esp+40]
        xor edx, edx
.len:   cmp byte [ecx+edx], 0
        je write_out
        inc edx
        jmp .len
; Tail of put_hex and put_str: write(1, ecx, edx), restore, pop the argument.
write_out:
        mov eax, 4
        mov ebx, 1
        int 0x80
        popad
        popfd
        ret 4
; put_flags(mask): EFLAGS & mask, as put_hex prints it.
put_flags:
        pushfd
        pushad
        mov eax, [esp+32]
        and eax, [esp+40]
        push eax
        call put_hex
        popad
        popfd
        ret 4
; put_nl(): a newline.
put_nl:
        push nl_str
        call put_str
        ret
; exit(status in ebx)
exit:
        mov eax, 1
        int 0x80
