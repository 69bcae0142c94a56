import { segments, type MarkedText } from '../../../../lib/search/highlight.js';

/** The text with `<mark>` around each match; every run is a text node, never markup. */
export function Marked({ value }: { value: MarkedText }) {
  return <>{segments(value).map((s) => (s.marked ? <mark>{s.text}</mark> : s.text))}</>;
}
