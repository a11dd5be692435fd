; The descriptor-table and machine-status stores a user program may execute:
; smsw, sgdt, sidt, sldt and str in their register and memory forms and with
; 16-bit operands. The CPU's UMIP makes them fault in user mode, and Linux
; then emulates them with fixed values (CR0 0x80050033, GDT base 0xfffe0000
; and IDT base 0xffff0000 with limit 0, LDT selector 0, TSS selector 0x40):
; the same on every machine, where the real tables' addresses would not be.
; Bytes the instruction leaves alone are preset to 5a.

section .data
hexdigits: db "0123456789abcdef"
nl_str:  db 10, 0
m_smsw:  db "smsw r32 r16 m16: ", 0
m_sgdt:  db "sgdt m o16: ", 0
m_sidt:  db "sidt m o16: ", 0
m_sldt:  db "sldt r32 r16 m16: ", 0
m_str:   db "str r32 r16 m16: ", 0

section .bss
outbuf:  resb 16
area:    resb 8

section .text
global _start

; Fill area with 5a.
%macro PRESET 0
        mov dword [area], 0x5a5a5a5a
        mov dword [area+4], 0x5a5a5a5a
%endmacro
; Print both dwords of area.
%macro SHOW_AREA 0
        push dword [area]
        call put_hex
        push dword [area+4]
        call put_hex
%endmacro

_start:
        push m_smsw
        call put_str
        mov eax, 0x5a5a5a5a
        smsw eax
        push eax
        call put_hex
        mov eax, 0x5a5a5a5a
        smsw ax
        push eax
        call put_hex
        PRESET
        smsw [area]
        push dword [area]
        call put_hex
        call put_nl

        push m_sgdt
        call put_str
        PRESET
        sgdt [area]
        SHOW_AREA
        PRESET
        o16 sgdt [area]
        SHOW_AREA
        call put_nl

        push m_sidt
        call put_str
        PRESET
        sidt [area]
        SHOW_AREA
        PRESET
        o16 sidt [area]
        SHOW_AREA
        call put_nl

        push m_sldt
        call put_str
        mov eax, 0x5a5a5a5a
        sldt eax
        push eax
        call put_hex
        mov eax, 0x5a5a5a5a
        sldt ax
        push eax
        call put_hex
        PRESET
        sldt [area]
        push dword [area]
        call put_hex
        call put_nl

        push m_str
        call put_str
        mov eax, 0x5a5a5a5a
        str eax
        push eax
        call put_hex
        mov eax, 0x5a5a5a5a
        str ax
        push eax
        call put_hex
        PRESET
        str [area]
        push dword [area]
        call put_hex
        call put_nl

        mov eax, 1
        xor ebx, ebx
        int 0x80

%include "print.inc"
