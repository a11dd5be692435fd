/**
 * Macros NASM itself defines in NASM source (its standard.mac): `align` pads
 * with NOPs (0x90, in data sections too) and raises the section's alignment;
 * `alignb` reserves space instead; `struc`/`endstruc` lay out a structure's
 * fields as absolute offsets (with NAME_size), `istruc`/`at`/`iend` build an
 * initialised instance.
 */
export const STANDARD_MACROS = `%imacro align 1-2+.nolist nop
    sectalign %1
    times (((%1) - (($-$$) % (%1))) % (%1)) %2
%endmacro
%imacro alignb 1-2+.nolist
    sectalign %1
%ifempty %2
    resb (((%1) - (($-$$) % (%1))) % (%1))
%else
    times (((%1) - (($-$$) % (%1))) % (%1)) %2
%endif
%endmacro
%imacro struc 1-2.nolist 0
    %push
    %define %$strucname %1
    [absolute %2]
%$strucname:
%endmacro
%imacro endstruc 0.nolist
%{$strucname}_size equ ($-%$strucname)
    %pop
    __SECT__
%endmacro
%imacro istruc 1.nolist
    %push
    %define %$strucname %1
%$strucstart:
%endmacro
%imacro at 1-2+.nolist
    times (%1-%$strucname)-($-%$strucstart) db 0
    %2
%endmacro
%imacro iend 0.nolist
    times %{$strucname}_size-($-%$strucstart) db 0
    %pop
%endmacro
`;
