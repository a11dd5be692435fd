; The page cache of compiled simplex blocks (src/translate/block-compiler.ts,
; load() and store()), for test/translate/page-cache.test.ts, which runs this
; interpreted and translated and demands the same machine. A compiled
; function remembers, per base register, the last page a load or a store
; went straight to; these loops go on through the same registers into the
; next page, across the end of a page (1, 2 and 4 bytes at every offset near
; it), through base, index-only and absolute addresses, the stack (push, pop,
; leave) and lods/stos, so that a remembered page is right next to the one
; the access needs. With an argument, a letter, the run ends in a fault right
; after a page was remembered through the same register: a store into a page
; remembered for loads that is read-only, a load off the end of the mapped
; pages, a load across that end, and a load or store into a page that a
; system call inside the loop unmapped or made read-only.

bits 32

section .data
align 4
faults: dd f_store_readonly, f_load_past, f_load_across, f_load_unmapped, f_store_protected
NFAULTS equ 5
table:  dd 3, 5, 7, 11, 13, 17, 19, 23

section .bss
alignb 4096
buf:    resb 4 * 4096                   ; four pages the loops walk
last:   resb 4096                       ; the last mapped page: the one after it is not

section .text
global _start
_start:
        mov dword [last], 0             ; every page mapped now

        ; ---- through base registers: every offset near the end of a page ----
        mov esi, buf + 4096 - 24
        mov edi, buf + 2 * 4096 - 20
        mov ecx, 96
        mov eax, 0x01234567
walk:   mov [esi], eax                  ; 4 bytes: across the end once esi is 4093..4095 into its page
        mov edx, [esi]
        add eax, edx
        movzx ebx, word [esi + 1]       ; 2 bytes
        add eax, ebx
        movzx ebx, byte [esi + 3]       ; 1 byte
        xor eax, ebx
        mov [edi], al                   ; a byte store through another register
        add [edi + 1], eax              ; read-modify-write, 4 bytes
        mov ebx, [edi - 2]
        rol eax, 5
        add eax, ebx
        add esi, 1                      ; one byte on: the end of the page comes within reach
        add edi, 3
        sub ecx, 1
        jnz walk

        ; ---- larger steps: a new page every few passes ----
        mov esi, buf
        mov ecx, 28
step:   mov ebx, esi
        and ebx, 7
        mov edx, [table + ebx*4]        ; index only, no base
        add [esi + 4090], edx           ; in the page after esi's, or across into it
        mov edx, [esi + 4090]
        add eax, edx
        mov [buf + 8], eax              ; absolute
        add esi, 0x1f3
        sub ecx, 1
        jnz step

        ; ---- the stack, lods and stos ----
        mov ecx, 300
        mov esi, buf + 3 * 4096 - 40
        mov edi, buf + 4096 + 4060
        cld
stack:  push eax
        push ecx
        call leaf
        pop ecx
        pop edx
        add eax, edx
        lodsb
        add eax, ecx
        stosd
        sub ecx, 1
        jnz stack

        mov [buf + 16], eax

        ; ---- with an argument: a fault right after a remembered page ----
        mov eax, [esp]
        cmp eax, 2
        jb finish
        mov eax, [esp + 8]
        movzx eax, byte [eax]
        sub eax, 'a'
        cmp eax, NFAULTS
        jae finish
        jmp [faults + eax*4]

; Each case's loop is one block, compiled after its first pass, so that its
; later passes run in one call of the compiled function: the fault comes on
; the last pass, with the page the earlier passes remembered.
f_store_readonly:                       ; loads through ebx from the code page, stores through ebx elsewhere; the last one into the code page
        mov ecx, 6
        mov esi, f_store_readonly
        mov edi, buf + 64
.loop:  mov ebx, esi
        mov edx, [ebx]
        add eax, edx
        cmp ecx, 1
        cmove edi, esi
        mov ebx, edi
        mov [ebx + 4], eax
        sub ecx, 1
        jnz .loop
        jmp finish

f_load_past:                            ; walks off the end of the mapped pages
        mov esi, last - 8 * 1024
.loop:  mov edx, [esi]
        add eax, edx
        add esi, 1024
        jmp .loop

f_load_across:                          ; the last page remembered through esi, then, on the last pass, 4 bytes across its end
        mov esi, last
        mov ecx, 6
        xor ebx, ebx
        mov edi, 4094 - 8
.loop:  mov edx, [esi + 8]
        add eax, edx
        cmp ecx, 1
        cmove ebx, edi
        mov edx, [esi + ebx + 8]
        add eax, edx
        sub ecx, 1
        jnz .loop
        jmp finish

f_load_unmapped:                        ; munmap of the page the loop reads, on its fourth pass
        mov esi, buf + 4096
        mov ecx, 8
.loop:  mov edx, [esi + 12]
        add eax, edx
        cmp ecx, 5
        jne .next
        push eax
        mov eax, 91                     ; munmap(buf + 4096, 4096)
        mov ebx, buf + 4096
        mov ecx, 4096
        int 0x80
        mov ecx, 5
        pop eax
.next:  sub ecx, 1
        jnz .loop
        jmp finish

f_store_protected:                      ; mprotect(PROT_READ) of the page the loop writes, on its fourth pass
        mov edi, buf + 2 * 4096
        mov ecx, 8
.loop:  mov [edi + 12], eax
        add eax, ecx
        cmp ecx, 5
        jne .next
        push eax
        mov eax, 125                    ; mprotect(buf + 2 * 4096, 4096, PROT_READ)
        mov ebx, buf + 2 * 4096
        mov ecx, 4096
        mov edx, 1
        int 0x80
        mov ecx, 5
        pop eax
.next:  sub ecx, 1
        jnz .loop
        jmp finish

finish: mov [buf + 20], eax
        mov eax, 4                      ; write(1, buf, 4 pages)
        mov ebx, 1
        mov ecx, buf
        mov edx, 4 * 4096
        int 0x80
        mov eax, 1                      ; exit(0)
        xor ebx, ebx
        int 0x80

leaf:   push ebp                        ; a frame: ebp-based loads, then leave
        mov ebp, esp
        mov eax, [ebp + 8]
        add eax, [ebp + 12]
        xor eax, 0x5a5a5a5a
        leave
        ret
