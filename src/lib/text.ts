/** Optional text as stored: trimmed, and null when nothing but whitespace is left. */
export const blankToNull = (text: string | null | undefined): string | null => (text?.trim() ? text.trim() : null);
