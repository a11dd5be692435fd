/**
 * Macros NASM itself defines in NASM source (its standard.mac): `align` pads
 * with NOPs (0x90, in data sections too) and raises the section's alignment;
 * `alignb` reserves space instead.
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
`;
