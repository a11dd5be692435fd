; Every condition code through setcc, cmovcc (32- and 16-bit, register and
; memory sources) and jcc (short and near forms), after cmp/test/add/sub at 8, 16
; and 32 bits on signed and unsigned boundary values. Each case prints the 16
; setcc bytes (o no b ae e ne be a s ns p np l ge le g), the cmov32 and cmov16
; result masks, and the 16 jcc outcomes, which must agree with setcc.
; The 14 cases repeat one block, written out in full so the file needs no macros.

section .data
m_case: db "case ", 0
m_set:  db "set: ", 0
m_cmov: db "cmov: ", 0
m_jcc:  db "jcc: ", 0
bitk:
        dd 0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200, 0x400, 0x800, 0x1000, 0x2000, 0x4000, 0x8000
bitk16:
        dw 0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x200, 0x400, 0x800, 0x1000, 0x2000, 0x4000, 0x8000

section .bss
setb:   resb 16
jccb:   resb 16
cmv:    resd 16
cmv16:  resw 16

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

        ; case 0: cmp eax, ebx with eax=0x1 ebx=0x2
        push m_case
        call put_str
        push 0
        call put_hex
        mov eax, 0x1
        mov ebx, 0x2
        cmp eax, ebx
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c0_0
        mov byte [jccb + 0], 0
.c0_0:
        mov byte [jccb + 1], 1
        jno near .c0_1
        mov byte [jccb + 1], 0
.c0_1:
        mov byte [jccb + 2], 1
        jb .c0_2
        mov byte [jccb + 2], 0
.c0_2:
        mov byte [jccb + 3], 1
        jae near .c0_3
        mov byte [jccb + 3], 0
.c0_3:
        mov byte [jccb + 4], 1
        je .c0_4
        mov byte [jccb + 4], 0
.c0_4:
        mov byte [jccb + 5], 1
        jne near .c0_5
        mov byte [jccb + 5], 0
.c0_5:
        mov byte [jccb + 6], 1
        jbe .c0_6
        mov byte [jccb + 6], 0
.c0_6:
        mov byte [jccb + 7], 1
        ja near .c0_7
        mov byte [jccb + 7], 0
.c0_7:
        mov byte [jccb + 8], 1
        js .c0_8
        mov byte [jccb + 8], 0
.c0_8:
        mov byte [jccb + 9], 1
        jns near .c0_9
        mov byte [jccb + 9], 0
.c0_9:
        mov byte [jccb + 10], 1
        jp .c0_10
        mov byte [jccb + 10], 0
.c0_10:
        mov byte [jccb + 11], 1
        jnp near .c0_11
        mov byte [jccb + 11], 0
.c0_11:
        mov byte [jccb + 12], 1
        jl .c0_12
        mov byte [jccb + 12], 0
.c0_12:
        mov byte [jccb + 13], 1
        jge near .c0_13
        mov byte [jccb + 13], 0
.c0_13:
        mov byte [jccb + 14], 1
        jle .c0_14
        mov byte [jccb + 14], 0
.c0_14:
        mov byte [jccb + 15], 1
        jg near .c0_15
        mov byte [jccb + 15], 0
.c0_15:
        call show
        ; case 1: cmp eax, ebx with eax=0x2 ebx=0x1
        push m_case
        call put_str
        push 1
        call put_hex
        mov eax, 0x2
        mov ebx, 0x1
        cmp eax, ebx
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c1_0
        mov byte [jccb + 0], 0
.c1_0:
        mov byte [jccb + 1], 1
        jno near .c1_1
        mov byte [jccb + 1], 0
.c1_1:
        mov byte [jccb + 2], 1
        jb .c1_2
        mov byte [jccb + 2], 0
.c1_2:
        mov byte [jccb + 3], 1
        jae near .c1_3
        mov byte [jccb + 3], 0
.c1_3:
        mov byte [jccb + 4], 1
        je .c1_4
        mov byte [jccb + 4], 0
.c1_4:
        mov byte [jccb + 5], 1
        jne near .c1_5
        mov byte [jccb + 5], 0
.c1_5:
        mov byte [jccb + 6], 1
        jbe .c1_6
        mov byte [jccb + 6], 0
.c1_6:
        mov byte [jccb + 7], 1
        ja near .c1_7
        mov byte [jccb + 7], 0
.c1_7:
        mov byte [jccb + 8], 1
        js .c1_8
        mov byte [jccb + 8], 0
.c1_8:
        mov byte [jccb + 9], 1
        jns near .c1_9
        mov byte [jccb + 9], 0
.c1_9:
        mov byte [jccb + 10], 1
        jp .c1_10
        mov byte [jccb + 10], 0
.c1_10:
        mov byte [jccb + 11], 1
        jnp near .c1_11
        mov byte [jccb + 11], 0
.c1_11:
        mov byte [jccb + 12], 1
        jl .c1_12
        mov byte [jccb + 12], 0
.c1_12:
        mov byte [jccb + 13], 1
        jge near .c1_13
        mov byte [jccb + 13], 0
.c1_13:
        mov byte [jccb + 14], 1
        jle .c1_14
        mov byte [jccb + 14], 0
.c1_14:
        mov byte [jccb + 15], 1
        jg near .c1_15
        mov byte [jccb + 15], 0
.c1_15:
        call show
        ; case 2: cmp eax, ebx with eax=0x5 ebx=0x5
        push m_case
        call put_str
        push 2
        call put_hex
        mov eax, 0x5
        mov ebx, 0x5
        cmp eax, ebx
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c2_0
        mov byte [jccb + 0], 0
.c2_0:
        mov byte [jccb + 1], 1
        jno near .c2_1
        mov byte [jccb + 1], 0
.c2_1:
        mov byte [jccb + 2], 1
        jb .c2_2
        mov byte [jccb + 2], 0
.c2_2:
        mov byte [jccb + 3], 1
        jae near .c2_3
        mov byte [jccb + 3], 0
.c2_3:
        mov byte [jccb + 4], 1
        je .c2_4
        mov byte [jccb + 4], 0
.c2_4:
        mov byte [jccb + 5], 1
        jne near .c2_5
        mov byte [jccb + 5], 0
.c2_5:
        mov byte [jccb + 6], 1
        jbe .c2_6
        mov byte [jccb + 6], 0
.c2_6:
        mov byte [jccb + 7], 1
        ja near .c2_7
        mov byte [jccb + 7], 0
.c2_7:
        mov byte [jccb + 8], 1
        js .c2_8
        mov byte [jccb + 8], 0
.c2_8:
        mov byte [jccb + 9], 1
        jns near .c2_9
        mov byte [jccb + 9], 0
.c2_9:
        mov byte [jccb + 10], 1
        jp .c2_10
        mov byte [jccb + 10], 0
.c2_10:
        mov byte [jccb + 11], 1
        jnp near .c2_11
        mov byte [jccb + 11], 0
.c2_11:
        mov byte [jccb + 12], 1
        jl .c2_12
        mov byte [jccb + 12], 0
.c2_12:
        mov byte [jccb + 13], 1
        jge near .c2_13
        mov byte [jccb + 13], 0
.c2_13:
        mov byte [jccb + 14], 1
        jle .c2_14
        mov byte [jccb + 14], 0
.c2_14:
        mov byte [jccb + 15], 1
        jg near .c2_15
        mov byte [jccb + 15], 0
.c2_15:
        call show
        ; case 3: cmp eax, ebx with eax=0x80000000 ebx=0x1
        push m_case
        call put_str
        push 3
        call put_hex
        mov eax, 0x80000000
        mov ebx, 0x1
        cmp eax, ebx
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c3_0
        mov byte [jccb + 0], 0
.c3_0:
        mov byte [jccb + 1], 1
        jno near .c3_1
        mov byte [jccb + 1], 0
.c3_1:
        mov byte [jccb + 2], 1
        jb .c3_2
        mov byte [jccb + 2], 0
.c3_2:
        mov byte [jccb + 3], 1
        jae near .c3_3
        mov byte [jccb + 3], 0
.c3_3:
        mov byte [jccb + 4], 1
        je .c3_4
        mov byte [jccb + 4], 0
.c3_4:
        mov byte [jccb + 5], 1
        jne near .c3_5
        mov byte [jccb + 5], 0
.c3_5:
        mov byte [jccb + 6], 1
        jbe .c3_6
        mov byte [jccb + 6], 0
.c3_6:
        mov byte [jccb + 7], 1
        ja near .c3_7
        mov byte [jccb + 7], 0
.c3_7:
        mov byte [jccb + 8], 1
        js .c3_8
        mov byte [jccb + 8], 0
.c3_8:
        mov byte [jccb + 9], 1
        jns near .c3_9
        mov byte [jccb + 9], 0
.c3_9:
        mov byte [jccb + 10], 1
        jp .c3_10
        mov byte [jccb + 10], 0
.c3_10:
        mov byte [jccb + 11], 1
        jnp near .c3_11
        mov byte [jccb + 11], 0
.c3_11:
        mov byte [jccb + 12], 1
        jl .c3_12
        mov byte [jccb + 12], 0
.c3_12:
        mov byte [jccb + 13], 1
        jge near .c3_13
        mov byte [jccb + 13], 0
.c3_13:
        mov byte [jccb + 14], 1
        jle .c3_14
        mov byte [jccb + 14], 0
.c3_14:
        mov byte [jccb + 15], 1
        jg near .c3_15
        mov byte [jccb + 15], 0
.c3_15:
        call show
        ; case 4: cmp eax, ebx with eax=0x7fffffff ebx=0xffffffff
        push m_case
        call put_str
        push 4
        call put_hex
        mov eax, 0x7fffffff
        mov ebx, 0xffffffff
        cmp eax, ebx
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c4_0
        mov byte [jccb + 0], 0
.c4_0:
        mov byte [jccb + 1], 1
        jno near .c4_1
        mov byte [jccb + 1], 0
.c4_1:
        mov byte [jccb + 2], 1
        jb .c4_2
        mov byte [jccb + 2], 0
.c4_2:
        mov byte [jccb + 3], 1
        jae near .c4_3
        mov byte [jccb + 3], 0
.c4_3:
        mov byte [jccb + 4], 1
        je .c4_4
        mov byte [jccb + 4], 0
.c4_4:
        mov byte [jccb + 5], 1
        jne near .c4_5
        mov byte [jccb + 5], 0
.c4_5:
        mov byte [jccb + 6], 1
        jbe .c4_6
        mov byte [jccb + 6], 0
.c4_6:
        mov byte [jccb + 7], 1
        ja near .c4_7
        mov byte [jccb + 7], 0
.c4_7:
        mov byte [jccb + 8], 1
        js .c4_8
        mov byte [jccb + 8], 0
.c4_8:
        mov byte [jccb + 9], 1
        jns near .c4_9
        mov byte [jccb + 9], 0
.c4_9:
        mov byte [jccb + 10], 1
        jp .c4_10
        mov byte [jccb + 10], 0
.c4_10:
        mov byte [jccb + 11], 1
        jnp near .c4_11
        mov byte [jccb + 11], 0
.c4_11:
        mov byte [jccb + 12], 1
        jl .c4_12
        mov byte [jccb + 12], 0
.c4_12:
        mov byte [jccb + 13], 1
        jge near .c4_13
        mov byte [jccb + 13], 0
.c4_13:
        mov byte [jccb + 14], 1
        jle .c4_14
        mov byte [jccb + 14], 0
.c4_14:
        mov byte [jccb + 15], 1
        jg near .c4_15
        mov byte [jccb + 15], 0
.c4_15:
        call show
        ; case 5: cmp eax, ebx with eax=0xffffffff ebx=0x1
        push m_case
        call put_str
        push 5
        call put_hex
        mov eax, 0xffffffff
        mov ebx, 0x1
        cmp eax, ebx
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c5_0
        mov byte [jccb + 0], 0
.c5_0:
        mov byte [jccb + 1], 1
        jno near .c5_1
        mov byte [jccb + 1], 0
.c5_1:
        mov byte [jccb + 2], 1
        jb .c5_2
        mov byte [jccb + 2], 0
.c5_2:
        mov byte [jccb + 3], 1
        jae near .c5_3
        mov byte [jccb + 3], 0
.c5_3:
        mov byte [jccb + 4], 1
        je .c5_4
        mov byte [jccb + 4], 0
.c5_4:
        mov byte [jccb + 5], 1
        jne near .c5_5
        mov byte [jccb + 5], 0
.c5_5:
        mov byte [jccb + 6], 1
        jbe .c5_6
        mov byte [jccb + 6], 0
.c5_6:
        mov byte [jccb + 7], 1
        ja near .c5_7
        mov byte [jccb + 7], 0
.c5_7:
        mov byte [jccb + 8], 1
        js .c5_8
        mov byte [jccb + 8], 0
.c5_8:
        mov byte [jccb + 9], 1
        jns near .c5_9
        mov byte [jccb + 9], 0
.c5_9:
        mov byte [jccb + 10], 1
        jp .c5_10
        mov byte [jccb + 10], 0
.c5_10:
        mov byte [jccb + 11], 1
        jnp near .c5_11
        mov byte [jccb + 11], 0
.c5_11:
        mov byte [jccb + 12], 1
        jl .c5_12
        mov byte [jccb + 12], 0
.c5_12:
        mov byte [jccb + 13], 1
        jge near .c5_13
        mov byte [jccb + 13], 0
.c5_13:
        mov byte [jccb + 14], 1
        jle .c5_14
        mov byte [jccb + 14], 0
.c5_14:
        mov byte [jccb + 15], 1
        jg near .c5_15
        mov byte [jccb + 15], 0
.c5_15:
        call show
        ; case 6: cmp eax, ebx with eax=0x0 ebx=0x80000000
        push m_case
        call put_str
        push 6
        call put_hex
        mov eax, 0x0
        mov ebx, 0x80000000
        cmp eax, ebx
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c6_0
        mov byte [jccb + 0], 0
.c6_0:
        mov byte [jccb + 1], 1
        jno near .c6_1
        mov byte [jccb + 1], 0
.c6_1:
        mov byte [jccb + 2], 1
        jb .c6_2
        mov byte [jccb + 2], 0
.c6_2:
        mov byte [jccb + 3], 1
        jae near .c6_3
        mov byte [jccb + 3], 0
.c6_3:
        mov byte [jccb + 4], 1
        je .c6_4
        mov byte [jccb + 4], 0
.c6_4:
        mov byte [jccb + 5], 1
        jne near .c6_5
        mov byte [jccb + 5], 0
.c6_5:
        mov byte [jccb + 6], 1
        jbe .c6_6
        mov byte [jccb + 6], 0
.c6_6:
        mov byte [jccb + 7], 1
        ja near .c6_7
        mov byte [jccb + 7], 0
.c6_7:
        mov byte [jccb + 8], 1
        js .c6_8
        mov byte [jccb + 8], 0
.c6_8:
        mov byte [jccb + 9], 1
        jns near .c6_9
        mov byte [jccb + 9], 0
.c6_9:
        mov byte [jccb + 10], 1
        jp .c6_10
        mov byte [jccb + 10], 0
.c6_10:
        mov byte [jccb + 11], 1
        jnp near .c6_11
        mov byte [jccb + 11], 0
.c6_11:
        mov byte [jccb + 12], 1
        jl .c6_12
        mov byte [jccb + 12], 0
.c6_12:
        mov byte [jccb + 13], 1
        jge near .c6_13
        mov byte [jccb + 13], 0
.c6_13:
        mov byte [jccb + 14], 1
        jle .c6_14
        mov byte [jccb + 14], 0
.c6_14:
        mov byte [jccb + 15], 1
        jg near .c6_15
        mov byte [jccb + 15], 0
.c6_15:
        call show
        ; case 7: cmp ax, bx with eax=0x8000 ebx=0x1
        push m_case
        call put_str
        push 7
        call put_hex
        mov eax, 0x8000
        mov ebx, 0x1
        cmp ax, bx
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c7_0
        mov byte [jccb + 0], 0
.c7_0:
        mov byte [jccb + 1], 1
        jno near .c7_1
        mov byte [jccb + 1], 0
.c7_1:
        mov byte [jccb + 2], 1
        jb .c7_2
        mov byte [jccb + 2], 0
.c7_2:
        mov byte [jccb + 3], 1
        jae near .c7_3
        mov byte [jccb + 3], 0
.c7_3:
        mov byte [jccb + 4], 1
        je .c7_4
        mov byte [jccb + 4], 0
.c7_4:
        mov byte [jccb + 5], 1
        jne near .c7_5
        mov byte [jccb + 5], 0
.c7_5:
        mov byte [jccb + 6], 1
        jbe .c7_6
        mov byte [jccb + 6], 0
.c7_6:
        mov byte [jccb + 7], 1
        ja near .c7_7
        mov byte [jccb + 7], 0
.c7_7:
        mov byte [jccb + 8], 1
        js .c7_8
        mov byte [jccb + 8], 0
.c7_8:
        mov byte [jccb + 9], 1
        jns near .c7_9
        mov byte [jccb + 9], 0
.c7_9:
        mov byte [jccb + 10], 1
        jp .c7_10
        mov byte [jccb + 10], 0
.c7_10:
        mov byte [jccb + 11], 1
        jnp near .c7_11
        mov byte [jccb + 11], 0
.c7_11:
        mov byte [jccb + 12], 1
        jl .c7_12
        mov byte [jccb + 12], 0
.c7_12:
        mov byte [jccb + 13], 1
        jge near .c7_13
        mov byte [jccb + 13], 0
.c7_13:
        mov byte [jccb + 14], 1
        jle .c7_14
        mov byte [jccb + 14], 0
.c7_14:
        mov byte [jccb + 15], 1
        jg near .c7_15
        mov byte [jccb + 15], 0
.c7_15:
        call show
        ; case 8: cmp al, bl with eax=0x7f ebx=0x80
        push m_case
        call put_str
        push 8
        call put_hex
        mov eax, 0x7f
        mov ebx, 0x80
        cmp al, bl
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c8_0
        mov byte [jccb + 0], 0
.c8_0:
        mov byte [jccb + 1], 1
        jno near .c8_1
        mov byte [jccb + 1], 0
.c8_1:
        mov byte [jccb + 2], 1
        jb .c8_2
        mov byte [jccb + 2], 0
.c8_2:
        mov byte [jccb + 3], 1
        jae near .c8_3
        mov byte [jccb + 3], 0
.c8_3:
        mov byte [jccb + 4], 1
        je .c8_4
        mov byte [jccb + 4], 0
.c8_4:
        mov byte [jccb + 5], 1
        jne near .c8_5
        mov byte [jccb + 5], 0
.c8_5:
        mov byte [jccb + 6], 1
        jbe .c8_6
        mov byte [jccb + 6], 0
.c8_6:
        mov byte [jccb + 7], 1
        ja near .c8_7
        mov byte [jccb + 7], 0
.c8_7:
        mov byte [jccb + 8], 1
        js .c8_8
        mov byte [jccb + 8], 0
.c8_8:
        mov byte [jccb + 9], 1
        jns near .c8_9
        mov byte [jccb + 9], 0
.c8_9:
        mov byte [jccb + 10], 1
        jp .c8_10
        mov byte [jccb + 10], 0
.c8_10:
        mov byte [jccb + 11], 1
        jnp near .c8_11
        mov byte [jccb + 11], 0
.c8_11:
        mov byte [jccb + 12], 1
        jl .c8_12
        mov byte [jccb + 12], 0
.c8_12:
        mov byte [jccb + 13], 1
        jge near .c8_13
        mov byte [jccb + 13], 0
.c8_13:
        mov byte [jccb + 14], 1
        jle .c8_14
        mov byte [jccb + 14], 0
.c8_14:
        mov byte [jccb + 15], 1
        jg near .c8_15
        mov byte [jccb + 15], 0
.c8_15:
        call show
        ; case 9: cmp bl, al with eax=0x3 ebx=0xfe
        push m_case
        call put_str
        push 9
        call put_hex
        mov eax, 0x3
        mov ebx, 0xfe
        cmp bl, al
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c9_0
        mov byte [jccb + 0], 0
.c9_0:
        mov byte [jccb + 1], 1
        jno near .c9_1
        mov byte [jccb + 1], 0
.c9_1:
        mov byte [jccb + 2], 1
        jb .c9_2
        mov byte [jccb + 2], 0
.c9_2:
        mov byte [jccb + 3], 1
        jae near .c9_3
        mov byte [jccb + 3], 0
.c9_3:
        mov byte [jccb + 4], 1
        je .c9_4
        mov byte [jccb + 4], 0
.c9_4:
        mov byte [jccb + 5], 1
        jne near .c9_5
        mov byte [jccb + 5], 0
.c9_5:
        mov byte [jccb + 6], 1
        jbe .c9_6
        mov byte [jccb + 6], 0
.c9_6:
        mov byte [jccb + 7], 1
        ja near .c9_7
        mov byte [jccb + 7], 0
.c9_7:
        mov byte [jccb + 8], 1
        js .c9_8
        mov byte [jccb + 8], 0
.c9_8:
        mov byte [jccb + 9], 1
        jns near .c9_9
        mov byte [jccb + 9], 0
.c9_9:
        mov byte [jccb + 10], 1
        jp .c9_10
        mov byte [jccb + 10], 0
.c9_10:
        mov byte [jccb + 11], 1
        jnp near .c9_11
        mov byte [jccb + 11], 0
.c9_11:
        mov byte [jccb + 12], 1
        jl .c9_12
        mov byte [jccb + 12], 0
.c9_12:
        mov byte [jccb + 13], 1
        jge near .c9_13
        mov byte [jccb + 13], 0
.c9_13:
        mov byte [jccb + 14], 1
        jle .c9_14
        mov byte [jccb + 14], 0
.c9_14:
        mov byte [jccb + 15], 1
        jg near .c9_15
        mov byte [jccb + 15], 0
.c9_15:
        call show
        ; case 10: test eax, ebx with eax=0x3 ebx=0xff
        push m_case
        call put_str
        push 10
        call put_hex
        mov eax, 0x3
        mov ebx, 0xff
        test eax, ebx
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c10_0
        mov byte [jccb + 0], 0
.c10_0:
        mov byte [jccb + 1], 1
        jno near .c10_1
        mov byte [jccb + 1], 0
.c10_1:
        mov byte [jccb + 2], 1
        jb .c10_2
        mov byte [jccb + 2], 0
.c10_2:
        mov byte [jccb + 3], 1
        jae near .c10_3
        mov byte [jccb + 3], 0
.c10_3:
        mov byte [jccb + 4], 1
        je .c10_4
        mov byte [jccb + 4], 0
.c10_4:
        mov byte [jccb + 5], 1
        jne near .c10_5
        mov byte [jccb + 5], 0
.c10_5:
        mov byte [jccb + 6], 1
        jbe .c10_6
        mov byte [jccb + 6], 0
.c10_6:
        mov byte [jccb + 7], 1
        ja near .c10_7
        mov byte [jccb + 7], 0
.c10_7:
        mov byte [jccb + 8], 1
        js .c10_8
        mov byte [jccb + 8], 0
.c10_8:
        mov byte [jccb + 9], 1
        jns near .c10_9
        mov byte [jccb + 9], 0
.c10_9:
        mov byte [jccb + 10], 1
        jp .c10_10
        mov byte [jccb + 10], 0
.c10_10:
        mov byte [jccb + 11], 1
        jnp near .c10_11
        mov byte [jccb + 11], 0
.c10_11:
        mov byte [jccb + 12], 1
        jl .c10_12
        mov byte [jccb + 12], 0
.c10_12:
        mov byte [jccb + 13], 1
        jge near .c10_13
        mov byte [jccb + 13], 0
.c10_13:
        mov byte [jccb + 14], 1
        jle .c10_14
        mov byte [jccb + 14], 0
.c10_14:
        mov byte [jccb + 15], 1
        jg near .c10_15
        mov byte [jccb + 15], 0
.c10_15:
        call show
        ; case 11: test eax, ebx with eax=0x80000000 ebx=0x80000000
        push m_case
        call put_str
        push 11
        call put_hex
        mov eax, 0x80000000
        mov ebx, 0x80000000
        test eax, ebx
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c11_0
        mov byte [jccb + 0], 0
.c11_0:
        mov byte [jccb + 1], 1
        jno near .c11_1
        mov byte [jccb + 1], 0
.c11_1:
        mov byte [jccb + 2], 1
        jb .c11_2
        mov byte [jccb + 2], 0
.c11_2:
        mov byte [jccb + 3], 1
        jae near .c11_3
        mov byte [jccb + 3], 0
.c11_3:
        mov byte [jccb + 4], 1
        je .c11_4
        mov byte [jccb + 4], 0
.c11_4:
        mov byte [jccb + 5], 1
        jne near .c11_5
        mov byte [jccb + 5], 0
.c11_5:
        mov byte [jccb + 6], 1
        jbe .c11_6
        mov byte [jccb + 6], 0
.c11_6:
        mov byte [jccb + 7], 1
        ja near .c11_7
        mov byte [jccb + 7], 0
.c11_7:
        mov byte [jccb + 8], 1
        js .c11_8
        mov byte [jccb + 8], 0
.c11_8:
        mov byte [jccb + 9], 1
        jns near .c11_9
        mov byte [jccb + 9], 0
.c11_9:
        mov byte [jccb + 10], 1
        jp .c11_10
        mov byte [jccb + 10], 0
.c11_10:
        mov byte [jccb + 11], 1
        jnp near .c11_11
        mov byte [jccb + 11], 0
.c11_11:
        mov byte [jccb + 12], 1
        jl .c11_12
        mov byte [jccb + 12], 0
.c11_12:
        mov byte [jccb + 13], 1
        jge near .c11_13
        mov byte [jccb + 13], 0
.c11_13:
        mov byte [jccb + 14], 1
        jle .c11_14
        mov byte [jccb + 14], 0
.c11_14:
        mov byte [jccb + 15], 1
        jg near .c11_15
        mov byte [jccb + 15], 0
.c11_15:
        call show
        ; case 12: add eax, ebx with eax=0x7fffffff ebx=0x1
        push m_case
        call put_str
        push 12
        call put_hex
        mov eax, 0x7fffffff
        mov ebx, 0x1
        add eax, ebx
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c12_0
        mov byte [jccb + 0], 0
.c12_0:
        mov byte [jccb + 1], 1
        jno near .c12_1
        mov byte [jccb + 1], 0
.c12_1:
        mov byte [jccb + 2], 1
        jb .c12_2
        mov byte [jccb + 2], 0
.c12_2:
        mov byte [jccb + 3], 1
        jae near .c12_3
        mov byte [jccb + 3], 0
.c12_3:
        mov byte [jccb + 4], 1
        je .c12_4
        mov byte [jccb + 4], 0
.c12_4:
        mov byte [jccb + 5], 1
        jne near .c12_5
        mov byte [jccb + 5], 0
.c12_5:
        mov byte [jccb + 6], 1
        jbe .c12_6
        mov byte [jccb + 6], 0
.c12_6:
        mov byte [jccb + 7], 1
        ja near .c12_7
        mov byte [jccb + 7], 0
.c12_7:
        mov byte [jccb + 8], 1
        js .c12_8
        mov byte [jccb + 8], 0
.c12_8:
        mov byte [jccb + 9], 1
        jns near .c12_9
        mov byte [jccb + 9], 0
.c12_9:
        mov byte [jccb + 10], 1
        jp .c12_10
        mov byte [jccb + 10], 0
.c12_10:
        mov byte [jccb + 11], 1
        jnp near .c12_11
        mov byte [jccb + 11], 0
.c12_11:
        mov byte [jccb + 12], 1
        jl .c12_12
        mov byte [jccb + 12], 0
.c12_12:
        mov byte [jccb + 13], 1
        jge near .c12_13
        mov byte [jccb + 13], 0
.c12_13:
        mov byte [jccb + 14], 1
        jle .c12_14
        mov byte [jccb + 14], 0
.c12_14:
        mov byte [jccb + 15], 1
        jg near .c12_15
        mov byte [jccb + 15], 0
.c12_15:
        call show
        ; case 13: sub eax, ebx with eax=0x0 ebx=0x1
        push m_case
        call put_str
        push 13
        call put_hex
        mov eax, 0x0
        mov ebx, 0x1
        sub eax, ebx
        seto [setb + 0]
        setno [setb + 1]
        setb [setb + 2]
        setae [setb + 3]
        sete [setb + 4]
        setne [setb + 5]
        setbe [setb + 6]
        seta [setb + 7]
        sets [setb + 8]
        setns [setb + 9]
        setp [setb + 10]
        setnp [setb + 11]
        setl [setb + 12]
        setge [setb + 13]
        setle [setb + 14]
        setg [setb + 15]
        mov ecx, 0
        cmovo ecx, [bitk + 0]
        mov [cmv + 0], ecx
        mov cx, 0
        mov dx, [bitk16 + 0]
        cmovo cx, dx
        mov [cmv16 + 0], cx
        mov ecx, 0
        mov edx, [bitk + 4]
        cmovno ecx, edx
        mov [cmv + 4], ecx
        mov cx, 0
        cmovno cx, [bitk16 + 2]
        mov [cmv16 + 2], cx
        mov ecx, 0
        cmovb ecx, [bitk + 8]
        mov [cmv + 8], ecx
        mov cx, 0
        mov dx, [bitk16 + 4]
        cmovb cx, dx
        mov [cmv16 + 4], cx
        mov ecx, 0
        mov edx, [bitk + 12]
        cmovae ecx, edx
        mov [cmv + 12], ecx
        mov cx, 0
        cmovae cx, [bitk16 + 6]
        mov [cmv16 + 6], cx
        mov ecx, 0
        cmove ecx, [bitk + 16]
        mov [cmv + 16], ecx
        mov cx, 0
        mov dx, [bitk16 + 8]
        cmove cx, dx
        mov [cmv16 + 8], cx
        mov ecx, 0
        mov edx, [bitk + 20]
        cmovne ecx, edx
        mov [cmv + 20], ecx
        mov cx, 0
        cmovne cx, [bitk16 + 10]
        mov [cmv16 + 10], cx
        mov ecx, 0
        cmovbe ecx, [bitk + 24]
        mov [cmv + 24], ecx
        mov cx, 0
        mov dx, [bitk16 + 12]
        cmovbe cx, dx
        mov [cmv16 + 12], cx
        mov ecx, 0
        mov edx, [bitk + 28]
        cmova ecx, edx
        mov [cmv + 28], ecx
        mov cx, 0
        cmova cx, [bitk16 + 14]
        mov [cmv16 + 14], cx
        mov ecx, 0
        cmovs ecx, [bitk + 32]
        mov [cmv + 32], ecx
        mov cx, 0
        mov dx, [bitk16 + 16]
        cmovs cx, dx
        mov [cmv16 + 16], cx
        mov ecx, 0
        mov edx, [bitk + 36]
        cmovns ecx, edx
        mov [cmv + 36], ecx
        mov cx, 0
        cmovns cx, [bitk16 + 18]
        mov [cmv16 + 18], cx
        mov ecx, 0
        cmovp ecx, [bitk + 40]
        mov [cmv + 40], ecx
        mov cx, 0
        mov dx, [bitk16 + 20]
        cmovp cx, dx
        mov [cmv16 + 20], cx
        mov ecx, 0
        mov edx, [bitk + 44]
        cmovnp ecx, edx
        mov [cmv + 44], ecx
        mov cx, 0
        cmovnp cx, [bitk16 + 22]
        mov [cmv16 + 22], cx
        mov ecx, 0
        cmovl ecx, [bitk + 48]
        mov [cmv + 48], ecx
        mov cx, 0
        mov dx, [bitk16 + 24]
        cmovl cx, dx
        mov [cmv16 + 24], cx
        mov ecx, 0
        mov edx, [bitk + 52]
        cmovge ecx, edx
        mov [cmv + 52], ecx
        mov cx, 0
        cmovge cx, [bitk16 + 26]
        mov [cmv16 + 26], cx
        mov ecx, 0
        cmovle ecx, [bitk + 56]
        mov [cmv + 56], ecx
        mov cx, 0
        mov dx, [bitk16 + 28]
        cmovle cx, dx
        mov [cmv16 + 28], cx
        mov ecx, 0
        mov edx, [bitk + 60]
        cmovg ecx, edx
        mov [cmv + 60], ecx
        mov cx, 0
        cmovg cx, [bitk16 + 30]
        mov [cmv16 + 30], cx
        mov byte [jccb + 0], 1
        jo .c13_0
        mov byte [jccb + 0], 0
.c13_0:
        mov byte [jccb + 1], 1
        jno near .c13_1
        mov byte [jccb + 1], 0
.c13_1:
        mov byte [jccb + 2], 1
        jb .c13_2
        mov byte [jccb + 2], 0
.c13_2:
        mov byte [jccb + 3], 1
        jae near .c13_3
        mov byte [jccb + 3], 0
.c13_3:
        mov byte [jccb + 4], 1
        je .c13_4
        mov byte [jccb + 4], 0
.c13_4:
        mov byte [jccb + 5], 1
        jne near .c13_5
        mov byte [jccb + 5], 0
.c13_5:
        mov byte [jccb + 6], 1
        jbe .c13_6
        mov byte [jccb + 6], 0
.c13_6:
        mov byte [jccb + 7], 1
        ja near .c13_7
        mov byte [jccb + 7], 0
.c13_7:
        mov byte [jccb + 8], 1
        js .c13_8
        mov byte [jccb + 8], 0
.c13_8:
        mov byte [jccb + 9], 1
        jns near .c13_9
        mov byte [jccb + 9], 0
.c13_9:
        mov byte [jccb + 10], 1
        jp .c13_10
        mov byte [jccb + 10], 0
.c13_10:
        mov byte [jccb + 11], 1
        jnp near .c13_11
        mov byte [jccb + 11], 0
.c13_11:
        mov byte [jccb + 12], 1
        jl .c13_12
        mov byte [jccb + 12], 0
.c13_12:
        mov byte [jccb + 13], 1
        jge near .c13_13
        mov byte [jccb + 13], 0
.c13_13:
        mov byte [jccb + 14], 1
        jle .c13_14
        mov byte [jccb + 14], 0
.c13_14:
        mov byte [jccb + 15], 1
        jg near .c13_15
        mov byte [jccb + 15], 0
.c13_15:
        call show
        xor ebx, ebx
        jmp exit

; Prints the setcc bytes, the two cmov masks and the jcc bytes of one case.
show:
        push m_set
        call put_str
        push dword [setb]
        call put_hex
        push dword [setb + 4]
        call put_hex
        push dword [setb + 8]
        call put_hex
        push dword [setb + 12]
        call put_hex
        push m_cmov
        call put_str
        xor eax, eax
        xor edx, edx
        mov ecx, 0
.or:    or eax, [cmv + ecx*4]
        or dx, [cmv16 + ecx*2]
        inc ecx
        cmp ecx, 16
        jne .or
        push eax
        call put_hex
        push edx
        call put_hex
        push m_jcc
        call put_str
        push dword [jccb]
        call put_hex
        push dword [jccb + 4]
        call put_hex
        push dword [jccb + 8]
        call put_hex
        push dword [jccb + 12]
        call put_hex
        call put_nl
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
