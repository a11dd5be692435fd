/**
 * NASM's standard macro packages for `%use` (NASM manual chapter 6), as NASM
 * 2.16.01 ships them in macros/*.mac (BSD-2-Clause, The NASM Authors): altreg,
 * ifunc and smartalign. Each is read as if %included, once.
 */
const ALTREG = String.raw`



%idefine r8l  r8b
%idefine r9l  r9b
%idefine r10l r10b
%idefine r11l r11b
%idefine r12l r12b
%idefine r13l r13b
%idefine r14l r14b
%idefine r15l r15b

%idefine r0  rax
%idefine r1  rcx
%idefine r2  rdx
%idefine r3  rbx
%idefine r4  rsp
%idefine r5  rbp
%idefine r6  rsi
%idefine r7  rdi

%idefine r0d eax
%idefine r1d ecx
%idefine r2d edx
%idefine r3d ebx
%idefine r4d esp
%idefine r5d ebp
%idefine r6d esi
%idefine r7d edi

%idefine r0w ax
%idefine r1w cx
%idefine r2w dx
%idefine r3w bx
%idefine r4w sp
%idefine r5w bp
%idefine r6w si
%idefine r7w di

%idefine r0b al
%idefine r1b cl
%idefine r2b dl
%idefine r3b bl
%idefine r4b spl
%idefine r5b bpl
%idefine r6b sil
%idefine r7b dil

%idefine r0l al
%idefine r1l cl
%idefine r2l dl
%idefine r3l bl
%idefine r4l spl
%idefine r5l bpl
%idefine r6l sil
%idefine r7l dil

%idefine r0h ah
%idefine r1h ch
%idefine r2h dh
%idefine r3h bh
`;

const IFUNC = String.raw`



%idefine ilog2(x)	(__?ilog2e?__(x))
%idefine ilog2e(x)	(__?ilog2e?__(x))
%idefine ilog2w(x)	(__?ilog2w?__(x))
%idefine ilog2fw(x)	(__?ilog2w?__(x))
%idefine ilog2f(x)	(__?ilog2f?__(x))
%idefine ilog2cw(x)	(__?ilog2w?__(x) * 0 + __?ilog2c?__(x))
%idefine ilog2c(x)	(__?ilog2c?__(x))
`;

const SMARTALIGN = String.raw`

;
; Smart alignment macros
;

%imacro alignmode 1-2.nolist
  %ifidni %1,nop
    %define __?ALIGN_JMP_THRESHOLD?__ 16

    %define __?ALIGN_16BIT_1B?__ 0x90
    %define __?ALIGN_16BIT_GROUP?__ 1

    %define __?ALIGN_32BIT_1B?__ 0x90
    %define __?ALIGN_32BIT_GROUP?__ 1

    %define __?ALIGN_64BIT_1B?__ 0x90
    %define __?ALIGN_64BIT_GROUP?__ 1
  %elifidni %1,generic
    %define __?ALIGN_JMP_THRESHOLD?__ 8

    %define __?ALIGN_16BIT_1B?__ 0x90
    %define __?ALIGN_16BIT_2B?__ 0x89,0xf6
    %define __?ALIGN_16BIT_3B?__ 0x8d,0x74,0x00
    %define __?ALIGN_16BIT_4B?__ 0x8d,0xb4,0x00,0x00
    %define __?ALIGN_16BIT_5B?__ 0x8d,0xb4,0x00,0x00,0x90
    %define __?ALIGN_16BIT_6B?__ 0x8d,0xb4,0x00,0x00,0x89,0xff
    %define __?ALIGN_16BIT_7B?__ 0x8d,0xb4,0x00,0x00,0x8d,0x7d,0x00
    %define __?ALIGN_16BIT_8B?__ 0x8d,0xb4,0x00,0x00,0x8d,0xbd,0x00,0x00
    %define __?ALIGN_16BIT_GROUP?__ 8

    %define __?ALIGN_32BIT_1B?__ 0x90
    %define __?ALIGN_32BIT_2B?__ 0x89,0xf6
    %define __?ALIGN_32BIT_3B?__ 0x8d,0x76,0x00
    %define __?ALIGN_32BIT_4B?__ 0x8d,0x74,0x26,0x00
    %define __?ALIGN_32BIT_5B?__ 0x90,0x8d,0x74,0x26,0x00
    %define __?ALIGN_32BIT_6B?__ 0x8d,0xb6,0x00,0x00,0x00,0x00
    %define __?ALIGN_32BIT_7B?__ 0x8d,0xb4,0x26,0x00,0x00,0x00,0x00
    %define __?ALIGN_32BIT_GROUP?__ 7

    %define __?ALIGN_64BIT_1B?__ 0x90
    %define __?ALIGN_64BIT_2B?__ 0x66,0x90
    %define __?ALIGN_64BIT_3B?__ 0x66,0x66,0x90
    %define __?ALIGN_64BIT_4B?__ 0x66,0x66,0x66,0x90
    %define __?ALIGN_64BIT_GROUP?__ 4
  %elifidni %1,k8
    %define __?ALIGN_JMP_THRESHOLD?__ 16

    %define __?ALIGN_16BIT_1B?__ 0x90
    %define __?ALIGN_16BIT_2B?__ 0x66,0x90
    %define __?ALIGN_16BIT_3B?__ 0x66,0x66,0x90
    %define __?ALIGN_16BIT_4B?__ 0x66,0x66,0x66,0x90
    %define __?ALIGN_16BIT_GROUP?__ 4

    %define __?ALIGN_32BIT_1B?__ 0x90
    %define __?ALIGN_32BIT_2B?__ 0x66,0x90
    %define __?ALIGN_32BIT_3B?__ 0x66,0x66,0x90
    %define __?ALIGN_32BIT_4B?__ 0x66,0x66,0x66,0x90
    %define __?ALIGN_32BIT_GROUP?__ 4

    %define __?ALIGN_64BIT_1B?__ 0x90
    %define __?ALIGN_64BIT_2B?__ 0x66,0x90
    %define __?ALIGN_64BIT_3B?__ 0x66,0x66,0x90
    %define __?ALIGN_64BIT_4B?__ 0x66,0x66,0x66,0x90
    %define __?ALIGN_64BIT_GROUP?__ 4
  %elifidni %1,k7
    %define __?ALIGN_JMP_THRESHOLD?__ 16

    %define __?ALIGN_16BIT_1B?__ 0x90
    %define __?ALIGN_16BIT_2B?__ 0x66,0x90
    %define __?ALIGN_16BIT_3B?__ 0x66,0x66,0x90
    %define __?ALIGN_16BIT_4B?__ 0x66,0x66,0x66,0x90
    %define __?ALIGN_64BIT_GROUP?__ 4

    %define __?ALIGN_32BIT_1B?__ 0x90
    %define __?ALIGN_32BIT_2B?__ 0x8b,0xc0
    %define __?ALIGN_32BIT_3B?__ 0x8d,0x04,0x20
    %define __?ALIGN_32BIT_4B?__ 0x8d,0x44,0x20,0x00
    %define __?ALIGN_32BIT_5B?__ 0x8d,0x44,0x20,0x00,0x90
    %define __?ALIGN_32BIT_6B?__ 0x8d,0x80,0x00,0x00,0x00,0x00
    %define __?ALIGN_32BIT_7B?__ 0x8d,0x04,0x05,0x00,0x00,0x00,0x00
    %define __?ALIGN_32BIT_GROUP?__ 7

    %define __?ALIGN_64BIT_1B?__ 0x90
    %define __?ALIGN_64BIT_2B?__ 0x66,0x90
    %define __?ALIGN_64BIT_3B?__ 0x66,0x66,0x90
    %define __?ALIGN_64BIT_4B?__ 0x66,0x66,0x66,0x90
    %define __?ALIGN_64BIT_GROUP?__ 4
  %elifidni %1,p6
    %define __?ALIGN_JMP_THRESHOLD?__ 16

    %define __?ALIGN_16BIT_1B?__ 0x90
    %define __?ALIGN_16BIT_2B?__ 0x66,0x90
    %define __?ALIGN_16BIT_3B?__ 0x0f,0x1f,0x00
    %define __?ALIGN_16BIT_4B?__ 0x0f,0x1f,0x40,0x00
    %define __?ALIGN_16BIT_GROUP?__ 4

    %define __?ALIGN_32BIT_1B?__ 0x90
    %define __?ALIGN_32BIT_2B?__ 0x66,0x90
    %define __?ALIGN_32BIT_3B?__ 0x0f,0x1f,0x00
    %define __?ALIGN_32BIT_4B?__ 0x0f,0x1f,0x40,0x00
    %define __?ALIGN_32BIT_5B?__ 0x0f,0x1f,0x44,0x00,0x00
    %define __?ALIGN_32BIT_6B?__ 0x66,0x0f,0x1f,0x44,0x00,0x00
    %define __?ALIGN_32BIT_7B?__ 0x0f,0x1f,0x80,0x00,0x00,0x00,0x00
    %define __?ALIGN_32BIT_8B?__ 0x0f,0x1f,0x84,0x00,0x00,0x00,0x00,0x00
    %define __?ALIGN_32BIT_GROUP?__ 8

    %define __?ALIGN_64BIT_1B?__ 0x90
    %define __?ALIGN_64BIT_2B?__ 0x66,0x90
    %define __?ALIGN_64BIT_3B?__ 0x0f,0x1f,0x00
    %define __?ALIGN_64BIT_4B?__ 0x0f,0x1f,0x40,0x00
    %define __?ALIGN_64BIT_5B?__ 0x0f,0x1f,0x44,0x00,0x00
    %define __?ALIGN_64BIT_6B?__ 0x66,0x0f,0x1f,0x44,0x00,0x00
    %define __?ALIGN_64BIT_7B?__ 0x0f,0x1f,0x80,0x00,0x00,0x00,0x00
    %define __?ALIGN_64BIT_8B?__ 0x0f,0x1f,0x84,0x00,0x00,0x00,0x00,0x00
    %define __?ALIGN_64BIT_GROUP?__ 8
  %else
    %error unknown alignment mode: %1
  %endif
  %ifnempty %2
    %ifidni %2,nojmp
      %xdefine __?ALIGN_JMP_THRESHOLD?__ -1
    %else
      %xdefine __?ALIGN_JMP_THRESHOLD?__ %2
    %endif
  %endif
  %xdefine __?ALIGNMODE?__ %1,__?ALIGN_JMP_THRESHOLD?__
%endmacro

%defalias __ALIGNMODE__ __?ALIGNMODE?__

%unimacro align 1-2+.nolist
%imacro align 1-2+.nolist
  sectalign %1   ; align a segment as well
  %ifnempty %2
    times (((%1) - (($-$$) % (%1))) % (%1)) %2
  %elif __?PASS?__ == 0 || __?PASS?__ == 3
    times (((%1) - (($-$$) % (%1))) % (%1)) nop
  %else
    %push
    %assign %$pad (((%1) - (($-$$) % (%1))) % (%1))
    %if __?ALIGN_JMP_THRESHOLD?__ != -1 && %$pad > __?ALIGN_JMP_THRESHOLD?__
      jmp %$end
      ; We can't re-use %$pad here as $ will have changed!
      times (((%1) - (($-$$) % (%1))) % (%1)) nop
    %else
      times (%$pad / __?ALIGN_%[__?BITS?__]BIT_GROUP?__) \
        db __?ALIGN_%[__?BITS?__]BIT_%[__?ALIGN_%[__?BITS?__]BIT_GROUP?__]B?__
      %assign %$pad %$pad % __?ALIGN_%[__?BITS?__]BIT_GROUP?__
      %if %$pad > 0
        db __?ALIGN_%[__?BITS?__]BIT_%[%$pad]B?__
      %endif
    %endif
%$end:
    %pop
  %endif
%endmacro

	alignmode generic
`;

/** The package texts by the name `%use` takes (any case, quoted or not). */
export const MACRO_PACKAGES: Readonly<Record<string, string>> = { altreg: ALTREG, ifunc: IFUNC, smartalign: SMARTALIGN };
