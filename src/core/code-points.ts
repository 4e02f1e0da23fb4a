/**
 * Characters that reorder or hide text, and how error details name a character: by its code point,
 * so that an invisible or direction-changing character is never echoed into a message about it.
 */

/**
 * Unicode Bidi_Control: U+061C, U+200E/F, U+202A–202E, U+2066–2069. An override or isolate reorders the
 * text around it ("Alice\u202e ylkniK aiv" reads "Alice via Kindly" backwards).
 */
export const BIDI_CONTROL = /\p{Bidi_Control}/u;

/** `U+XXXX` (at least four hex digits, upper case) for the first code point of `char`. */
export function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
