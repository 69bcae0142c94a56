/** Text with the stretches a search matched, as the service gives it: UTF-16 offsets into `text`. */
export interface MarkedText {
  text: string;
  marks: readonly { start: number; end: number }[];
}

export type Segment = { text: string; marked: boolean };

/**
 * The text cut at its marks into plain and marked runs. Marks out of order, overlapping or past
 * the end are clamped and skipped rather than trusted, so a stray offset never loses text.
 */
export function segments({ text, marks }: MarkedText): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const mark of [...marks].sort((a, b) => a.start - b.start)) {
    const start = Math.max(at, Math.min(mark.start, text.length));
    const end = Math.min(Math.max(mark.end, start), text.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start), marked: false });
    out.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), marked: false });
  return out;
}

/** The text with `<mark>` around each match; every run is a text node, never markup. */
export function Marked({ value }: { value: MarkedText }) {
  return <>{segments(value).map((s) => (s.marked ? <mark>{s.text}</mark> : s.text))}</>;
}
