; Stack instructions: pusha/popa (32- and 16-bit forms), enter/leave with nesting
; levels 0, 1 and 3, pushf/popf (setting CF and DF through popf), push of imm8
; (sign-extended), imm32, memory and 16-bit values, pop to memory, ret imm16,
; and indirect call/jmp through a register and through memory. ESP is printed as
; an offset from its value at entry, so the output does not depend on where the
; loader put the stack.

F_ALL   equ 0x8d5
F_DF    equ 0x400

section .data
m_pusha: db "pusha image: ", 0
m_popa:  db "after popa: ", 0
m_pushw: db "pushaw/popaw: ", 0
m_enter: db "enter: ", 0
m_flags: db "popf: ", 0
m_push:  db "push forms: ", 0
m_ret:   db "ret imm16 / indirect: ", 0
m_depth: db "esp delta: ", 0
memval:  dd 0xcafef00d
memdst:  dd 0
fnptr:   dd target_mem
jmptab:  dd jt0, jt1, jt2

section .bss
entry_esp: resd 1
tmp1:   resd 1
tmp2:   resd 1
tmp3:   resd 1
tmp4:   resd 1

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
        mov [entry_esp], esp

        ; pusha: the image holds the ESP from before the instruction
        mov eax, 0x11111111
        mov ecx, 0x22222222
        mov edx, 0x33333333
        mov ebx, 0x44444444
        mov ebp, 0x55555555
        mov esi, 0x66666666
        mov edi, 0x77777777
        pusha
        ; the saved ESP slot becomes its distance from the current ESP (32)
        mov eax, esp
        sub [esp + 12], eax
        push m_pusha
        call put_str
        mov ecx, 8
        mov esi, esp
.img:   push dword [esi]
        call put_hex
        add esi, 4
        dec ecx
        jnz .img
        call put_nl
        ; popa skips the saved ESP: corrupt it to prove that
        mov dword [esp + 12], 0xdeadbeef
        mov eax, 0
        mov ecx, 0
        mov edx, 0
        mov ebx, 0
        mov ebp, 0
        mov esi, 0
        mov edi, 0
        popa
        push m_popa
        call put_str
        push eax
        call put_hex
        push ecx
        call put_hex
        push edx
        call put_hex
        push ebx
        call put_hex
        push ebp
        call put_hex
        push esi
        call put_hex
        push edi
        call put_hex
        mov eax, [entry_esp]
        sub eax, esp
        push eax
        call put_hex
        call put_nl

        ; 16-bit forms: 16 bytes pushed; popaw loads only the low halves
        mov eax, 0xaaaa0001
        mov ecx, 0xaaaa0002
        mov edx, 0xaaaa0003
        mov ebx, 0xaaaa0004
        mov esi, 0xaaaa0006
        mov edi, 0xaaaa0007
        mov ebp, esp
        pushaw
        mov eax, ebp
        sub eax, esp
        mov [tmp1], eax                 ; 16
        mov eax, [esp]
        mov [tmp2], eax                 ; DI and SI
        mov eax, [esp + 8]
        mov [tmp3], eax                 ; BX and DX
        mov eax, [esp + 12]
        mov [tmp4], eax                 ; CX and AX
        mov dword [esp], 0x99989997     ; new DI and SI
        mov eax, 0xcccccccc
        mov ecx, eax
        mov edx, eax
        mov ebx, eax
        mov esi, eax
        mov edi, eax
        popaw
        push m_pushw
        call put_str
        push dword [tmp1]
        call put_hex
        push dword [tmp2]
        call put_hex
        push dword [tmp3]
        call put_hex
        push dword [tmp4]
        call put_hex
        push eax
        call put_hex
        push ecx
        call put_hex
        push edx
        call put_hex
        push ebx
        call put_hex
        push esi
        call put_hex
        push edi
        call put_hex
        sub ebp, esp
        push ebp
        call put_hex
        call put_nl

        ; enter/leave with nesting levels
        mov ebp, 0x1000
        push m_enter
        call put_str
        call frames
        call put_nl

        ; pushf/popf: set CF and DF, then clear them
        push m_flags
        call put_str
        pushfd
        or dword [esp], 0x401           ; DF | CF
        popfd
        push F_ALL | F_DF
        call put_flags
        pushfd
        and dword [esp], ~0x8d5
        popfd
        push F_ALL | F_DF
        call put_flags
        pushfd
        or dword [esp], 0x8d5
        popfd
        push F_ALL | F_DF
        call put_flags
        cld
        pushfw
        pop ax
        and eax, 0x8d5
        push eax
        call put_hex
        call put_nl

        ; push forms
        push m_push
        call put_str
        mov ebp, esp
        push -5                         ; 6a fb
        push 0x12345678                 ; 68 imm32
        push dword [memval]             ; ff /6
        push word 0xbeef                ; 66 68 imm16
        push word [memval]              ; 66 ff /6
        mov eax, ebp
        sub eax, esp
        push eax
        call put_hex
        pop ax
        pop bx
        push eax
        call put_hex
        push ebx
        call put_hex
        pop dword [memdst]              ; 8f /0
        push dword [memdst]
        call put_hex
        pop eax
        pop ebx
        push eax
        call put_hex
        push ebx
        call put_hex
        sub ebp, esp
        push ebp
        call put_hex
        call put_nl

        ; ret imm16, call through register and memory, jmp through a table
        push m_ret
        call put_str
        mov ebp, esp
        push 1
        push 2
        push 3
        call add3                       ; ret 12
        push eax
        call put_hex
        mov eax, ebp
        sub eax, esp
        push eax
        call put_hex
        mov ebx, target_reg
        call ebx
        call [fnptr]
        mov esi, 2
        jmp [jmptab + esi*4]
jt0:    mov eax, 0xa0
        jmp jt_done
jt1:    mov eax, 0xa1
        jmp jt_done
jt2:    mov eax, 0xa2
jt_done:
        push eax
        call put_hex
        mov ecx, after_jmp
        jmp ecx
        push 0xbad                      ; skipped
        call put_hex
after_jmp:
        call put_nl

        mov eax, [entry_esp]
        sub eax, esp
        push m_depth
        call put_str
        push eax
        call put_hex
        call put_nl
        xor ebx, ebx
        jmp exit

add3:
        mov eax, [esp + 4]
        add eax, [esp + 8]
        add eax, [esp + 12]
        ret 12

target_reg:
        push 0x7e9
        call put_hex
        ret
target_mem:
        push 0x3e3
        call put_hex
        ret

; Three frames made by enter with levels 0, 1 and 3; prints each frame's view.
frames:
        enter 8, 0
        mov dword [ebp - 4], 0x0a
        mov eax, ebp
        call level1
        leave
        ret
level1:
        enter 12, 1
        mov dword [ebp - 8], 0x5eed     ; a local that level3's display copies
        ; [ebp-4] is the copied frame pointer of this frame
        mov ecx, [ebp - 4]
        sub ecx, ebp
        push ecx
        call put_hex
        push dword [ebp]                ; caller's ebp
        sub dword [esp], eax
        call put_hex
        call level3
        leave
        ret
level3:
        enter 4, 3
        ; display: [ebp-4] and [ebp-8] copied from level1's frame, [ebp-12] = this ebp
        mov ecx, [ebp - 12]
        sub ecx, ebp
        push ecx
        call put_hex
        mov ecx, [ebp - 4]
        sub ecx, ebp
        push ecx
        call put_hex
        push dword [ebp - 8]
        call put_hex
        mov ecx, ebp
        sub ecx, esp
        push ecx
        call put_hex
        leave
        ret

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
