; A rotate at the start of a block keeps ZF, SF, PF and AF from a flag
; producer in the block before (the translator folds that lazy record at the
; rotate, or asks the core for the kinds it does not fold). One case per
; producer: 32-bit add, adc, sub, sbb and logic ops with results that set
; and clear each flag, then kinds the core folds (inc, an 8-bit add, shl)
; and a rotate after a rotate (EFLAGS already folded); last, a loop whose
; head rotates after the compare at its foot. Each case folds the flags the
; CPU defines after it into a checksum (AF not after logic, shifts and
; rotates; all six, as the core leaves them, into another, which only the
; translated run's state is held to), and the program exits with the
; checksum's low byte.

section .text
global _start
_start:
        xor edi, edi
        xor ebp, ebp
        mov ecx, 0x12345678

        mov eax, 0x7fffffff     ; add: SF, OF, AF, PF clear
        add eax, 1
        jmp c1
c1:     rol ecx, 3
        call fold_a
        mov eax, 0xffffffff     ; add: ZF, CF, AF, PF
        add eax, 1
        jmp c2
c2:     ror ecx, 5
        call fold_a
        mov eax, 5              ; sub: no flag, PF
        sub eax, 2
        jmp c3
c3:     rol ecx, 7
        call fold_a
        mov eax, 2              ; cmp: SF, CF, AF
        cmp eax, 0x13
        jmp c4
c4:     ror ecx, 1
        call fold_a
        stc                     ; adc with a carry in
        mov eax, 0x0fffffff
        adc eax, 0x70000000
        jmp c5
c5:     rol ecx, 9
        call fold_a
        stc                     ; sbb with a borrow in
        mov eax, 0x10
        sbb eax, 0x10
        jmp c6
c6:     ror ecx, 11
        call fold_a
        mov eax, 0x80000000     ; and: SF
        and eax, 0xf0000000
        jmp c7
c7:     rol ecx, 13
        call fold_l
        mov eax, 0x55           ; xor: ZF, PF
        xor eax, 0x55
        jmp c8
c8:     ror ecx, 15
        call fold_l
        mov eax, 0x7            ; test: PF clear
        test eax, 0x3
        jmp c9
c9:     rol ecx, 17
        call fold_l
        mov eax, 0x7fffffff     ; inc: the core folds it
        inc eax
        jmp c10
c10:    ror ecx, 19
        call fold_a
        mov al, 0x7f            ; an 8-bit add: the core folds it
        add al, 0x81
        jmp c11
c11:    rol ecx, 21
        call fold_a
        mov eax, 0x10           ; shl: the core folds it
        shl eax, 1
        jmp c12
c12:    ror ecx, 23
        call fold_l
        sub eax, eax            ; a rotate, then one in the next block
        rol ecx, 1
        jmp c13
c13:    ror ecx, 25
        call fold_l

        mov ebx, 40             ; a loop: the rotate at its head, the compare at its foot
        mov esi, 0
loop:   rol ecx, 5
        pushfd
        pop edx
        and edx, 0xc5
        add esi, edx
        add ecx, esi
        dec ebx
        cmp ebx, 20
        jne loop2
loop2:  cmp ebx, 0
        jne loop
        add edi, esi
        add edi, ecx

        mov eax, edi
        shr eax, 16
        xor eax, edi
        and eax, 0xff
        mov ebx, eax
        mov eax, 1
        int 0x80

; edi = edi * 31 + ecx + the flags the CPU defines after an arithmetic
; producer and a rotate (ZF SF PF AF); ebp the same with all six arithmetic
; flags, the undefined ones as the core leaves them (the translated run
; must leave them alike).
fold_a:
        pushfd
        pop edx
        call fold_all
        and edx, 0xd4
        jmp fold
; the same after a logic op or a shift (AF undefined there)
fold_l:
        pushfd
        pop edx
        call fold_all
        and edx, 0xc4
fold:
        imul edi, edi, 31
        add edi, ecx
        add edi, edx
        ret
fold_all:
        push edx
        and edx, 0x8d5
        imul ebp, ebp, 33
        add ebp, edx
        pop edx
        ret
