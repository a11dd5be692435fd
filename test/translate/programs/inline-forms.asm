; The forms the translator writes out inline (src/translate/inline-forms.ts),
; for test/translate/inline-forms.test.ts, which runs this interpreted and
; translated and demands the same machine. Each group folds the registers,
; EFLAGS and a buffer of setcc results into a checksum (fold), printed at the
; end in hex. The flag consumers (setcc, cmov, inc/dec, adc/sbb, rotates)
; follow each kind of flag producer in the same block, where the compiled
; code takes the flags from its locals; memory accesses straddle two mapped
; pages. With an argument, a letter, the run then ends in that faulting
; form (the `faults` table), after registers and flags changed earlier in its
; block: the fault must leave them as the interpreter does.

section .data
align 4
mem:    dd 0x80000000, 0x7fffffff, 0x12345678, 0xfffffffe
bytes:  db 0x81, 0x7f, 0x00, 0xff, 0x80, 0x01, 0xfe, 0x55
        db 0, 0, 0, 0, 0, 0, 0, 0
jumpto: dd 0
callto: dd 0
hexdig: db "0123456789abcdef"
faults: dd f_movzx8, f_movzx16, f_movsx16, f_mov8_mr, f_mov8_mi, f_alu_mr, f_alu8_mi, f_incdec_m
        dd f_setcc_m, f_push_m, f_call_m, f_leave, f_cmov_rm, f_test_mi, f_imul_rm, f_mul_m
        dd f_jmp_m, f_alu_straddle, f_mov8_rm, f_adc8_mr, f_call_r, f_movsx8, f_store8_unmapped
        dd f_lodsd, f_stosb, f_moffs_load, f_moffs_load8, f_moffs_store, f_moffs_store8
NFAULTS equ 29

section .bss
alignb 4
sum:    resd 1
ccbuf:  resb 16
outbuf: resb 9
alignb 4096
two:    resb 8192                       ; two pages: accesses across their boundary
last:   resb 4096                       ; the last page: the one after it is unmapped

; Every condition into ccbuf, two cmovs and a setcc into a byte register, then fold.
%macro SETALL 0
        seto byte [ccbuf]
        setno byte [ccbuf+1]
        setb byte [ccbuf+2]
        setae byte [ccbuf+3]
        sete byte [ccbuf+4]
        setne byte [ccbuf+5]
        setbe byte [ccbuf+6]
        seta byte [ccbuf+7]
        sets byte [ccbuf+8]
        setns byte [ccbuf+9]
        setp byte [ccbuf+10]
        setnp byte [ccbuf+11]
        setl byte [ccbuf+12]
        setge byte [ccbuf+13]
        setle byte [ccbuf+14]
        setg byte [ccbuf+15]
        cmovb esi, ebp
        cmovle edi, [mem+4]
        setz bh
        call fold
%endmacro

; A flag producer on eax, ebx with these values (%1, %2), then every consumer.
%macro CASE 2
        mov eax, %1
        mov ebx, %2
%endmacro

section .text
global _start
_start:
        mov dword [jumpto], j_target
        mov dword [callto], c_target
        mov eax, 0xa0a0a0a0
        mov ebx, 0xb0b0b0b0
        mov ecx, 0xc0c0c0c0
        mov edx, 0xd0d0d0d0
        mov esi, 0x5e5e5e5e
        mov edi, 0xd1d1d1d1
        mov ebp, 0xbebebebe
        call fold

        ; ---- widening and byte moves ----
        mov eax, 0x89abcdef
        mov ebx, 0x12348765
        movzx ecx, al
        movzx edx, ah
        movsx esi, bh
        movsx edi, bl
        movzx ebp, bx
        call fold
        movsx ebp, ax
        movsx ecx, bx
        movzx edx, word [bytes+1]
        movsx esi, word [bytes+3]
        movzx edi, byte [bytes+5]
        movsx eax, byte [bytes+6]
        call fold
        movzx ebp, word [bytes+3]
        movzx ecx, byte [bytes]
        movsx edx, byte [bytes+1]
        movsx esi, word [bytes+4]
        call fold
        mov al, bh
        mov ah, bl
        mov ch, 0x7f
        mov cl, [bytes+7]
        mov dh, [bytes]
        mov [bytes+8], ah
        mov byte [bytes+9], 0x5a
        mov [bytes+10], bh
        mov bl, 0xc3
        cwde
        cdq
        nop
        not esi
        call fold
        ; across the boundary of two pages
        mov dword [two+4092], 0x11223344
        mov dword [two+4096], 0x55667788
        movzx eax, word [two+4095]
        movsx ebx, word [two+4095]
        mov ecx, [two+4094]
        add [two+4093], ecx
        mov dl, [two+4095]
        mov [two+4096], dl
        movzx esi, byte [two+4096]
        sub dword [two+4094], 0x01010101
        test [two+4093], esi
        call fold

        ; ---- shifts and rotates ----
        mov eax, 0x80000001
        shl eax, 1
        mov ebx, eax
        shr ebx, 3
        sar eax, 31
        sal ebx, 0
        setz cl
        sets ch
        setc dl
        call fold
        xor edx, edx
        rol eax, 7
        ror ebx, 13
        rol ecx, 1
        setc dl
        seto dh
        call fold
        add eax, ebx
        ror eax, 9
        sar ebx, 1
        rol ebx, 31
        call fold
        ; rotates a later rotate rewrites the flags of, with readers of
        ; them between (a rotate's own flags are left out only when nothing does)
        mov esi, 0x55
        mov eax, 0x08000001
        mov ebx, 4
        xor edx, edx
        rol eax, 5                      ; CF set
        setc dl
        ror ebx, 3                      ; CF set
        adc ecx, 0
        rol eax, 1
        cmovo esi, ebx
        ror eax, 2
        add edx, esi
        ror ebx, 1
        xor esi, eax
        rol ebx, 2
        call fold
        ; a rotate after a shift by CL (whose flags only the record holds),
        ; then register ALU ops: runs stopped in this loop see EFLAGS as the
        ; rotate left it
        mov edx, 40
        mov ecx, 3
.rot:   shl eax, cl
        rol ebx, 3
        add esi, edi
        mov edi, eax
        sub edx, 1
        jnz .rot
        call fold
        mov ecx, 37
        shl eax, cl
        shr ebx, cl
        mov cl, 32
        sar edx, cl
        setc ch
        call fold

        ; ---- inc/dec: CF from each kind of producer ----
        mov eax, 0xffffffff
        add eax, 1
        inc ebx
        setc cl
        dec ebx
        setbe ch
        inc ebx
        inc ebx
        adc ebx, 0
        call fold
        mov eax, 1
        cmp eax, 2
        dec eax
        seta dl
        setc dh
        test eax, eax
        inc eax
        setc cl
        call fold
        shl eax, 5
        inc eax
        setc cl
        rol eax, 3
        dec eax
        setc ch
        call fold
        neg ecx
        inc edx
        setc al
        mov eax, 0x10000
        mov ebx, 0x10000
        mul ebx
        inc ecx
        setc dl
        imul ecx, ebx, 3
        dec ecx
        setc dh
        call fold

        ; ---- adc/sbb ----
        mov eax, 0xffffffff
        xor edx, edx
        add eax, 1
        adc edx, 0
        adc edx, 0xffffffff
        sbb eax, ebx
        sbb eax, [mem+4]
        adc [mem+8], eax
        sbb dword [mem+12], 5
        adc al, bl
        sbb byte [bytes+11], 3
        adc bl, 7
        sbb cl, [bytes+1]
        call fold

        ; ---- memory ALU and test, the 8-bit ALU ----
        mov dword [mem], 0x7fffffff
        add dword [mem], 1
        seto cl
        or [mem], eax
        and [mem], ebx
        sub [mem], ecx
        xor [mem], edx
        cmp [mem], esi
        setl ch
        cmp dword [mem], 5
        setg dh
        test [mem], eax
        test dword [mem+4], 0x80000000
        sete dl
        inc dword [mem]
        dec dword [mem+4]
        call fold
        add byte [bytes+12], 0x80
        or byte [bytes+13], al
        and [bytes+14], bh
        xor byte [bytes+12], 0xff
        cmp byte [bytes+12], 3
        seta al
        test byte [bytes], 0x81
        setz ah
        test al, bl
        test bl, 0x80
        add al, bl
        sub ah, 5
        xor bh, [bytes+2]
        cmp cl, [bytes+3]
        or dl, 0x81
        and dh, ch
        call fold

        ; ---- multiplies ----
        mov eax, 0x10000
        mov ebx, 0x10000
        imul eax, ebx
        seto cl
        mov eax, -3
        imul eax, ebx
        setc ch
        imul edx, [mem+4]
        imul esi, ebx, -7
        imul edi, [mem+8], 1000
        call fold
        mov eax, 0xfffffff0
        mov ebx, 0x10
        mul ebx
        setc cl
        mov eax, 0xfffffff0
        imul ebx
        setc ch
        mul dword [mem+8]
        imul dword [mem+12]
        seto dl
        call fold

        ; ---- every condition after each kind of producer ----
        CASE 1, 2
        cmp eax, ebx
        SETALL
        CASE 0x80000000, 1
        cmp eax, ebx
        SETALL
        CASE 5, 5
        sub eax, 5
        SETALL
        CASE 0x80000000, 0x80000001
        test eax, ebx
        SETALL
        CASE 0xf0, 0x0f
        and eax, ebx
        SETALL
        CASE 0xffffffff, 1
        add eax, ebx
        SETALL
        CASE 0x7fffffff, 1
        add eax, ebx
        SETALL
        CASE 0xffffffff, 0
        mov ecx, 0x80000000
        add ecx, ecx
        adc eax, ebx
        SETALL
        CASE 0x7fffffff, 0
        mov ecx, 0x80000000
        add ecx, ecx
        adc eax, ebx
        SETALL
        CASE 0, 0
        mov ecx, 1
        cmp ecx, 2
        sbb eax, ebx
        SETALL
        CASE 0x80000000, 0
        mov ecx, 3
        cmp ecx, 2
        sbb eax, ebx
        SETALL
        CASE 0x7fffffff, 0
        inc eax
        SETALL
        CASE 0x80000000, 0
        dec eax
        SETALL
        CASE 1, 0
        dec eax
        SETALL
        CASE 0, 0
        neg eax
        SETALL
        CASE 0x80000000, 0
        neg eax
        SETALL
        CASE 0x80000000, 0
        shl eax, 1
        SETALL
        CASE 0x80000003, 0
        shr eax, 1
        SETALL
        CASE 0x80000003, 0
        sar eax, 4
        SETALL
        CASE 0x10000, 0x10000
        imul eax, ebx
        SETALL
        CASE -1, 5
        imul eax, ebx
        SETALL
        CASE 0x10000, 0x10000
        mul ebx
        SETALL
        CASE -2, 3
        imul ebx
        SETALL
        CASE 5, 6
        cmp eax, ebx
        rol eax, 1
        SETALL
        CASE 0x80000000, 0x80000000
        test eax, ebx
        ror eax, 4
        SETALL
        CASE 1, 0
        ror eax, 2
        SETALL
        CASE 0x40000000, 0
        rol eax, 1
        SETALL
        CASE 0x80000000, 0
        xor ebx, ebx
        rol eax, 1
        SETALL
        CASE 0xc0000001, 0
        ror eax, 1
        ror eax, 1
        SETALL
        CASE 0x7f, 0x80
        cmp al, bl
        SETALL
        CASE 0x7f, 0x80
        cmp [mem], eax
        SETALL
        CASE 0, 0
        test byte [bytes], 0x80
        SETALL
        CASE 3, 7
        cmp eax, ebx
        mov cl, 0
        shl eax, cl
        SETALL
        CASE 3, 7
        cmp eax, ebx
        shl eax, 0
        SETALL
        CASE 0x40000000, 0
        shl eax, 2
        inc eax
        SETALL
        ; 8-bit producers
        CASE 0x7f, 0x80
        add al, bl
        SETALL
        CASE 0x180, 0x7f
        add al, bl
        SETALL
        CASE 0, 1
        sub al, bl
        SETALL
        CASE 0x80, 1
        sub al, bl
        SETALL
        CASE 0x80, 0xff
        mov ecx, 3
        cmp ecx, 5
        adc bl, al
        SETALL
        CASE 0x80, 0xff
        mov ecx, 3
        cmp ecx, 5
        sbb bl, al
        SETALL
        CASE 0x55, 0xaa
        or al, bl
        SETALL
        ; a rotate after each kind of producer: the flags it folds
        CASE 0x0f, 0x01
        add eax, ebx
        ror edx, 5
        SETALL
        CASE 0x10, 0x01
        sub eax, ebx
        rol edx, 3
        SETALL
        CASE 0x0f, 0
        inc eax
        ror edx, 1
        SETALL
        CASE 0x10, 0
        dec eax
        rol edx, 1
        SETALL
        CASE 0x10, 0
        inc eax
        ror edx, 1
        SETALL
        CASE 0x0f, 0
        dec eax
        rol edx, 1
        SETALL
        CASE 0x8, 0
        neg eax
        ror edx, 7
        SETALL
        CASE 0x0f, 0x01
        mov ecx, 3
        cmp ecx, 5
        adc eax, ebx
        rol edx, 2
        SETALL
        CASE 0x10, 0x01
        mov ecx, 3
        cmp ecx, 5
        sbb eax, ebx
        ror edx, 2
        SETALL
        CASE 0x12345, 0x54321
        imul eax, ebx
        rol edx, 4
        SETALL
        CASE 0x3, 0
        shl eax, 31
        ror edx, 4
        SETALL
        CASE 0x0f, 0x01
        add al, bl
        rol edx, 9
        SETALL
        CASE 0x10, 0x11
        cmp al, bl
        ror edx, 9
        SETALL
        CASE 0x10, 0x11
        test al, bl
        ror edx, 11
        SETALL

        ; ---- stack and indirect control ----
        push dword [mem+8]
        pop eax
        push ebp
        mov ebp, esp
        sub esp, 12
        mov [ebp-4], eax
        leave
        mov eax, j_back
        jmp [jumpto]
j_back: call [callto]
        mov ecx, c_target
        call ecx
        mov edx, j_back2
        jmp edx
j_back2:
        call fold

        ; ---- lods and stos (forward, then backward under std) and loop ----
        mov esi, mem
        mov edi, two+4090               ; the second stosd straddles two pages
        mov ecx, 3
ls_loop:
        lodsd
        stosd
        lodsb
        stosb
        loop ls_loop
        std
        lodsd
        stosb
        lodsb
        stosd
        cld
        mov eax, [two+4094]
        xor eax, [two+4100]
        call fold

        ; ---- a fault, if asked for ----
        mov eax, [esp]
        cmp eax, 2
        jb finish
        mov eax, [esp+8]
        movzx eax, byte [eax]
        sub eax, 'a'
        cmp eax, NFAULTS
        jae finish
        mov ebx, 0x01020304
        mov ecx, 0x05060708
        mov edx, 0x090a0b0c
        mov ebp, 0x100
        jmp [faults+eax*4]

finish: ; print the checksum in hex and exit 0
        mov eax, [sum]
        mov edi, outbuf
        mov ecx, 8
.digit: rol eax, 4
        mov edx, eax
        and edx, 15
        mov dl, [hexdig+edx]
        mov [edi], dl
        inc edi
        dec ecx
        jnz .digit
        mov byte [edi], 10
        mov eax, 4
        mov ebx, 1
        mov ecx, outbuf
        mov edx, 9
        int 0x80
        mov eax, 1
        xor ebx, ebx
        int 0x80

j_target:
        jmp eax
c_target:
        add esi, 0x1111
        ret

; fold: mix the registers (as pushad leaves them), EFLAGS and ccbuf into [sum].
fold:   pushfd
        pushad
        mov esi, esp
        mov ecx, 9
        mov edx, [sum]
.mix:   rol edx, 5
        xor edx, [esi]
        add esi, 4
        dec ecx
        jnz .mix
        mov ecx, 4
        mov esi, ccbuf
.cc:    rol edx, 7
        add edx, [esi]
        add esi, 4
        dec ecx
        jnz .cc
        mov [sum], edx
        popad
        popfd
        ret

; Each faulting form after a register and the flags changed in its block.
f_movzx8:
        cmp ebx, ecx
        add ecx, 3
        movzx edx, byte [0x100]
        jmp finish
f_movzx16:
        cmp ebx, ecx
        add ecx, 3
        movzx edx, word [last+4095]
        jmp finish
f_movsx16:
        test ebx, ecx
        inc ecx
        movsx edx, word [last+4095]
        jmp finish
f_mov8_mr:
        add ecx, ebx
        mov [_start], dl
        jmp finish
f_mov8_mi:
        sub ecx, ebx
        mov byte [_start], 1
        jmp finish
f_alu_mr:
        cmp ebx, ecx
        add ecx, 3
        add [_start], ecx
        jmp finish
f_alu8_mi:
        cmp ecx, ebx
        sub byte [_start], 1
        jmp finish
f_incdec_m:
        add ebx, 0xffffffff
        inc dword [_start]
        jmp finish
f_setcc_m:
        cmp ebx, ecx
        sete [_start]
        jmp finish
f_push_m:
        add ecx, 1
        mov esp, last+4096+4
        push dword [mem]
        jmp finish
f_call_m:
        mov esp, last+4096+4
        call [callto]
        jmp finish
f_leave:
        cmp ebx, ecx
        leave
        jmp finish
f_cmov_rm:
        cmp ebx, ebx
        cmovne edx, [0x100]
        jmp finish
f_test_mi:
        xor ecx, ebx
        test dword [0x100], 1
        jmp finish
f_imul_rm:
        add ecx, ebx
        imul edx, [0x100]
        jmp finish
f_mul_m:
        add ecx, ebx
        mul dword [0x100]
        jmp finish
f_jmp_m:
        add ecx, ebx
        jmp [0x100]
f_alu_straddle:
        cmp ecx, ebx
        add [last+4094], eax
        jmp finish
f_mov8_rm:
        add ecx, ebx
        mov dl, [0x100]
        jmp finish
f_adc8_mr:
        cmp ebx, ecx
        adc [_start], dl
        jmp finish
f_call_r:
        mov esp, last+4096+4
        mov eax, c_target
        call eax
        jmp finish
f_movsx8:
        sub ecx, ebx
        movsx edx, byte [ebp]
        jmp finish
f_store8_unmapped:
        cmp ebx, ecx
        mov byte [last+4096], 7
        jmp finish
f_lodsd:
        add ecx, ebx
        mov esi, 0x100
        lodsd
        jmp finish
f_stosb:
        cmp ebx, ecx
        mov edi, last+4096
        stosb
        jmp finish
; mov between AL/EAX and an absolute address (A0-A3, no ModRM).
f_moffs_load:
        add ecx, ebx
        mov eax, [0x100]
        jmp finish
f_moffs_load8:
        cmp ebx, ecx
        mov al, [last+4096]
        jmp finish
f_moffs_store:
        sub ecx, ebx
        mov [_start], eax
        jmp finish
f_moffs_store8:
        add ecx, 1
        mov [last+4096], al
        jmp finish
