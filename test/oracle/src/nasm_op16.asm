; 16-bit operand size (0x66 prefix) across the integer set: mov (reg, imm, mem,
; moffs), add/adc/sub/sbb/and/or/xor/cmp/test with imm8 and imm16, inc/dec/neg/not,
; mul/imul/div/idiv on dx:ax, imul with 2 and 3 operands, push/pop, xchg, lea,
; movsw/stosw/lodsw/scasw/cmpsw with rep, and the carry/overflow at bit 15.
; The upper halves of the 32-bit registers must be left untouched.

F_ALL   equ 0x8d5
F_LOGIC equ 0x8c5                       ; logic ops: AF undefined
F_MUL   equ 0x801                       ; mul/imul: CF OF only

section .data
m_mov:  db "mov: ", 0
m_alu:  db "alu: ", 0
m_una:  db "inc/dec/neg/not: ", 0
m_mul:  db "mul/div: ", 0
m_misc: db "push/xchg/lea: ", 0
m_str:  db "strings: ", 0
w1:     dw 0x1234
w2:     dw 0xfffe
warr:   dw 1, 2, 3, 4, 5, 6, 7, 8
section .bss
wdst:   resw 8

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
        push m_mov
        call put_str
        mov eax, 0xaaaaaaaa
        mov ax, 0x1234
        push eax
        call put_hex
        mov ebx, 0xbbbbbbbb
        mov bx, ax
        push ebx
        call put_hex
        mov cx, [w2]
        push ecx
        call put_hex
        mov ax, [w2]                    ; moffs form
        push eax
        call put_hex
        mov [w1], ax
        mov word [w2], 0x8000
        push dword [w1]
        call put_hex
        call put_nl

        push m_alu
        call put_str
        mov eax, 0x11117fff
        add ax, 1                       ; OF, AF, SF
        push F_ALL
        call put_flags
        push eax
        call put_hex
        add ax, 0x8000                  ; CF, ZF
        push F_ALL
        call put_flags
        push eax
        call put_hex
        stc
        mov bx, 0xffff
        adc bx, 0                       ; wraps: CF, ZF
        push F_ALL
        call put_flags
        push ebx
        call put_hex
        stc
        mov dx, 0
        sbb dx, 0                       ; borrow
        push F_ALL
        call put_flags
        push edx
        call put_hex
        mov cx, 0x00f0
        sub cx, 0x00f1
        push F_ALL
        call put_flags
        push ecx
        call put_hex
        mov si, 0xff00
        and si, 0x0ff0
        push F_LOGIC
        call put_flags
        or si, 0x8001
        push F_LOGIC
        call put_flags
        xor si, -1                      ; imm8 sign-extended to 0xffff
        push F_LOGIC
        call put_flags
        push esi
        call put_hex
        cmp word [w2], 0x7fff
        push F_ALL
        call put_flags
        test word [w2], 0x8000
        push F_LOGIC
        call put_flags
        add word [w1], -2
        push F_ALL
        call put_flags
        push dword [w1]
        call put_hex
        call put_nl

        push m_una
        call put_str
        mov eax, 0x55557fff
        inc ax
        push F_ALL
        call put_flags
        push eax
        call put_hex
        dec ax
        push F_ALL
        call put_flags
        mov ax, 0x8000
        neg ax                          ; stays 0x8000, OF
        push F_ALL
        call put_flags
        push eax
        call put_hex
        neg ax
        mov ax, 0
        neg ax                          ; CF = 0 for zero
        push F_ALL
        call put_flags
        not ax
        push eax
        call put_hex
        inc word [w1]
        dec word [warr]
        push F_ALL
        call put_flags
        neg word [w1]
        not word [warr + 2]
        push dword [w1]
        call put_hex
        push dword [warr]
        call put_hex
        call put_nl

        push m_mul
        call put_str
        mov eax, 0x1111ffff
        mov edx, 0x22222222
        mov bx, 0xffff
        mul bx                          ; dx:ax = 0xfffe0001
        push F_MUL
        call put_flags
        push eax
        call put_hex
        push edx
        call put_hex
        mov ax, -300
        mov cx, 100
        imul cx                         ; -30000 fits: CF = OF = 0
        push F_MUL
        call put_flags
        push eax
        call put_hex
        push edx
        call put_hex
        mov ax, 300
        imul cx                         ; 300 * 100 = 30000
        imul ax, cx, 200
        push F_MUL
        call put_flags
        push eax
        call put_hex
        mov si, 7
        imul si, [w1]
        push F_MUL
        call put_flags
        push esi
        call put_hex
        imul di, si, -3
        push edi
        call put_hex
        mov dx, 0x0001
        mov ax, 0x0003                  ; dx:ax = 65539
        mov bx, 10
        div bx
        push eax
        call put_hex
        push edx
        call put_hex
        mov dx, 0xffff
        mov ax, -1001                   ; dx:ax = -1001
        mov bx, 10
        idiv bx
        push eax
        call put_hex
        push edx
        call put_hex
        mov dx, 0
        mov ax, 1000
        mov word [w2], -7
        idiv word [w2]
        push eax
        call put_hex
        push edx
        call put_hex
        call put_nl

        push m_misc
        call put_str
        mov ebp, esp
        mov ax, 0x0102
        push ax
        push word 0x0304
        push word [w1]
        mov ecx, ebp
        sub ecx, esp
        push ecx
        call put_hex
        pop bx
        pop cx
        pop dx
        push ebx
        call put_hex
        push ecx
        call put_hex
        push edx
        call put_hex
        mov ax, 0x1111
        mov bx, 0x2222
        xchg ax, bx
        xchg [w1], bx
        push eax
        call put_hex
        push ebx
        call put_hex
        push dword [w1]
        call put_hex
        mov esi, 0x00010000
        mov edi, 0x00000100
        lea ax, [esi + edi*2 + 0x1234]
        push eax
        call put_hex
        lea dx, [esi - 1]
        push edx
        call put_hex
        call put_nl

        push m_str
        call put_str
        cld
        mov esi, warr
        mov edi, wdst
        mov ecx, 8
        rep movsw
        mov edi, wdst + 4
        mov ax, 0xeeee
        mov ecx, 2
        rep stosw
        mov esi, wdst
        lodsw
        push eax
        call put_hex
        lodsw
        push eax
        call put_hex
        mov edi, warr
        mov ax, 6
        mov ecx, 8
        repne scasw
        push ecx
        call put_hex
        mov esi, warr
        mov edi, wdst
        mov ecx, 8
        repe cmpsw
        push F_ALL
        call put_flags
        push ecx
        call put_hex
        push dword [wdst + 4]
        call put_hex
        push dword [wdst + 8]
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
