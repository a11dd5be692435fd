; A bytecode interpreter's loop: each step fetches the next of 64 opcodes
; and jumps to its case through a table (jmp [cases + esi*4]), 10,000 steps,
; then exits with the accumulator's low byte. The cases run at different
; rates (case 0 in every other step, case 7 once in 64), so interpreted they
; get hot one by one, the rarest after some 4,000 steps; all of them have
; run by the time the dispatch does (64 steps). The translator reads the
; table and brings every case that ran into the dispatch's region at once.

section .text
global _start
_start:
        xor ebx, ebx            ; the accumulator
        mov ecx, 10000          ; steps
        xor edi, edi            ; the next opcode's index
next:   movzx esi, byte [code + edi]
        inc edi
        and edi, 63
        jmp [cases + esi*4]
op0:    add ebx, 3
        jmp tail
op1:    xor ebx, 0x55
        jmp tail
op2:    rol ebx, 5
        jmp tail
op3:    lea ebx, [ebx + ebx*2 + 1]
        jmp tail
op4:    sub ebx, ecx
        jmp tail
op5:    not ebx
        jmp tail
op6:    shr ebx, 1
        jmp tail
op7:    imul ebx, ebx, 7
tail:   dec ecx
        jnz next
        and ebx, 0xff
        mov eax, 1              ; exit
        int 0x80

section .data
cases:  dd op0, op1, op2, op3, op4, op5, op6, op7
code:   db 0,1,0,2,0,1,0,3,0,1,0,2,0,1,0,4
        db 0,1,0,2,0,1,0,3,0,1,0,2,0,1,0,5
        db 0,1,0,2,0,1,0,3,0,1,0,2,0,1,0,4
        db 0,1,0,2,0,1,0,3,0,1,0,2,0,1,7,6

