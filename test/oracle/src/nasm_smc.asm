; Self-modifying code: a routine in a writable and executable section has its
; immediate operand rewritten between calls (also inside a hot loop), and an
; instruction just ahead of the one executing is rewritten (inc -> dec) before
; it is reached. An emulator that caches decoded instructions must notice
; stores into code, as the CPU does.

section .data
m_imm:   db "patched immediates: ", 0
m_loop:  db "patched in a loop: ", 0
m_ahead: db "patched ahead: ", 0

section .smc progbits alloc exec write align=16
; mov eax, imm32 (b8 + imm32), ret
get_value:
        mov eax, 0x11111111
        ret
; adds 5 times; the opcode byte at .op is rewritten while the loop runs
count_up:
        xor eax, eax
        mov ecx, 5
.again: mov byte [.op], 0x40            ; inc eax
        cmp ecx, 3
        jne .op
        mov byte [.op], 0x48            ; dec eax, on the third pass only
.op:    inc eax
        dec ecx
        jnz .again
        ret

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

        push m_imm
        call put_str
        call get_value
        push eax
        call put_hex
        mov dword [get_value + 1], 0x22222222
        call get_value
        push eax
        call put_hex
        mov byte [get_value + 4], 0x7f  ; top byte of the immediate
        call get_value
        push eax
        call put_hex
        call put_nl

        ; rewrite the immediate on every pass of a loop that calls it
        push m_loop
        call put_str
        xor ebx, ebx
        mov esi, 0
.l:     mov [get_value + 1], esi
        call get_value
        add ebx, eax
        rol ebx, 3
        inc esi
        cmp esi, 1000
        jne .l
        push ebx
        call put_hex
        call put_nl

        push m_ahead
        call put_str
        call count_up                   ; +1 +1 -1 +1 +1 = 3
        push eax
        call put_hex
        call count_up
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
