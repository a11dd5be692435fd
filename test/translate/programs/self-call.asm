; A block that calls its own start (inc, two pushes, call), so the compiled
; block goes round inside its function: for test/translate/inline-forms.test.ts,
; which flips bits in the stack it grows into. An ECC correction met by the
; call, the block's last instruction, must stop the block after it, as after
; any other instruction. The run ends at its cycle limit.
section .text
global _start
_start:
        xor ecx, ecx
down:   inc ecx
        push ecx
        push ecx
        call down
