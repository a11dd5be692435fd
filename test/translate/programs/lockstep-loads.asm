; Loads, a read-modify-write and a push/pop in a hot loop, for
; test/translate/lockstep.test.ts: a memory flip in one chassis (ECC off)
; makes that chassis' replicas load another value inside a lockstep block,
; after other instructions of the block ran, and the comparator must find
; the divergence at that cycle, as the interpreter does. The exit status is
; a checksum of the sum and the table.

section .data
align 4
table:
%assign i 0
%rep 64
        dd 0x01000193 * (i + 1)
%assign i i + 1
%endrep

section .text
global _start
_start:
        mov edi, 600                    ; passes
.pass:  xor esi, esi
        xor ecx, ecx
.loop:  inc ebx
        add esi, ecx
        mov eax, [table + ecx*4]        ; the first load comes third in the block
        add esi, eax
        movzx edx, byte [table + ecx*4 + 2]
        xor esi, edx
        push esi
        pop ebx
        add [table + ecx*4], ebx        ; read, modify, write back
        inc ecx
        cmp ecx, 64
        jne .loop
        dec edi
        jnz .pass
        xor ecx, ecx                    ; fold the table into the sum
.fold:  add esi, [table + ecx*4]
        rol esi, 5
        inc ecx
        cmp ecx, 64
        jne .fold
        mov ebx, esi
        shr ebx, 24
        mov eax, 1
        int 0x80
