; A program whose only writable segment is .bss (file size 0, memory size about
; 330 KB): checks that it starts zeroed, runs a sieve of Eratosthenes in it,
; and reads and writes dwords and words that straddle page boundaries.
; Its constants live in .rodata, so there is no .data section at all.

section .rodata
m_zero:  db "bss zero check: ", 0
m_sieve: db "primes below 65536: ", 0
m_cross: db "page-crossing: ", 0

section .bss
alignb 4096
zeros:   resb 200000
sieve:   resb 65536
pages:   resb 3 * 4096

section .text
global _start
_start:
        mov eax, 0xa0a0a0a0
        mov ebx, 0xb0b0b0b0
        mov ecx, 0xc0c0c0c0
        mov edx, 0xd0d0d0d0
        mov esi, 0x5e5e5e5e
        mov edi, 0xd1d1d1d1
        mov ebp, 0xbebebebe

        ; every byte of .bss reads as zero
        push m_zero
        call put_str
        mov esi, zeros
        mov ecx, (200000 + 65536 + 3 * 4096) / 4
        xor ebx, ebx
        xor edx, edx
.z:     lodsd
        or ebx, eax
        inc edx
        dec ecx
        jnz .z
        push ebx
        call put_hex
        push edx
        call put_hex
        call put_nl

        ; sieve: sieve[i] = 1 marks a composite
        push m_sieve
        call put_str
        mov ecx, 2
.outer: mov eax, ecx
        mul ecx
        cmp eax, 65536
        jae .count
        cmp byte [sieve + ecx], 0
        jne .next
.mark:  mov byte [sieve + eax], 1
        add eax, ecx
        cmp eax, 65536
        jb .mark
.next:  inc ecx
        jmp .outer
.count: xor eax, eax
        mov ecx, 2
.cnt:   cmp byte [sieve + ecx], 0
        jne .skip
        inc eax
.skip:  inc ecx
        cmp ecx, 65536
        jb .cnt
        push eax
        call put_hex
        call put_nl

        ; accesses that straddle page boundaries
        push m_cross
        call put_str
        mov dword [pages + 4096 - 2], 0x11223344
        mov word [pages + 2 * 4096 - 1], 0xaabb
        mov eax, [pages + 4096 - 4]
        push eax
        call put_hex
        mov eax, [pages + 4096]
        push eax
        call put_hex
        mov eax, [pages + 4096 - 3]
        push eax
        call put_hex
        movzx eax, word [pages + 2 * 4096 - 1]
        push eax
        call put_hex
        add dword [pages + 4096 - 1], 0x01010101
        push dword [pages + 4096 - 1]
        call put_hex
        mov esi, pages + 4096 - 5
        mov edi, pages + 3 * 4096 - 3
        mov ecx, 10
        cld
        rep movsb
        push dword [pages + 3 * 4096 - 3]
        call put_hex
        call put_nl

        xor ebx, ebx
        jmp exit

; ---------------------------------------------------------------------------
; Output helpers. Every oracle program carries its own copy so that each source
; assembles alone. They preserve all registers and EFLAGS; arguments are pushed
; and the callee pops them.
; ---------------------------------------------------------------------------
section .rodata
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
