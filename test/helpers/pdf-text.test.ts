import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfFonts, pdfLines, rowsOf, type PdfLine } from './pdf-text.js';

const require = createRequire(import.meta.url);
const FONT = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');

/** Body type as the print template sets it: 9 pt on a 14 pt pitch, justified, indented. */
const BODY = `#set text(font: "Noto Serif SC", lang: "zh", fallback: false, size: 9pt, top-edge: 0.88em, bottom-edge: -0.12em)
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 5pt, spacing: 5pt)
`;

const PARAGRAPHS = [
  '新华社北京电，国务院今天召开常务会议，研究部署进一步促进消费的措施。会议指出，消费是经济增长的主要动力，要多措并举扩大消费需求。',
  '会议强调，要着力稳定和扩大就业，增加居民收入，提升消费能力。要完善社会保障体系，解除群众后顾之忧。',
  '会议要求，各地区各部门要抓好政策落实，确保各项措施落地见效，让人民群众有更多获得感、幸福感、安全感。',
  '会议还研究了其他事项。有关部门负责同志列席会议，并就相关工作作了汇报发言。',
];

let workspace: string;
let compiler: NodeCompiler;

beforeAll(() => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-text-'));
  compiler = NodeCompiler.create({ workspace, fontArgs: [{ fontBlobs: [fs.readFileSync(FONT)] }] });
});

afterAll(() => {
  fs.rmSync(workspace, { recursive: true, force: true });
});

function typeset(source: string): Buffer {
  return compiler.pdf({ mainFileContent: BODY + source });
}

const texts = (lines: PdfLine[]) => lines.map((line) => line.text);

describe('pdfLines', () => {
  it('reads a three-column page column by column, each column top to bottom', async () => {
    // Gutters of 8 pt, narrower than the 9 pt type, as on the broadsheet grid.
    const pdf = typeset(`#set page(width: 400pt, height: 160pt, margin: 24pt, columns: 3)
#set columns(gutter: 8pt)
${PARAGRAPHS.join('\n\n')}`);
    const [page, ...rest] = await pdfLines(pdf);

    expect(rest).toEqual([]);
    expect(page).toMatchObject({ width: 400, height: 160 });
    const { lines } = page!;
    expect(texts(lines).join('')).toBe(PARAGRAPHS.join(''));

    const columnWidth = (400 - 48 - 16) / 3;
    const columnOf = (line: PdfLine) => Math.floor((line.x - 24) / (columnWidth + 8));
    expect(new Set(lines.map(columnOf))).toEqual(new Set([0, 1, 2]));
    lines.slice(1).forEach((line, i) => {
      const previous = lines[i]!;
      if (columnOf(line) === columnOf(previous)) expect(line.y).toBeGreaterThan(previous.y);
      else expect(columnOf(line)).toBe(columnOf(previous) + 1);
    });
    // Side by side on one baseline, yet one line per column.
    expect(rowsOf(lines).some((row) => row.length === 3)).toBe(true);
    for (const line of lines) {
      expect(line.width).toBeLessThanOrEqual(columnWidth + 0.01);
      expect(line).toMatchObject({ fontSize: 9, fontNames: ['NotoSerifSC-Regular'] });
    }
  });

  it('makes two lines of two columns on one baseline, and one row of them', async () => {
    const pdf = typeset(`#set page(width: 240pt, height: 80pt, margin: 20pt)
#grid(columns: (1fr, 1fr), column-gutter: 8pt, [左栏的文字], [右栏的文字])`);
    const [page] = await pdfLines(pdf);

    expect(texts(page!.lines)).toEqual(['左栏的文字', '右栏的文字']);
    const [left, right] = page!.lines;
    expect(left!.y).toBeCloseTo(right!.y, 3);
    expect(left!.y).toBeCloseTo(20 + 0.88 * 9, 1);
    expect(right!.x).toBeGreaterThanOrEqual(left!.x + left!.width + 8 - 0.01);
    expect(rowsOf(page!.lines).map(texts)).toEqual([['左栏的文字', '右栏的文字']]);
  });

  it('drops inferred spaces next to Chinese, keeps Latin word spaces', async () => {
    const pdf = typeset(`#set page(width: 300pt, height: 80pt, margin: 20pt)
#set par(justify: false)
比分#box[2—3]，第2场在2024年举行。

The New York Times和BBC报道。`);
    const [page] = await pdfLines(pdf);

    expect(texts(page!.lines)).toEqual(['比分2—3，第2场在2024年举行。', 'The New York Times和BBC报道。']);
  });

  it('reads a page with a header strip, a spanning headline, columns and a boxed table in order', async () => {
    const pdf = typeset(`#set page(width: 400pt, height: 400pt, margin: 24pt)
#grid(columns: (1fr, 1fr, 1fr), align: (left, center, right), [2024年5月1日\u3000星期三], text(size: 18pt)[测试日报], [第1版])
#line(length: 100%)
#text(size: 20pt)[这是一条横跨三栏的大标题]
#block(height: 98pt, columns(3, gutter: 8pt)[${PARAGRAPHS.join('\n\n')}])
#block(stroke: 0.5pt, inset: 8pt, width: 100%)[
  #align(center, text(size: 12pt)[公告])
  #text(size: 8pt, table(columns: 3, stroke: 0.4pt, inset: (x: 0.3em, y: 0.2em),
    [姓名], [金额], [日期], [张三], [100元], [#box[2024-01-02]], [李四], [2,000元], [2024-02-03]))
]`);
    const [page] = await pdfLines(pdf);
    const lines = texts(page!.lines);

    // The ideographic space ends a line, like a gutter.
    expect(lines.slice(0, 5)).toEqual(['2024年5月1日', '星期三', '测试日报', '第1版', '这是一条横跨三栏的大标题']);
    const body = lines.slice(5, lines.indexOf('公告')).join('');
    expect(body).toBe(PARAGRAPHS.join(''));
    const table = page!.lines.filter((line) => line.fontSize === 8);
    expect(rowsOf(table).map(texts)).toEqual([
      ['姓名', '金额', '日期'],
      ['张三', '100元', '2024-01-02'],
      ['李四', '2,000元', '2024-02-03'],
    ]);
    expect(lines.indexOf('公告') + 1 + table.length).toBe(lines.length);
  });
});

describe('pdfFonts', () => {
  it('reports the fonts Typst embeds', async () => {
    const pdf = typeset('#set page(width: 200pt, height: 60pt)\n中文与Latin');
    expect(await pdfFonts(pdf)).toEqual([{ name: 'NotoSerifSC-Regular', embedded: true }]);
  });

  it('reports a font that is only named as not embedded', async () => {
    const pdf = helveticaPdf('Hello world');
    expect(await pdfFonts(pdf)).toEqual([{ name: 'Helvetica', embedded: false }]);
    const [page] = await pdfLines(pdf);
    expect(page!.lines).toMatchObject([{ text: 'Hello world', x: 72, y: 100, fontSize: 12 }]);
  });
});

/** A one-page PDF that sets `text` in Helvetica, whose program it does not embed. */
function helveticaPdf(text: string): Uint8Array {
  const content = `BT /F1 12 Tf 72 100 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}
