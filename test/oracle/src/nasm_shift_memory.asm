; Shifts and rotates of a dword in memory (grp2 C1, D1, D3 with a memory
; operand), each after a flag producer whose flags it keeps or replaces.
; Without an argument every form runs on writable data, its result and flags
; folded into a checksum, and the program exits with the checksum's low byte.
; With a letter, one form runs on a dword of the read-only code page: the
; write faults (SIGSEGV), and the flags must be those the producer left, the
; lazy record unfolded (a: shl by CL, b: shr by an immediate, c: rcl by one,
; which folds the flags to compute its own, d: a count of 32 by CL, which
; changes nothing but still checks the write access).

section .text
global _start
_start:
        mov eax, [esp]
        cmp eax, 2
        jb forms
        mov eax, [esp+8]
        movzx eax, byte [eax]
        sub eax, 'a'
        cmp eax, NFAULTS
        jae forms
        mov edx, 0x7fffffff
        add edx, 1              ; OF, SF, AF set, CF and ZF clear
        mov ecx, 5
        jmp [faults + eax*4]

forms:
        xor edi, edi            ; the checksum
        mov ebp, buf + 4096
        and ebp, ~0xfff
        sub ebp, 2              ; a dword across a page boundary
        mov esi, 0x80000001
        mov ecx, 7
        mov [word1], esi
        add esi, esi            ; CF and OF set
        shl dword [word1], cl
        call fold
        sub esi, 3
        shr dword [word1], 3
        call fold
        mov dword [word1], 0x80000000
        sar dword [word1], 1
        call fold
        add esi, 0x70000000
        rol dword [word1], 9
        call fold
        ror dword [word1], 1
        call fold
        stc
        rcl dword [word1], cl
        call fold
        clc
        rcr dword [word1], 31
        call fold
        mov ecx, 32             ; masks to 0: nothing changes
        cmp esi, 1
        shl dword [word1], cl
        call fold
        mov ecx, 33
        add esi, 0x12345678
        shr dword [word1], cl
        call fold
        ; across a page boundary
        mov dword [ebp], 0xfedcba98
        sub esi, edi
        shl dword [ebp], 4
        call fold
        rcr dword [ebp], cl
        call fold
        mov eax, edi
        and eax, 0xff
        mov ebx, eax
        mov eax, 1
        int 0x80

; edi = edi * 31 + [word1] + [ebp] + CF, PF, ZF and SF (the shifts leave AF undefined, OF too past a count of one)
fold:
        pushfd
        imul edi, edi, 31
        add edi, [word1]
        add edi, [ebp]
        pop eax
        and eax, 0xc5
        add edi, eax
        ret

f_shl_cl:
        shl dword [_start], cl
        jmp f_done
f_shr_imm:
        shr dword [_start], 7
        jmp f_done
f_rcl_one:
        rcl dword [_start], 1
        jmp f_done
f_count32:
        mov ecx, 32
        shl dword [_start], cl
f_done:
        mov eax, 1
        int 0x80

section .data
faults: dd f_shl_cl, f_shr_imm, f_rcl_one, f_count32
NFAULTS equ 4
word1:  dd 0

section .bss
buf:    resb 8192
