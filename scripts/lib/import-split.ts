// The split of a page a dry run shows a desk: each item with its heads, credits and the ends of
// its body, what was taken out of the text and why, the repairs counted, warnings and problems.
import type { ImportPreview } from '../../src/features/imports/preview.js';

const SHOWN = 12;
const start = (text: string) => Array.from(text).slice(0, SHOWN).join('');
const end = (text: string) => Array.from(text).slice(-SHOWN).join('');
/** A body's paragraphs as text: sub-heads and tables left out, Markdown escapes undone. */
const paragraphs = (body: string) =>
  body.split(/\n{2,}/u).filter((b) => b !== '' && !b.startsWith('#') && !b.startsWith('|')).map((b) => b.replace(/\\(.)/gu, '$1'));

const TAKEN_OUT = new Set(['furniture', 'jump', 'photo-slot', 'brief', 'dropped']);
const WHY: Record<string, string> = {
  furniture: 'the page’s furniture',
  jump: 'a jump line, kept on its story',
  'photo-slot': 'a caption, kept as a photo slot',
  brief: 'a brief, its run-in title made its headline',
  dropped: 'a table header repeated',
};

export function formatSplit(file: string, preview: ImportPreview): string {
  const lines = [`dry run of ${file}: nothing was stored`];
  const { articles, notices } = preview;
  preview.order.forEach((ref, n) => {
    if (ref.kind === 'article') {
      const a = articles[ref.index]!;
      const head = [a.kicker && `引 ${a.kicker}`, `主 ${a.headline}`, a.subtitle && `副 ${a.subtitle}`].filter(Boolean).join(' / ');
      lines.push(`${String(n + 1).padStart(3)}  ${a.brief ? 'brief ' : 'story '}  line ${a.line}  ${head}`);
      lines.push(`         credits: ${a.byline || '(none)'}`);
      const body = paragraphs(a.body);
      lines.push(body.length > 0 ? `         body: ${body.length} paragraph(s), ${start(body[0]!)} … ${end(body[body.length - 1]!)}` : '         body: (none)');
      for (const slot of a.photoSlots) lines.push(`         photo: ${slot.caption}${slot.byline ? `（${slot.byline} 摄）` : ''}`);
      for (const jump of a.jumps) lines.push(`         jump: ${jump.direction === 'to' ? 'runs on to' : 'runs on from'} page ${jump.page} (line ${jump.line})`);
    } else {
      const x = notices[ref.index]!;
      const shape = x.entries ? `${x.entries.length} entries` : x.table ? `${x.table.rowCount} rows` : 'no table';
      lines.push(`${String(n + 1).padStart(3)}  notice  line ${x.line}  ${x.title} [${x.kind}, ${shape}]`);
      lines.push(`         ${x.issuer}, ${x.issuedOn}${x.claimDays !== null ? `, claims within ${x.claimDays} days` : ''}${x.deadline ? `, claims by ${x.deadline}` : ''}${x.contact ? `, ${x.contact.name} ${x.contact.phone}` : ''}`);
      for (const code of x.codes) lines.push(`         credit code ${code.code}: ${code.valid ? 'valid' : 'FAILS its check'}`);
    }
  });
  const out = preview.changes.filter((c) => TAKEN_OUT.has(c.type));
  if (out.length > 0) lines.push('  taken out of the text:');
  for (const c of out) lines.push(`    line ${c.line}: ${c.before.replace(/\n/gu, ' ')} (${WHY[c.type]}${c.type === 'brief' ? `: ${c.after}` : ''})`);
  const counts = new Map<string, number>();
  for (const c of preview.changes.filter((c) => !TAKEN_OUT.has(c.type))) counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
  lines.push(`  repairs: ${[...counts].map(([type, n]) => `${n} ${type}`).join(', ') || 'none'}`);
  for (const w of preview.warnings) lines.push(`  warning (line ${w.line}): ${w.message}`);
  for (const p of preview.problems) lines.push(`  PROBLEM (line ${p.line}): ${p.message}`);
  if (preview.problems.length > 0) lines.push('  the import would be refused');
  return `${lines.join('\n')}\n`;
}
