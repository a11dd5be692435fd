; Multiplication and division: mul and one-operand imul at 8/16/32 bits (CF/OF
; say whether the high half is significant), two- and three-operand imul with
; imm8 and imm32 and memory sources, div and idiv at 8/16/32 bits with every sign
; combination, the largest quotients that still fit, and idiv by -1. Only CF and
; OF are printed after multiplications (the rest are undefined); nothing after
; divisions (all six are undefined).

F_MUL   equ 0x801

section .data
m_mul8:  db "mul/imul 8: ", 0
m_mul16: db "mul/imul 16: ", 0
m_mul32: db "mul/imul 32: ", 0
m_imul:  db "imul 2/3-op: ", 0
m_div8:  db "div/idiv 8: ", 0
m_div16: db "div/idiv 16: ", 0
m_div32: db "div/idiv 32: ", 0
m32:     dd 0x10001
m16:     dw 0xfff0
m8:      db 0xf0
d32:     dd -7

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

        push m_mul8
        call put_str
        mov eax, 0x12345610
        mov bl, 0x0f
        mul bl                          ; 0xf0: fits in al, CF = OF = 0
        push F_MUL
        call put_flags
        push eax
        call put_hex
        mov al, 0xff
        mul byte [m8]                   ; 0xef10
        push F_MUL
        call put_flags
        push eax
        call put_hex
        mov al, -8
        mov cl, 16
        imul cl                         ; -128 fits in al
        push F_MUL
        call put_flags
        push eax
        call put_hex
        mov al, -9
        imul cl                         ; -144 does not
        push F_MUL
        call put_flags
        push eax
        call put_hex
        mov al, 0x80
        imul byte [m8]                  ; -128 * -16 = 2048
        push F_MUL
        call put_flags
        push eax
        call put_hex
        call put_nl

        push m_mul16
        call put_str
        mov eax, 0xaaaa1234
        mov edx, 0xbbbbbbbb
        mov bx, 0x0010
        mul bx                          ; 0x12340 -> dx = 1
        push F_MUL
        call put_flags
        push eax
        call put_hex
        push edx
        call put_hex
        mov ax, -2
        imul word [m16]                 ; -2 * -16 = 32
        push F_MUL
        call put_flags
        push eax
        call put_hex
        push edx
        call put_hex
        mov ax, 0x4000
        mov si, 2
        imul si                         ; 0x8000 does not fit signed
        push F_MUL
        call put_flags
        push eax
        call put_hex
        push edx
        call put_hex
        call put_nl

        push m_mul32
        call put_str
        mov eax, 0xffffffff
        mov ebx, 0xffffffff
        mul ebx
        push F_MUL
        call put_flags
        push eax
        call put_hex
        push edx
        call put_hex
        mov eax, 0x12345
        mul dword [m32]
        push F_MUL
        call put_flags
        push eax
        call put_hex
        push edx
        call put_hex
        mov eax, -1
        mov ecx, 0x7fffffff
        imul ecx                        ; fits: edx is all sign
        push F_MUL
        call put_flags
        push eax
        call put_hex
        push edx
        call put_hex
        mov eax, 0x80000000
        imul dword [d32]
        push F_MUL
        call put_flags
        push eax
        call put_hex
        push edx
        call put_hex
        call put_nl

        push m_imul
        call put_str
        mov eax, 1000
        mov ebx, 3000000
        imul eax, ebx                   ; overflows 32 bits
        push F_MUL
        call put_flags
        push eax
        call put_hex
        mov ecx, -5
        imul ecx, [m32]
        push F_MUL
        call put_flags
        push ecx
        call put_hex
        imul edx, ecx, 7                ; imm8 form
        push F_MUL
        call put_flags
        push edx
        call put_hex
        imul edx, [m32], 0x12345        ; imm32 form, memory source
        push F_MUL
        call put_flags
        push edx
        call put_hex
        imul esi, esi, -128
        imul edi, ebx, 100000
        push F_MUL
        call put_flags
        push esi
        call put_hex
        push edi
        call put_hex
        mov bx, 300
        imul bx, bx, 300                ; 90000 does not fit 16 bits
        push F_MUL
        call put_flags
        push ebx
        call put_hex
        mov bp, -3
        imul bp, [m16]
        push F_MUL
        call put_flags
        push ebp
        call put_hex
        call put_nl

        push m_div8
        call put_str
        mov eax, 0x1234fe01             ; ax = 65025 = 255 * 255: the largest quotient
        mov bl, 0xff
        div bl
        push eax
        call put_hex
        mov ax, 1000
        mov bh, 7
        div bh                          ; 142 r 6
        push eax
        call put_hex
        mov ax, -1000
        mov cl, 10
        idiv cl                         ; -100 r 0
        push eax
        call put_hex
        mov ax, -128
        mov cl, 1
        idiv cl
        push eax
        call put_hex
        mov ax, 127
        mov cl, -1
        idiv cl
        push eax
        call put_hex
        mov ax, 100
        mov byte [m8], -7
        idiv byte [m8]                  ; -14 r 2
        push eax
        call put_hex
        mov ax, -100
        mov ch, 7
        idiv ch                         ; -14 r -2
        push eax
        call put_hex
        call put_nl

        push m_div16
        call put_str
        mov edx, 0x1111fffe
        mov eax, 0x22220001             ; dx:ax = 0xfffe0001
        mov bx, 0xffff
        div bx                          ; 0xffff r 0
        push eax
        call put_hex
        push edx
        call put_hex
        mov dx, 0xffff
        mov ax, 0                       ; dx:ax = -65536
        mov bx, 2
        idiv bx                         ; -32768 r 0
        push eax
        call put_hex
        push edx
        call put_hex
        mov dx, 0
        mov ax, 0x7fff
        mov word [m16], -1
        idiv word [m16]
        push eax
        call put_hex
        push edx
        call put_hex
        mov dx, 0xffff
        mov ax, -12345
        mov si, 100
        idiv si                         ; -123 r -45
        push eax
        call put_hex
        push edx
        call put_hex
        call put_nl

        push m_div32
        call put_str
        mov edx, 0xfffffffe
        mov eax, 0x00000001
        mov ebx, 0xffffffff
        div ebx                         ; 0xffffffff r 0
        push eax
        call put_hex
        push edx
        call put_hex
        mov edx, 1
        mov eax, 0
        mov ecx, 2
        div ecx                         ; 0x80000000
        push eax
        call put_hex
        push edx
        call put_hex
        mov eax, 1000000007
        xor edx, edx
        div dword [m32]
        push eax
        call put_hex
        push edx
        call put_hex
        mov eax, -7
        cdq
        mov ecx, 2
        idiv ecx                        ; -3 r -1
        push eax
        call put_hex
        push edx
        call put_hex
        mov eax, 7
        cdq
        mov ecx, -2
        idiv ecx                        ; -3 r 1
        push eax
        call put_hex
        push edx
        call put_hex
        mov eax, -7
        cdq
        idiv ecx                        ; 3 r -1
        push eax
        call put_hex
        push edx
        call put_hex
        mov eax, 0x80000000
        cdq
        mov ecx, 1
        idiv ecx
        push eax
        call put_hex
        push edx
        call put_hex
        mov eax, -0x7fffffff
        cdq
        idiv dword [d32]                ; / -7
        push eax
        call put_hex
        push edx
        call put_hex
        mov edx, 0xffffffff
        mov eax, 0                      ; -2^32
        mov ecx, 2
        idiv ecx                        ; -2^31 r 0
        push eax
        call put_hex
        push edx
        call put_hex
        mov eax, 0x7fffffff
        cdq
        mov ecx, -1
        idiv ecx
        push eax
        call put_hex
        push edx
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
