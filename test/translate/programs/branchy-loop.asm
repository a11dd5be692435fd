; A hot loop whose body branches and calls: for i = 1..3000, add i to ebx
; when i is odd and call twice (which adds 2*i) when it is even, then exit
; with the sum's low byte. Its blocks (loop head, both arms, the call, the
; ret's landing site) lie in one page, so the translator compiles them as
; one region and they chain inside it. Sum = 1500^2 + 2*(2*1500*1501/2)
; = 2250000 + 4503000 = 6753000; 6753000 & 0xff = 232.

section .text
global _start
_start:
        xor ebx, ebx
        mov ecx, 1
loop:   test ecx, 1
        jz even
        add ebx, ecx
        jmp next
even:   call twice
        add ebx, eax
next:   inc ecx
        cmp ecx, 3001
        jne loop
        and ebx, 0xff
        mov eax, 1              ; exit
        int 0x80
twice:  mov eax, ecx
        add eax, eax
        ret
