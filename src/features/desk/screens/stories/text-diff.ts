import { diffChars } from 'diff';

/** A stretch of a diff: text both versions share, or text only the old (`del`) or only the new (`ins`) has. */
export interface DiffPart {
  kind: 'same' | 'del' | 'ins';
  text: string;
}

/** A diff that takes longer than this is shown as the whole old text replaced by the new. */
const DIFF_TIMEOUT_MS = 250;

/**
 * Shared stretches this short between two changes are folded into them: a character diff of
 * Chinese otherwise keeps every 的 and 了 two rewritten sentences happen to share, and the
 * change reads as confetti.
 */
const SHORT_SAME = 2;

/**
 * A character diff of two texts (Chinese has no spaces for a word diff to split on), with
 * short shared stretches folded into the changes around them, deletions before insertions.
 */
export function textDiff(from: string, to: string): DiffPart[] {
  if (from === to) return from === '' ? [] : [{ kind: 'same', text: from }];
  const changes = diffChars(from, to, { timeout: DIFF_TIMEOUT_MS }) ?? [
    { value: from, removed: true, added: false, count: 0 },
    { value: to, added: true, removed: false, count: 0 },
  ];
  const raw: DiffPart[] = changes.map((c) => ({ kind: c.added ? 'ins' : c.removed ? 'del' : 'same', text: c.value }));
  return coalesce(fold(raw));
}

/** Folds short shared stretches lying between changes (and holding no line break) into both sides. */
function fold(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  parts.forEach((part, i) => {
    const between = i > 0 && i < parts.length - 1 && parts[i - 1]!.kind !== 'same' && parts[i + 1]!.kind !== 'same';
    if (part.kind === 'same' && between && [...part.text].length <= SHORT_SAME && !part.text.includes('\n')) {
      out.push({ kind: 'del', text: part.text }, { kind: 'ins', text: part.text });
    } else {
      out.push(part);
    }
  });
  return out;
}

/** Joins each run of changes into one deletion followed by one insertion. */
function coalesce(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ kind: 'del', text: del });
    if (ins) out.push({ kind: 'ins', text: ins });
    del = ins = '';
  };
  for (const part of parts) {
    if (part.kind === 'del') del += part.text;
    else if (part.kind === 'ins') ins += part.text;
    else {
      flush();
      if (part.text) out.push(part);
    }
  }
  flush();
  return out;
}

/** One line of a diff: its parts, and whether anything in it changed. */
export interface DiffLine {
  parts: DiffPart[];
  changed: boolean;
}

/** A diff cut into lines (at the line breaks of either text), for showing a long text's changed lines only. */
export function diffLines(parts: DiffPart[]): DiffLine[] {
  const out: DiffLine[] = [{ parts: [], changed: false }];
  for (const part of parts) {
    part.text.split('\n').forEach((piece, i) => {
      if (i > 0) out.push({ parts: [], changed: part.kind !== 'same' });
      const line = out[out.length - 1]!;
      if (piece) line.parts.push({ kind: part.kind, text: piece });
      if (part.kind !== 'same' && (piece || i > 0)) line.changed = true;
    });
  }
  return out;
}

/** The old text's side of a diff (shared and deleted parts), or the new text's (shared and inserted). */
export function side(parts: DiffPart[], which: 'old' | 'new'): DiffPart[] {
  return parts.filter((p) => p.kind === 'same' || p.kind === (which === 'old' ? 'del' : 'ins'));
}
