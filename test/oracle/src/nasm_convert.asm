; Sign and zero extension: cbw, cwde, cwd, cdq on positive, negative and
; boundary values; movzx and movsx from 8- and 16-bit registers (including
; ah..bh) and memory into 16- and 32-bit destinations. None of these touch
; EFLAGS: the flags set before them are printed after them.

F_ALL   equ 0x8d5

section .data
m_cbw:  db "cbw/cwde: ", 0
m_cwd:  db "cwd/cdq: ", 0
m_zx:   db "movzx: ", 0
m_sx:   db "movsx: ", 0
m_fl:   db "flags kept: ", 0
bytes8: db 0x00, 0x7f, 0x80, 0xff
words:  dw 0x0000, 0x7fff, 0x8000, 0xffff

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
        push m_cbw
        call put_str
        mov esi, bytes8
        mov ecx, 4
.cbw:   mov eax, 0xdeadbeef
        mov al, [esi]
        cbw
        push eax
        call put_hex
        cwde
        push eax
        call put_hex
        inc esi
        dec ecx
        jnz .cbw
        call put_nl

        push m_cwd
        call put_str
        mov esi, words
        mov ecx, 4
.cwd:   mov edx, 0x12345678
        mov eax, 0xabcd0000
        mov ax, [esi]
        cwd
        push edx
        call put_hex
        cwde
        cdq
        push edx
        call put_hex
        add esi, 2
        dec ecx
        jnz .cwd
        mov eax, 0x80000000
        cdq
        push edx
        call put_hex
        mov eax, 0x7fffffff
        cdq
        push edx
        call put_hex
        call put_nl

        push m_zx
        call put_str
        mov ebx, 0x8081f0f1
        movzx eax, bl
        push eax
        call put_hex
        movzx eax, bh
        push eax
        call put_hex
        movzx eax, bx
        push eax
        call put_hex
        mov ecx, 0xffffffff
        movzx cx, bh                    ; upper half of ecx stays
        push ecx
        call put_hex
        movzx edx, byte [bytes8 + 2]
        push edx
        call put_hex
        movzx edx, word [words + 4]
        push edx
        call put_hex
        movzx ebx, bx                   ; source and destination overlap
        push ebx
        call put_hex
        call put_nl

        push m_sx
        call put_str
        mov ebx, 0x8081f071
        movsx eax, bl
        push eax
        call put_hex
        movsx eax, bh
        push eax
        call put_hex
        movsx eax, bx
        push eax
        call put_hex
        mov ecx, 0x11111111
        movsx cx, bh
        push ecx
        call put_hex
        movsx edx, byte [bytes8 + 2]
        push edx
        call put_hex
        movsx edx, word [words + 2]
        push edx
        call put_hex
        movsx edx, word [words + 4]
        push edx
        call put_hex
        movsx esi, si
        mov si, 0x8000
        movsx esi, si
        push esi
        call put_hex
        call put_nl

        push m_fl
        call put_str
        mov eax, 0
        cmp eax, 1
        cbw
        cwde
        cwd
        cdq
        movzx eax, al
        movsx eax, ax
        push F_ALL
        call put_flags
        xor eax, eax
        cbw
        cdq
        movsx eax, al
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
