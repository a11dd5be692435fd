; Shifts and rotates at 8/16/32 bits: shl/shr/sar/rol/ror/rcl/rcr by 1, by an
; immediate and by cl, with counts 0 (flags unchanged), equal to or above the
; width (masked to 5 bits; rcl/rcr then reduce modulo width+1), and through
; memory operands. Also clc/stc/cmc and lahf/sahf. Printed flags follow the SDM:
; shifts define CF (count < width), SF ZF PF, and OF for count 1 only; rotates
; define CF, and OF for count 1 only.

F_ALL   equ 0x8d5
F_SH1   equ 0x8c5                       ; shift by 1: OF SF ZF PF CF
F_SHN   equ 0x0c5                       ; shift by 2..width-1: SF ZF PF CF
F_SHBIG equ 0x0c4                       ; shift by >= width: SF ZF PF
F_RO1   equ 0x801                       ; rotate by 1: OF CF
F_RON   equ 0x001                       ; rotate by more: CF

section .data
m_shl:  db "shl: ", 0
m_shr:  db "shr: ", 0
m_sar:  db "sar: ", 0
m_rol:  db "rol/ror: ", 0
m_rcl:  db "rcl/rcr: ", 0
m_zero: db "count 0: ", 0
m_cf:   db "clc/stc/cmc: ", 0
m_lahf: db "lahf/sahf: ", 0
mval:   dd 0x81234567

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
        push m_shl
        call put_str
        mov eax, 0x40000001
        shl eax, 1
        push F_SH1
        call put_flags
        push eax
        call put_hex
        shl eax, 1
        push F_SH1
        call put_flags
        push eax
        call put_hex
        mov eax, 0x12345678
        shl eax, 4
        push F_SHN
        call put_flags
        push eax
        call put_hex
        mov cl, 36                      ; masked to 4
        mov ebx, 0x12345678
        shl ebx, cl
        push F_SHN
        call put_flags
        push ebx
        call put_hex
        mov al, 0x81
        shl al, 7
        push F_SHN
        call put_flags
        push eax
        call put_hex
        mov al, 0xff
        shl al, 9                       ; count above the width: result 0
        push F_SHBIG
        call put_flags
        push eax
        call put_hex
        mov dx, 0xc001
        mov cl, 15
        shl dx, cl
        push F_SHN
        call put_flags
        push edx
        call put_hex
        shl dword [mval], 3
        push F_SHN
        call put_flags
        push dword [mval]
        call put_hex
        call put_nl

        push m_shr
        call put_str
        mov eax, 0x80000001
        shr eax, 1
        push F_SH1
        call put_flags
        push eax
        call put_hex
        mov eax, 0xfedcba98
        shr eax, 31
        push F_SHN
        call put_flags
        push eax
        call put_hex
        mov ah, 0x80
        shr ah, 1
        push F_SH1
        call put_flags
        push eax
        call put_hex
        mov bx, 0x8000
        mov cl, 16                      ; = width: result 0
        shr bx, cl
        push F_SHBIG
        call put_flags
        push ebx
        call put_hex
        mov byte [mval], 0x0f
        shr byte [mval], 2
        push F_SHN
        call put_flags
        push dword [mval]
        call put_hex
        call put_nl

        push m_sar
        call put_str
        mov eax, 0x80000001
        sar eax, 1
        push F_SH1
        call put_flags
        push eax
        call put_hex
        mov eax, 0x80000000
        sar eax, 31
        push F_SHN
        call put_flags
        push eax
        call put_hex
        mov dl, 0x80
        sar dl, 7
        push F_SHN
        call put_flags
        push edx
        call put_hex
        mov dl, 0x80
        sar dl, 12
        push F_SHBIG
        call put_flags
        push edx
        call put_hex
        mov si, 0x7ff0
        mov cl, 4
        sar si, cl
        push F_SHN
        call put_flags
        push esi
        call put_hex
        sar word [mval + 2], 1
        push F_SH1
        call put_flags
        push dword [mval]
        call put_hex
        call put_nl

        push m_rol
        call put_str
        mov eax, 0x80000001
        rol eax, 1
        push F_RO1
        call put_flags
        push eax
        call put_hex
        ror eax, 1
        push F_RO1
        call put_flags
        push eax
        call put_hex
        mov eax, 0x12345678
        rol eax, 8
        push F_RON
        call put_flags
        push eax
        call put_hex
        mov cl, 60                      ; masked to 28
        ror eax, cl
        push F_RON
        call put_flags
        push eax
        call put_hex
        mov bl, 0x96
        rol bl, 3
        push F_RON
        call put_flags
        push ebx
        call put_hex
        mov bl, 0x96
        rol bl, 11                      ; 11 mod 8 = 3
        push F_RON
        call put_flags
        push ebx
        call put_hex
        mov bx, 0x8001
        ror bx, 4
        push F_RON
        call put_flags
        push ebx
        call put_hex
        ror dword [mval], 16
        push F_RON
        call put_flags
        push dword [mval]
        call put_hex
        call put_nl

        push m_rcl
        call put_str
        stc
        mov eax, 0x80000000
        rcl eax, 1                      ; CF in at bit 0, bit 31 out to CF
        push F_RO1
        call put_flags
        push eax
        call put_hex
        clc
        mov eax, 0x00000003
        rcr eax, 1
        push F_RO1
        call put_flags
        push eax
        call put_hex
        stc
        mov eax, 0x12345678
        rcl eax, 4
        push F_RON
        call put_flags
        push eax
        call put_hex
        stc
        mov al, 0x55
        rcl al, 9                       ; 9 mod 9 = 0: value unchanged
        push eax
        call put_hex
        stc
        mov al, 0x55
        rcl al, 5
        push F_RON
        call put_flags
        push eax
        call put_hex
        clc
        mov dx, 0x8001
        mov cl, 17                      ; 17 mod 17 = 0
        rcr dx, cl
        push edx
        call put_hex
        stc
        mov cl, 20                      ; 20 mod 17 = 3
        rcr dx, cl
        push F_RON
        call put_flags
        push edx
        call put_hex
        stc
        rcr byte [mval], 3
        push F_RON
        call put_flags
        push dword [mval]
        call put_hex
        call put_nl

        ; count 0 (and counts that mask to 0): no flag changes at all
        push m_zero
        call put_str
        pushfd
        or dword [esp], F_ALL
        popfd
        mov eax, 0x1234
        mov cl, 0
        shl eax, cl
        shr eax, 0
        sar eax, 32
        rol eax, cl
        ror eax, 64
        rcl eax, cl
        rcr eax, 96
        push F_ALL
        call put_flags
        pushfd
        and dword [esp], ~F_ALL
        popfd
        shl ax, 32
        rol al, 0
        push F_ALL
        call put_flags
        push eax
        call put_hex
        call put_nl

        push m_cf
        call put_str
        clc
        push 1
        call put_flags
        cmc
        push 1
        call put_flags
        cmc
        push 1
        call put_flags
        stc
        push 1
        call put_flags
        call put_nl

        push m_lahf
        call put_str
        mov eax, 0
        cmp eax, 1                      ; SF AF PF CF set, ZF clear
        lahf
        push eax
        call put_hex
        mov ah, 0xd5 & 0xff             ; SF ZF AF PF CF
        sahf
        push F_ALL
        call put_flags
        mov ah, 0x00
        sahf
        push F_ALL
        call put_flags
        mov ah, 0x2a                    ; reserved bits only: status flags clear
        sahf
        lahf
        push eax
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
