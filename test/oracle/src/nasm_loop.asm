; loop, loope, loopne and jecxz: counts, early exits on ZF, ecx = 1, a zero
; count guarded by jecxz, nested loops, and proof that loop* leave EFLAGS alone.

F_ALL   equ 0x8d5

section .data
m_loop:  db "loop sum: ", 0
m_loope: db "loope: ", 0
m_loopne: db "loopne: ", 0
m_jecxz: db "jecxz: ", 0
m_nest:  db "nested: ", 0
m_flags: db "flags kept: ", 0
same:    db 7, 7, 7, 7, 9, 7, 7, 7
hay:     db 1, 2, 3, 4, 5, 6, 7, 8, 9, 10

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
        ; sum of 10..1 and the final ecx
        mov ecx, 10
        xor eax, eax
.l1:    add eax, ecx
        loop .l1
        push m_loop
        call put_str
        push eax
        call put_hex
        push ecx
        call put_hex
        ; ecx = 1: the body runs once
        mov ecx, 1
        xor eax, eax
.l2:    inc eax
        loop .l2
        push eax
        call put_hex
        push ecx
        call put_hex
        call put_nl

        ; loope: walk while the bytes equal 7 (stops after the 9)
        mov esi, same
        mov ecx, 8
.l3:    lodsb
        cmp al, 7
        loope .l3
        push m_loope
        call put_str
        push ecx
        call put_hex
        sub esi, same
        push esi
        call put_hex
        push F_ALL
        call put_flags
        ; loope that runs to the end
        mov esi, same
        mov ecx, 4
.l4:    lodsb
        cmp al, 7
        loope .l4
        push ecx
        call put_hex
        push F_ALL
        call put_flags
        call put_nl

        ; loopne: search for 6, then for a missing 42
        mov esi, hay
        mov ecx, 10
.l5:    lodsb
        cmp al, 6
        loopne .l5
        push m_loopne
        call put_str
        push ecx
        call put_hex
        sub esi, hay
        push esi
        call put_hex
        mov esi, hay
        mov ecx, 10
.l6:    lodsb
        cmp al, 42
        loopne .l6
        push ecx
        call put_hex
        push F_ALL
        call put_flags
        call put_nl

        ; jecxz: taken for 0, not taken for 0x10000 (all 32 bits count)
        push m_jecxz
        call put_str
        xor ecx, ecx
        mov eax, 0
        jecxz .z1
        mov eax, 0xbad
.z1:    push eax
        call put_hex
        mov ecx, 0x10000
        mov eax, 0
        jecxz .z2
        mov eax, 0x600d
.z2:    push eax
        call put_hex
        ; a loop guarded by jecxz with a zero count never runs
        xor ecx, ecx
        xor eax, eax
        jecxz .skip
.l7:    inc eax
        loop .l7
.skip:  push eax
        call put_hex
        call put_nl

        ; nested loops: 5 x 7 iterations
        xor eax, eax
        mov ecx, 5
.outer: push ecx
        mov ecx, 7
.inner: add eax, ecx
        loop .inner
        pop ecx
        loop .outer
        push m_nest
        call put_str
        push eax
        call put_hex
        call put_nl

        ; loop must not change flags: set all six, run loops, print them
        push m_flags
        call put_str
        pushfd
        or dword [esp], F_ALL
        popfd
        mov ecx, 3
.l8:    loop .l8
        push F_ALL
        call put_flags
        pushfd
        and dword [esp], ~F_ALL
        popfd
        mov ecx, 3
.l9:    loopne .l9
        push F_ALL
        call put_flags
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
