; Exchange and compare-exchange: xchg (register forms incl. the one-byte
; xchg eax,r32, and memory), xadd at 8/16/32 bits, cmpxchg hit and miss at
; 8/16/32 bits, cmpxchg8b hit and miss, and lock-prefixed add/inc/dec/xadd/
; cmpxchg/cmpxchg8b on memory as glibc uses them. Flags: xadd and cmpxchg define
; all six; cmpxchg8b defines ZF only (the others keep their values).

F_ALL   equ 0x8d5
F_ZF    equ 0x40

section .data
m_xchg:  db "xchg: ", 0
m_xadd:  db "xadd: ", 0
m_cx:    db "cmpxchg: ", 0
m_cx8:   db "cmpxchg8b: ", 0
m_lock:  db "lock: ", 0
mem32:   dd 0x11223344
mem16:   dw 0x5566
mem8:    db 0x77
align 8
q:       dd 0x89abcdef, 0x01234567
counter: dd 10

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
        push m_xchg
        call put_str
        mov eax, 0xaaaaaaaa
        mov ebx, 0xbbbbbbbb
        mov ecx, 0xcccccccc
        xchg eax, ebx                   ; 93
        xchg ecx, ebx                   ; 87 /r
        xchg al, ah
        xchg bx, cx
        xchg [mem32], ecx
        mov edx, 0x12345678
        xchg dl, [mem8]
        xchg [mem16], dx
        push eax
        call put_hex
        push ebx
        call put_hex
        push ecx
        call put_hex
        push edx
        call put_hex
        push dword [mem32]
        call put_hex
        movzx eax, word [mem16]
        push eax
        call put_hex
        movzx eax, byte [mem8]
        push eax
        call put_hex
        call put_nl

        push m_xadd
        call put_str
        mov eax, 0x7fffffff
        mov ebx, 1
        xadd eax, ebx                   ; eax = 0x80000000 (OF), ebx = old eax
        push F_ALL
        call put_flags
        push eax
        call put_hex
        push ebx
        call put_hex
        mov dword [mem32], 0xfffffff0
        mov ecx, 0x10
        xadd [mem32], ecx               ; wraps to 0: ZF CF
        push F_ALL
        call put_flags
        push dword [mem32]
        call put_hex
        push ecx
        call put_hex
        mov ax, 0x8000
        mov bx, 0x8000
        xadd ax, bx
        push F_ALL
        call put_flags
        push eax
        call put_hex
        push ebx
        call put_hex
        mov byte [mem8], 0x0f
        mov dl, 0x01
        xadd [mem8], dl                 ; AF
        push F_ALL
        call put_flags
        movzx eax, byte [mem8]
        push eax
        call put_hex
        push edx
        call put_hex
        call put_nl

        push m_cx
        call put_str
        ; hit: eax == [mem32] -> [mem32] = ebx, ZF = 1
        mov dword [mem32], 100
        mov eax, 100
        mov ebx, 200
        cmpxchg [mem32], ebx
        push F_ALL
        call put_flags
        push eax
        call put_hex
        push dword [mem32]
        call put_hex
        ; miss: eax = [mem32], ZF = 0, flags as for cmp eax, [mem32]
        mov eax, 5
        cmpxchg [mem32], ebx
        push F_ALL
        call put_flags
        push eax
        call put_hex
        push dword [mem32]
        call put_hex
        ; register destination, 16 and 8 bit
        mov ecx, 0x12340042
        mov eax, 0xffff0042
        mov edx, 0x99
        cmpxchg cx, dx
        push F_ALL
        call put_flags
        push eax
        call put_hex
        push ecx
        call put_hex
        mov al, 0x80
        mov bl, 0x7f
        cmpxchg bl, cl
        push F_ALL
        call put_flags
        push eax
        call put_hex
        push ebx
        call put_hex
        call put_nl

        push m_cx8
        call put_str
        ; hit
        mov eax, 0x89abcdef
        mov edx, 0x01234567
        mov ebx, 0xdddddddd
        mov ecx, 0xeeeeeeee
        stc
        cmpxchg8b [q]
        push F_ZF | 1
        call put_flags
        push dword [q]
        call put_hex
        push dword [q + 4]
        call put_hex
        ; miss: edx:eax gets the memory value
        mov eax, 1
        mov edx, 2
        clc
        cmpxchg8b [q]
        push F_ZF | 1
        call put_flags
        push eax
        call put_hex
        push edx
        call put_hex
        call put_nl

        push m_lock
        call put_str
        lock add dword [counter], 5
        lock inc dword [counter]
        lock dec dword [counter]
        push F_ALL
        call put_flags
        mov eax, -3
        lock xadd [counter], eax
        push eax
        call put_hex
        mov eax, 12
        mov ebx, 77
        lock cmpxchg [counter], ebx
        push F_ALL
        call put_flags
        push dword [counter]
        call put_hex
        mov eax, [q]
        mov edx, [q + 4]
        mov ebx, 0x13579bdf
        mov ecx, 0x2468ace0
        lock cmpxchg8b [q]
        push F_ZF
        call put_flags
        push dword [q]
        call put_hex
        push dword [q + 4]
        call put_hex
        lock dec dword [counter]
        push F_ALL
        call put_flags
        lock or byte [mem8], 0x80
        lock and word [mem16], 0x0ff0
        lock sub dword [mem32], 1
        lock not dword [mem32]
        lock neg word [mem16]
        push F_ALL
        call put_flags
        push dword [mem32]
        call put_hex
        push dword [mem16 - 2]
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
