; PROT_NONE: a page that was mapped and written keeps its contents but can
; be neither read by the program nor used by a system call until mprotect
; makes it readable again. Prints the return value of write(2) from the page
; under PROT_NONE (-EFAULT = -14), then PROT_READ (4, the bytes), then reads
; the page under PROT_NONE again: SIGSEGV, exit status 139.

section .data
efault_msg: db "write from PROT_NONE page returned "
EFAULT_LEN equ $ - efault_msg
nl:         db 10
minus:      db "-"

section .bss
digits: resb 12
page:   resd 1

section .text
global _start

; Print eax as a signed decimal number followed by a newline.
print_signed:
        push ebx
        mov ebx, eax
        test ebx, ebx
        jns .positive
        mov eax, 4
        push ebx
        mov ebx, 1
        mov ecx, minus
        mov edx, 1
        int 0x80
        pop ebx
        neg ebx
.positive:
        mov eax, ebx
        mov edi, digits + 11
        mov ecx, 10
.next:
        xor edx, edx
        div ecx
        add dl, '0'
        mov [edi], dl
        dec edi
        test eax, eax
        jnz .next
        inc edi
        mov eax, 4
        mov ebx, 1
        mov ecx, edi
        mov edx, digits + 12
        sub edx, edi
        int 0x80
        mov eax, 4
        mov ebx, 1
        mov ecx, nl
        mov edx, 1
        int 0x80
        pop ebx
        ret

_start:
        ; mmap2(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
        mov eax, 192
        xor ebx, ebx
        mov ecx, 4096
        mov edx, 3
        mov esi, 0x22
        mov edi, -1
        xor ebp, ebp
        int 0x80
        mov [page], eax
        mov dword [eax], 0x0a4b4f21     ; "!OK\n"

        ; mprotect(page, 4096, PROT_NONE)
        mov eax, 125
        mov ebx, [page]
        mov ecx, 4096
        xor edx, edx
        int 0x80
        call print_signed               ; 0

        mov eax, 4
        mov ebx, 1
        mov ecx, efault_msg
        mov edx, EFAULT_LEN
        int 0x80
        ; write(1, page, 4) from the PROT_NONE page: -EFAULT
        mov eax, 4
        mov ebx, 1
        mov ecx, [page]
        mov edx, 4
        int 0x80
        call print_signed

        ; mprotect(page, 4096, PROT_READ): the contents are still there
        mov eax, 125
        mov ebx, [page]
        mov ecx, 4096
        mov edx, 1
        int 0x80
        mov eax, 4
        mov ebx, 1
        mov ecx, [page]
        mov edx, 4
        int 0x80
        call print_signed               ; 4

        ; PROT_NONE again, then a load from it
        mov eax, 125
        mov ebx, [page]
        mov ecx, 4096
        xor edx, edx
        int 0x80
        mov eax, [page]
        mov eax, [eax]                  ; SIGSEGV
        mov eax, 1                      ; not reached
        xor ebx, ebx
        int 0x80
