import { diffLines, side, type DiffPart } from './text-diff.js';

/**
 * Diffs as the desk shows them: deleted text struck through in `<del>`, inserted text
 * underlined in `<ins>` (the marks say it without the colours), each announced by its class.
 */
export function DiffText({ parts }: { parts: DiffPart[] }) {
  return (
    <>
      {parts.map((p) =>
        p.kind === 'del' ? (
          <del class="diff-del">{p.text}</del>
        ) : p.kind === 'ins' ? (
          <ins class="diff-ins">{p.text}</ins>
        ) : (
          p.text
        ),
      )}
    </>
  );
}

/** Unchanged paragraphs kept around each changed one, so a change is read in its neighbourhood. */
const CONTEXT_LINES = 1;

/**
 * A long text's diff (the body), by paragraph: the changed ones with one unchanged paragraph
 * either side, each run of unchanged paragraphs between them folded into a note of how many
 * there are. Blank lines (between Markdown paragraphs) are left out: a paragraph split in two
 * shows as its second half changed.
 */
export function LongDiff({ parts }: { parts: DiffPart[] }) {
  const lines = diffLines(parts).filter((line) => line.parts.some((p) => p.text.trim() !== ''));
  const shown = lines.map((_, i) => lines.slice(Math.max(0, i - CONTEXT_LINES), i + CONTEXT_LINES + 1).some((l) => l.changed));
  const out = [];
  for (let i = 0; i < lines.length; ) {
    if (shown[i]) {
      const line = lines[i]!;
      out.push(
        <div class={line.changed ? 'diff-line changed' : 'diff-line'}>
          <DiffText parts={line.parts} />
        </div>,
      );
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && !shown[j]) j++;
    out.push(<div class="diff-skip">…… {j - i} 段未改动 ……</div>);
    i = j;
  }
  return <div class="diff-block">{out}</div>;
}

/**
 * Two versions of a field side by side, each marked where it differs from the other: the old
 * one's own text struck through, the new one's underlined.
 */
export function SideBySide({ parts, oldLabel, newLabel, long }: { parts: DiffPart[]; oldLabel: string; newLabel: string; long: boolean }) {
  const column = (label: string, which: 'old' | 'new') => (
    <div class="diff-side">
      <p class="diff-side-label">{label}</p>
      <div class={long ? 'diff-block' : 'diff-inline'}>
        <DiffText parts={side(parts, which)} />
        {side(parts, which).length === 0 && <span class="hint">（空）</span>}
      </div>
    </div>
  );
  return (
    <div class="diff-sides">
      {column(oldLabel, 'old')}
      {column(newLabel, 'new')}
    </div>
  );
}
