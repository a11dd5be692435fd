; Segmentation as user mode sees it under Linux, in the spirit of QEMU's
; tests/tcg/i386/test-i386.c (test_segs, test_code16, lar/lsl): modify_ldt
; (read, write, write_old, read_default, its errors), lar/lsl/verr/verw/arpl
; on LDT and GDT selectors, data segments with a base and a limit (expand-up,
; expand-down, page granular, read-only) through es/fs/gs and lds/les/lfs/lgs/lss,
; far call/jmp/ret/iret (direct, through m16:32 and m16:16, retf imm16) into
; 32-bit code segments with and without a base, and 16-bit code: default
; operand and address size 16, the 0x66/0x67 prefixes, a 16-bit stack segment,
; far calls inside 16-bit code, iretw, and the way back with o32 retf.
; DS stays the flat 0x2b throughout: the print helpers use it.

%include "print.inc"

S32     equ 1                           ; user_desc flag bits
DATA_DN equ 2                           ; contents 1: expand-down data
CODE    equ 4                           ; contents 2: code
CODE_CF equ 6                           ; contents 3: conforming code
RX_ONLY equ 8                           ; read_exec_only
PAGES   equ 16                          ; limit_in_pages
NP      equ 32                          ; seg_not_present
USE     equ 64                          ; useable (AVL)

%define SEL(n) (((n) << 3) | 7)

; modify_ldt(func, udesc, bytecount) with udesc = {entry, base, limit, flags}; prints EAX.
%macro LDT 5
        mov dword [udesc], %2
        mov dword [udesc+4], %3
        mov dword [udesc+8], %4
        mov dword [udesc+12], %5
        mov eax, 123
        mov ebx, %1
        mov ecx, udesc
        mov edx, 16
        int 0x80
        push eax
        call put_hex
%endmacro

section .data
hexdigits: db "0123456789abcdef"
nl_str: db 10, 0
m_ldt0: db "modify_ldt before any write: read, read_default, bad func, bytecount 15: ", 0
m_ldtw: db "writes: ", 0
m_ldte: db "refused: ", 0
m_ldtr: db "read 128: ", 0
m_ldtp: db "read 20: ", 0
m_desc: db "  ", 0
m_sel:  db "sel lar/zf lsl/zf verr verw: ", 0
m_lar16: db "lar/lsl 16-bit: ", 0
m_arpl: db "arpl: ", 0
m_data: db "data segments: ", 0
m_far:  db "lds les lfs lgs lss: ", 0
m_sreg: db "selectors: ", 0
m_call: db "far call/jmp: ", 0
m_base: db "code with a base: ", 0
m_iret: db "iret: ", 0
m_cache: db "same offset, two code segments: ", 0
m_c16:  db "code16 func1 func2/spdec func3: ", 0
m_c16b: db "code16 stack16 and addressing: ", 0
m_c16c: db "code16 far calls and iretw: ", 0
selectors: dw 0, 3, 4, SEL(0), SEL(1), SEL(2), SEL(3), SEL(4), SEL(5), SEL(6), SEL(7), SEL(8), SEL(9)
        dw SEL(10), SEL(11), SEL(12), SEL(13), SEL(14), SEL(15), SEL(0) - 2, SEL(1) - 3, 0x23, 0x2b, 0x20, 0x28
        dw 0xfffc, 0xffff
SELECTOR_COUNT equ ($ - selectors) / 2
fp_fs:  dd 8
        dw SEL(0)
fp_gs:  dd 0x10
        dw SEL(4)
fp_es:  dd 0x20
        dw SEL(5)
fp_ds:  dd 0x1234
        dw 0x2b
fp_ss:  dd 0
        dw 0x2b
jp_far: dd far_jumped
        dw SEL(1)
cp_far: dd far32_func
        dw SEL(1)
cp16:   dw code16_ret16 - code16_start
        dw SEL(2)

section .bss
outbuf: resb 16
udesc:  resd 4
ldtbuf: resb 256
dat:    resb 0x10100
stack16: resb 0x1000
saved:  resd 8

section .text
global _start
_start:
        ; modify_ldt before there is an LDT
        push m_ldt0
        call put_str
        mov eax, 123
        xor ebx, ebx
        mov ecx, ldtbuf
        mov edx, 64
        int 0x80                        ; read: no LDT yet
        push eax
        call put_hex
        mov eax, 123
        mov ebx, 2
        mov ecx, ldtbuf
        mov edx, 200
        int 0x80                        ; read_default
        push eax
        call put_hex
        push dword [ldtbuf + 124]
        call put_hex
        mov eax, 123
        mov ebx, 3
        int 0x80                        ; no such function
        push eax
        call put_hex
        mov eax, 123
        mov ebx, 1
        mov ecx, udesc
        mov edx, 15
        int 0x80                        ; bytecount is not sizeof(user_desc)
        push eax
        call put_hex
        call put_nl

        push m_ldtw
        call put_str
        LDT 1, 0, dat, 0xff, S32 | USE                      ; 0x07: data, 256 bytes
        LDT 1, 1, 0, 0xfffff, S32 | CODE | PAGES            ; 0x0f: flat 32-bit code
        LDT 1, 2, code16_start, 0xffff, CODE                ; 0x17: 16-bit code
        LDT 1, 3, stack16, 0xfff, 0                         ; 0x1f: 16-bit data (stack)
        LDT 1, 4, dat, 0x0f, S32 | DATA_DN                  ; 0x27: expand-down, offsets 0x10..0xffffffff
        LDT 1, 5, dat, 0xff, S32 | RX_ONLY                  ; 0x2f: read-only data
        LDT 1, 6, dat, 0xff, S32 | NP                       ; 0x37: not present
        LDT 1, 7, code_based, 0xff, S32 | CODE              ; 0x3f: 32-bit code with a base
        LDT 1, 8, 0, 0xfffff, S32 | CODE | RX_ONLY | PAGES  ; 0x47: execute-only code
        LDT 1, 9, dat, 3, S32 | PAGES                       ; 0x4f: 16 KiB, page granular
        LDT 1, 10, 0, 0xfffff, S32 | CODE_CF | NP | PAGES   ; 0x57: conforming code, not present
        LDT 1, 11, dat, 0x0f, DATA_DN                       ; 0x5f: 16-bit expand-down, offsets 0x10..0xffff
        LDT 0x11, 12, dat, 0x1234, S32 | USE                ; 0x67: old mode drops AVL
        LDT 1, 13, dat, 0xff, S32                           ; 0x6f: then cleared by LDT_empty
        LDT 1, 13, 0, 0, RX_ONLY | NP
        LDT 1, 14, dat, 0xff, S32                           ; 0x77: then cleared by old mode base 0 limit 0
        LDT 0x11, 14, 0, 0, S32 | CODE
        LDT 0x11, 16, 0x10, 0xfffff, S32 | CODE | PAGES     ; 0x87: code 16 bytes above the flat one
        call put_nl
        push m_ldte
        call put_str
        LDT 1, 8192, dat, 0xff, S32                         ; entry out of range
        LDT 1, 15, 0, 0xfffff, S32 | CODE_CF                ; present conforming code
        LDT 0x11, 15, 0, 0xfffff, S32 | CODE_CF | NP        ; conforming code in old mode
        call put_nl

        ; read the table back: 15 entries, the 16th zero-filled
        push m_ldtr
        call put_str
        mov eax, 123
        xor ebx, ebx
        mov ecx, ldtbuf
        mov edx, 128
        int 0x80
        push eax
        call put_hex
        call put_nl
        xor esi, esi
.desc:  push m_desc
        call put_str
        push dword [ldtbuf + esi*8 + 4]
        call put_hex
        push dword [ldtbuf + esi*8]
        call put_hex
        call put_nl
        inc esi
        cmp esi, 16
        jb .desc
        push m_ldtp
        call put_str
        mov dword [ldtbuf + 16], 0xaaaaaaaa
        mov dword [ldtbuf + 20], 0xbbbbbbbb
        mov eax, 123
        xor ebx, ebx
        mov ecx, ldtbuf
        mov edx, 20
        int 0x80
        push eax
        call put_hex
        push dword [ldtbuf + 16]
        call put_hex
        push dword [ldtbuf + 20]
        call put_hex
        call put_nl

        ; lar lsl verr verw on every selector: value (or the untouched 0x11111111) and ZF
        xor esi, esi
.sel:   push m_sel
        call put_str
        movzx eax, word [selectors + esi*2]
        push eax
        call put_hex
        mov ecx, 0x11111111
        lar ecx, eax
        setz dl
        push ecx
        call put_hex
        movzx edx, dl
        push edx
        call put_hex
        mov ecx, 0x11111111
        lsl ecx, eax
        setz dl
        push ecx
        call put_hex
        movzx edx, dl
        push edx
        call put_hex
        verr ax
        setz dl
        movzx edx, dl
        push edx
        call put_hex
        mov word [saved], ax
        verw word [saved]
        setz dl
        movzx edx, dl
        push edx
        call put_hex
        call put_nl
        inc esi
        cmp esi, SELECTOR_COUNT
        jb .sel

        push m_lar16
        call put_str
        mov ecx, 0x22222222
        mov ax, SEL(1)
        lar cx, ax
        push ecx
        call put_hex
        mov ecx, 0x33333333
        mov ax, SEL(0)
        lsl cx, ax
        push ecx
        call put_hex
        mov ecx, 0x44444444
        mov word [saved], SEL(9)
        lsl ecx, [saved]
        push ecx
        call put_hex
        call put_nl

        ; arpl: raise the destination's RPL to the source's
        push m_arpl
        call put_str
        mov eax, 0xabcd0010
        mov ebx, 0x0003
        arpl ax, bx
        setz dl
        push eax
        call put_hex
        movzx edx, dl
        push edx
        call put_hex
        mov eax, 0x0012
        mov ebx, 0xffff0001
        arpl ax, bx
        setz dl
        push eax
        call put_hex
        movzx edx, dl
        push edx
        call put_hex
        mov word [saved], 0x0101
        mov ebx, 2
        arpl [saved], bx
        setz dl
        push dword [saved]
        call put_hex
        movzx edx, dl
        push edx
        call put_hex
        call put_nl

        ; data segments with a base and a limit
        push m_data
        call put_str
        mov dword [dat], 0x11223344
        mov dword [dat + 0xfc], 0x55667788
        mov ax, SEL(0)
        mov es, ax
        mov eax, [es:0]
        push eax
        call put_hex
        mov eax, [es:0xfc]                ; the last dword inside the limit
        push eax
        call put_hex
        mov dword [es:8], 0xcafef00d      ; reaches dat + 8
        push dword [dat + 8]
        call put_hex
        mov word [es:0xfe], 0x9999
        push dword [dat + 0xfc]
        call put_hex
        mov ax, SEL(4)                    ; expand-down: offsets above 0x0f
        mov fs, ax
        mov dword [fs:0x10], 0x10101010
        push dword [dat + 0x10]
        call put_hex
        push dword [fs:0x8000]
        call put_hex
        mov ax, SEL(11)                   ; 16-bit expand-down: offsets 0x10..0xffff
        mov gs, ax
        mov dword [gs:0xfffc], 0xfcfcfcfc
        push dword [dat + 0xfffc]
        call put_hex
        mov ax, SEL(9)                    ; page granular: 16 KiB
        mov gs, ax
        mov dword [gs:0x3ffc], 0x3ffc3ffc
        push dword [dat + 0x3ffc]
        call put_hex
        mov ax, SEL(5)                    ; read-only
        mov es, ax
        push dword [es:8]
        call put_hex
        mov ax, SEL(1)                    ; readable code as data
        mov fs, ax
        mov eax, [fs:_start]
        push eax
        call put_hex
        mov ecx, 4                        ; string ops through a based ES and a DS override
        mov ax, SEL(0)
        mov es, ax
        mov esi, dat
        mov edi, 0x40
        cld
        rep movsd                         ; dat -> dat + 0x40
        push dword [dat + 0x48]
        call put_hex
        mov ax, SEL(5)
        mov gs, ax
        mov esi, 0x44
        gs lodsd
        push eax
        call put_hex
        mov ax, 0x2b
        mov es, ax
        call put_nl

        push m_far
        call put_str
        lfs ebx, [fp_fs]
        push dword [fs:ebx]
        call put_hex
        lgs ebx, [fp_gs]
        push dword [gs:ebx]
        call put_hex
        les ebx, [fp_es]
        push dword [es:ebx]
        call put_hex
        lds esi, [fp_ds]
        push esi
        call put_hex
        mov [fp_ss], esp
        lss esp, [fp_ss]
        mov eax, esp
        sub eax, [fp_ss]
        push eax
        call put_hex
        mov ax, 0x2b
        mov es, ax
        call put_nl

        ; selectors as they read back: null with an RPL, push/pop of segment registers
        push m_sreg
        call put_str
        mov ax, 3
        mov es, ax
        mov eax, 0xffffffff
        mov eax, es                       ; zero-extended
        push eax
        call put_hex
        xor eax, eax
        mov fs, ax
        mov eax, fs
        push eax
        call put_hex
        mov ax, SEL(5) - 3                ; RPL 0 is kept in the selector
        mov gs, ax
        mov ax, gs
        movzx eax, ax
        push eax
        call put_hex
        push ds
        pop es
        mov eax, es
        push eax
        call put_hex
        mov eax, cs
        push eax
        call put_hex
        mov eax, ss
        push eax
        call put_hex
        call put_nl

        ; far calls and jumps through the LDT's flat code segment
        push m_call
        call put_str
        call SEL(1):far32_func
        push eax
        call put_hex
        mov eax, cs
        push eax
        call put_hex
        jmp far [jp_far]
far_back:
        push ebx
        call put_hex
        call far [cp_far]
        push eax
        call put_hex
        push dword 1
        push dword 2
        mov ebp, esp
        call SEL(1):far32_ret8            ; retf 8 releases the two arguments
        sub ebp, esp
        push eax
        call put_hex
        push ebp
        call put_hex
        call 0x23:far32_func              ; a far call may stay in the same segment
        push eax
        call put_hex
        call put_nl

        push m_base
        call put_str
        call SEL(7):0                     ; code_based runs at offset 0 of its segment
        push ecx
        call put_hex
        push eax
        call put_hex
        push edx
        call put_hex
        call put_nl

        ; An offset means other bytes in a segment with another base: decoded
        ; instructions must not be found again by their offset alone.
        push m_cache
        call put_str
        call 0x23:cache_h
        push eax
        call put_hex
        call 0x23:cache_g
        push eax
        call put_hex
        call SEL(16):cache_h              ; linear cache_h + 0x10: cache_g's bytes
        push eax
        call put_hex
        call 0x23:cache_h
        push eax
        call put_hex
        call put_nl

        ; iret to the same privilege: IF and IOPL stay, the rest is popped
        push m_iret
        call put_str
        pushfd
        push dword 0x23
        push dword .iret1
        iretd
.iret1: mov eax, cs
        push eax
        call put_hex
        push dword 0x00203cd7             ; ID IOPL=3 OF DF SF ZF AF PF CF, IF clear (not AC: Linux sets CR0.AM)
        push dword SEL(1)
        push dword .iret2
        iretd
.iret2: pushfd
        pop eax
        push eax
        call put_hex
        mov eax, cs
        push eax
        call put_hex
        push dword 0x202
        popfd
        jmp 0x23:.iret3
.iret3: call put_nl

        ; 16-bit code (QEMU's test_code16, then more)
        push m_c16
        call put_str
        call SEL(2):code16_func1 - code16_start
        push eax
        call put_hex
        call SEL(2):code16_func2 - code16_start
        push eax
        call put_hex
        push ecx
        call put_hex
        call SEL(2):code16_func3 - code16_start
        push eax
        call put_hex
        call put_nl
        push m_c16b
        call put_str
        call SEL(2):code16_stack - code16_start
        push eax
        call put_hex
        push ecx
        call put_hex
        push ebx
        call put_hex
        push edx
        call put_hex
        push esi
        call put_hex
        push dword [dat + 0x20]
        call put_hex
        call put_nl
        push m_c16c
        call put_str
        call SEL(2):code16_far - code16_start
        push eax
        call put_hex
        push ebx
        call put_hex
        push ecx
        call put_hex
        push edx
        call put_hex
        call put_nl

        mov eax, 1
        xor ebx, ebx
        int 0x80

; ---- 32-bit code reached through far transfers -----------------------------
far32_func:
        mov eax, cs
        retf
far_jumped:
        mov ebx, cs
        jmp 0x23:far_back
far32_ret8:
        mov eax, [esp + 8]
        sub eax, [esp + 12]
        retf 8

        align 16
cache_h:                                  ; 16 bytes before cache_g
        mov eax, 0x11111111
        retf
        align 16, nop
cache_g:
        mov eax, 0x22222222
        retf

; code_based: a 32-bit code segment whose base is here; offsets are from it.
code_based:
        call .next                        ; pushes the offset 5, not an address
.next:  pop ecx
        mov eax, cs
        mov edx, [esp]                    ; the caller's EIP, as pushed by the far call
        sub edx, far_back                 ; relative to a known address
        jmp short .out
        ud2
.out:   retf

; ---- 16-bit code: offsets are from code16_start ------------------------------
        bits 16
code16_start:
code16_func1:                             ; basic test
        mov eax, 1
        o32 retf
code16_func2:                             ; push/pop in 16-bit mode, on the 32-bit stack
        xor eax, eax
        mov ebx, 0x12345678
        mov ecx, esp
        push bx
        sub ecx, esp
        pop ax
        o32 retf
code16_func3:                             ; jumps and calls
        jmp .l1
        nop
.l1:    mov eax, 4
        mov ebx, 0x12345678
        xor bx, bx
        jz .l2
        add ax, 2
.l2:    call code16_near
        call SEL(2):code16_ret16 - code16_start
        o32 retf
code16_near:
        add ax, 1
        ret
code16_ret16:
        add ax, 0x10
        retf
code16_stack:                             ; a 16-bit stack segment, 16-bit addressing
        xor ecx, ecx
        xor edx, edx
        mov dx, ss
        mov [dword saved + 4], esp        ; a 32-bit address in 16-bit code (0x67)
        mov ax, SEL(3)
        mov ss, ax
        mov sp, 0x1000
        push word 0x1234
        push dword 0x56789abc
        mov si, sp
        mov bp, sp
        mov eax, [bp]                     ; [bp] is SS-relative
        mov cx, [bp + 4]
        mov ebx, esp
        and ebx, 0xffff                   ; SP; the upper half of ESP is the flat stack's
        pop esi
        pop di
        mov ss, dx
        mov esp, [dword saved + 4]
        push es
        mov di, SEL(0)
        mov es, di
        mov bx, 0x10
        mov si, 0x10
        mov word [es:bx + si], 0xbeef     ; [bx+si]: dat + 0x20
        mov byte [es:bx + si + 2], 0x7f
        lea dx, [bx + si - 0x30]          ; 16-bit address arithmetic wraps to 0xfff0
        pop es
        o32 retf
code16_far:                               ; far calls from 16-bit code, m16:16, iretw
        mov ax, 0x100
        call SEL(2):code16_ret16 - code16_start
        mov ebx, cp16
        call far [ebx]                    ; 0x67: a 32-bit address; m16:16 by the operand size
        mov bx, ax
        pushf
        push cs
        push word .after - code16_start
        iret
        ud2
.after: mov cx, cs
        mov edx, 0x11110000
        mov dx, 0x2222
        o32 push dword 0xfedcba98
        o32 pop eax
        mov ax, 0x55
        o32 retf
        bits 32
