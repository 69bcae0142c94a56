import { describe, expect, it } from 'vitest';
import { documentFigures, parseMarkdown, plainText } from '../../src/document/markdown.js';
import type { Block, Document, Inline } from '../../src/document/model.js';

/** Code points that are not whitespace: counted here from the literal, independently of the parser. */
const visibleCodePoints = (...texts: string[]): number => Array.from(texts.join('')).filter((c) => !/\s/u.test(c)).length;

const onlyBlock = (doc: Document): Block => {
  expect(doc.blocks).toHaveLength(1);
  return doc.blocks[0] as Block;
};

const paragraphOf = (source: string): Inline[] => {
  const block = onlyBlock(parseMarkdown(source));
  if (block.type !== 'paragraph') throw new Error(`expected a paragraph, got ${block.type}`);
  return block.children;
};

const text = (t: string): Inline => ({ type: 'text', text: t });

// From the sample page (聊城 daily): a sub-head, a paragraph the print columns cut
// mid-word (示范企 / 业代表), half-width commas inside Chinese text.
const HEAD = '高度重视,完善商业秘密保护工作顶层设计';
const LINE_1 = '召开推进会议。召开全市商业秘密保护工作推进会,省市场监管局、市政府有关领导出席会议,商业秘密保护示范企';
const LINE_2 = '业代表等200余人参加会议。会议对全市商业秘密保护工作进行了安排部署。';
const QUOTED = '“杨振老师,可算找到您了,您是俩孩子的恩人,也是我们全家的恩人……”3月27日,家住冠县城区的李先生手持一面锦旗来到邯济铁路冠县货场。';

describe('parseMarkdown: sub-heads', () => {
  const levels = (source: string) =>
    parseMarkdown(source).blocks.map((b) => (b.type === 'heading' ? b.level : b.type));

  it('maps #, ## and ### to levels 2, 3 and 4', () => {
    expect(levels('# 一\n\n## 二\n\n### 三\n')).toEqual([2, 3, 4]);
  });

  it('maps the shallowest depth used to 2, whatever it is', () => {
    expect(levels('### 一\n\n### 二\n')).toEqual([2, 2]);
    expect(levels('## 一\n\n#### 二\n\n## 三\n')).toEqual([2, 3, 2]);
  });

  it('puts every depth past the second-shallowest at level 4', () => {
    expect(levels('## a\n\n### b\n\n#### c\n\n###### d\n')).toEqual([2, 3, 4, 4]);
  });

  it('ranks depths by size, not by order of appearance', () => {
    expect(levels('### 小\n\n# 大\n')).toEqual([3, 2]);
  });

  it('treats setext headings like their ATX depths', () => {
    expect(levels('大\n===\n\n小\n---\n\n### 更小\n')).toEqual([2, 3, 4]);
  });

  it('keeps the sub-head text and inline formatting', () => {
    const doc = parseMarkdown(`### ${HEAD}\n\n## **要闻** 摘要\n`);
    expect(doc.blocks).toEqual([
      { type: 'heading', level: 3, children: [text(HEAD)] },
      { type: 'heading', level: 2, children: [{ type: 'strong', children: [text('要闻')] }, text(' 摘要')] },
    ]);
  });

  it('drops a heading with no text', () => {
    expect(parseMarkdown('#\n\n正文').blocks).toEqual([{ type: 'paragraph', children: [text('正文')] }]);
  });
});

describe('parseMarkdown: Chinese copy from the sample page', () => {
  it('joins a paragraph cut across lines without gaining a space', () => {
    expect(paragraphOf(`${LINE_1}\n${LINE_2}`)).toEqual([text(LINE_1 + LINE_2)]);
  });

  it('keeps full-width and half-width punctuation exactly', () => {
    expect(paragraphOf(QUOTED)).toEqual([text(QUOTED)]);
  });

  it('joins Chinese solid across a break after punctuation, half- or full-width', () => {
    expect(paragraphOf('工作安排,\n大力维护')).toEqual([text('工作安排,大力维护')]);
    expect(paragraphOf('工作安排，\n大力维护')).toEqual([text('工作安排，大力维护')]);
    expect(paragraphOf('他说:“\n你好”')).toEqual([text('他说:“你好”')]);
  });

  it('joins a Han character and a digit solid (3月17日 cut after 3月)', () => {
    expect(paragraphOf('3月\n17日下午4时')).toEqual([text('3月17日下午4时')]);
    expect(paragraphOf('参与企业134\n家')).toEqual([text('参与企业134家')]);
  });

  it('separates other words by one space', () => {
    expect(paragraphOf('line one\nline two')).toEqual([text('line one line two')]);
    expect(paragraphOf('中文\nEnglish')).toEqual([text('中文 English')]);
    expect(paragraphOf('English\n中文')).toEqual([text('English 中文')]);
    expect(paragraphOf('2024\n2025')).toEqual([text('2024 2025')]);
  });

  it('looks across formatting to decide the join', () => {
    expect(paragraphOf('保护示范**企\n业**代表')).toEqual([text('保护示范'), { type: 'strong', children: [text('企业')] }, text('代表')]);
    expect(paragraphOf('*word*\nnext')).toEqual([{ type: 'emphasis', children: [text('word')] }, text(' next')]);
  });

  it('parses the sample story layout: sub-head, byline line, paragraphs', () => {
    const source = [`### ${HEAD}`, '', '记者 国晓宁 通讯员 楚克伟', '', LINE_1, LINE_2, '', QUOTED, ''].join('\n');
    expect(parseMarkdown(source).blocks).toEqual([
      { type: 'heading', level: 2, children: [text(HEAD)] },
      { type: 'paragraph', children: [text('记者 国晓宁 通讯员 楚克伟')] },
      { type: 'paragraph', children: [text(LINE_1 + LINE_2)] },
      { type: 'paragraph', children: [text(QUOTED)] },
    ]);
  });
});

describe('parseMarkdown: blocks', () => {
  it('reads bullet and ordered lists, keeping the start number', () => {
    const doc = parseMarkdown('- 甲\n- 乙\n\n3. 丙\n4. 丁\n');
    expect(doc.blocks).toEqual([
      { type: 'list', ordered: false, items: [[{ type: 'paragraph', children: [text('甲')] }], [{ type: 'paragraph', children: [text('乙')] }]] },
      { type: 'list', ordered: true, start: 3, items: [[{ type: 'paragraph', children: [text('丙')] }], [{ type: 'paragraph', children: [text('丁')] }]] },
    ]);
  });

  it('nests lists and keeps several blocks in one item', () => {
    const block = onlyBlock(parseMarkdown('- 甲\n\n  第二段\n  - 子项\n'));
    expect(block).toEqual({
      type: 'list',
      ordered: false,
      items: [
        [
          { type: 'paragraph', children: [text('甲')] },
          { type: 'paragraph', children: [text('第二段')] },
          { type: 'list', ordered: false, items: [[{ type: 'paragraph', children: [text('子项')] }]] },
        ],
      ],
    });
  });

  it('reads block quotes, nested ones included', () => {
    expect(parseMarkdown('> 引\n> 文\n>\n> > 内层\n').blocks).toEqual([
      {
        type: 'quote',
        children: [
          { type: 'paragraph', children: [text('引文')] },
          { type: 'quote', children: [{ type: 'paragraph', children: [text('内层')] }] },
        ],
      },
    ]);
  });

  it('reads a table with alignment, padding short rows to the header width', () => {
    const source = '| 序号 | 姓名 | 金额(元) | 备注 |\n| --: | :-- | --: | :-: |\n| 1 | 宋西顺 | 141.55 | *已核* |\n| 2 | 孙希胜 |\n';
    expect(onlyBlock(parseMarkdown(source))).toEqual({
      type: 'table',
      header: [[text('序号')], [text('姓名')], [text('金额(元)')], [text('备注')]],
      align: ['right', 'left', 'right', 'center'],
      rows: [
        [[text('1')], [text('宋西顺')], [text('141.55')], [{ type: 'emphasis', children: [text('已核')] }]],
        [[text('2')], [text('孙希胜')], [], []],
      ],
    });
  });

  it('gives unaligned columns null', () => {
    const block = onlyBlock(parseMarkdown('| a | b |\n| - | - |\n| 1 | 2 |\n'));
    expect(block.type === 'table' && block.align).toEqual([null, null]);
  });

  it('reads fenced and indented code without a trailing newline, and rules', () => {
    expect(parseMarkdown('```js\nlet a = 1;\n<b>\n```\n\n***\n\n    indented\n').blocks).toEqual([
      { type: 'code', text: 'let a = 1;\n<b>' },
      { type: 'rule' },
      { type: 'code', text: 'indented' },
    ]);
  });

  it('drops empty paragraphs, such as an image without alt text', () => {
    expect(parseMarkdown('![](photo.jpg)\n\n正文\n').blocks).toEqual([{ type: 'paragraph', children: [text('正文')] }]);
  });

  it('returns no blocks for empty or blank input', () => {
    expect(parseMarkdown('').blocks).toEqual([]);
    expect(parseMarkdown(' \n\n\t\n').blocks).toEqual([]);
  });
});

describe('parseMarkdown: inline runs', () => {
  it('reads emphasis, strong, code and nesting', () => {
    expect(paragraphOf('普通*强调*与**加粗*嵌套*** `a < b`')).toEqual([
      text('普通'),
      { type: 'emphasis', children: [text('强调')] },
      text('与'),
      { type: 'strong', children: [text('加粗'), { type: 'emphasis', children: [text('嵌套')] }] },
      text(' '),
      { type: 'code', text: 'a < b' },
    ]);
  });

  it('turns a hard break into a break run', () => {
    expect(paragraphOf('中国人民财产保险股份有限公司  \n2024年4月10日')).toEqual([
      text('中国人民财产保险股份有限公司'),
      { type: 'break' },
      text('2024年4月10日'),
    ]);
    expect(paragraphOf('a\\\nb')).toEqual([text('a'), { type: 'break' }, text('b')]);
  });

  it('merges adjacent text runs, escapes and entities included', () => {
    expect(paragraphOf('a \\*not em\\* &amp; &copy; b')).toEqual([text('a *not em* & © b')]);
  });

  it('keeps ~~ literally since the model has no strike-through', () => {
    expect(paragraphOf('~~删除~~')).toEqual([text('~~删除~~')]);
  });

  it('keeps http, https, mailto and site-path links', () => {
    expect(paragraphOf('[甲](http://a.example/x) [乙](https://b.example/?q=1&r=2) [丙](mailto:desk@paper.example) [丁](/articles/42)')).toEqual([
      { type: 'link', href: 'http://a.example/x', children: [text('甲')] },
      text(' '),
      { type: 'link', href: 'https://b.example/?q=1&r=2', children: [text('乙')] },
      text(' '),
      { type: 'link', href: 'mailto:desk@paper.example', children: [text('丙')] },
      text(' '),
      { type: 'link', href: '/articles/42', children: [text('丁')] },
    ]);
  });

  it('keeps autolinks and reference links', () => {
    expect(paragraphOf('<https://a.example> <desk@paper.example>')).toEqual([
      { type: 'link', href: 'https://a.example', children: [text('https://a.example')] },
      text(' '),
      { type: 'link', href: 'mailto:desk@paper.example', children: [text('desk@paper.example')] },
    ]);
    expect(parseMarkdown('[甲][r]\n\n[r]: /sections/news\n').blocks).toEqual([
      { type: 'paragraph', children: [{ type: 'link', href: '/sections/news', children: [text('甲')] }] },
    ]);
  });

  it('percent-encodes characters in a URL that could break out of an attribute', () => {
    const [link] = paragraphOf('[x](http://a.example/"onmouseover="alert(1))');
    expect(link).toEqual({ type: 'link', href: 'http://a.example/%22onmouseover=%22alert(1)', children: [text('x')] });
  });

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['jav&#x09;ascript:alert(1)'],
    ['&#106;avascript:alert(1)'],
    ['vbscript:msgbox(1)'],
    ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['data:image/png;base64,iVBORw0KGgo='],
    ['file:///etc/passwd'],
    ['ftp://files.example/x'],
    ['//evil.example/x'],
    ['relative/path'],
    ['#fragment'],
    ['<javascript:alert(1)>'],
    ['   javascript:alert(1)'],
  ])('drops the link but keeps its text for [标题](%s)', (target) => {
    expect(paragraphOf(`前[标题](${target})后`)).toEqual([text('前标题后')]);
  });

  it('drops a disallowed reference link and an autolink to a script, keeping the text', () => {
    expect(paragraphOf('<javascript:alert(1)>')).toEqual([text('javascript:alert(1)')]);
    expect(parseMarkdown('[甲][r]\n\n[r]: javascript:alert(1)\n').blocks).toEqual([{ type: 'paragraph', children: [text('甲')] }]);
  });

  it('keeps raw HTML as literal text', () => {
    expect(paragraphOf('a <b onclick="x()">bold</b> c')).toEqual([text('a <b onclick="x()">bold</b> c')]);
    expect(paragraphOf('<script>alert(1)</script>')).toEqual([text('<script>alert(1)</script>')]);
    expect(parseMarkdown('<div>\n正文\n</div>\n').blocks).toEqual([{ type: 'paragraph', children: [text('<div> 正文 </div>')] }]);
  });

  it('decodes entities to literal characters, not markup', () => {
    expect(paragraphOf('&lt;script&gt;alert(1)&lt;/script&gt;')).toEqual([text('<script>alert(1)</script>')]);
  });

  it('keeps an image’s alt text as text', () => {
    expect(paragraphOf('图:![救人现场 *照片*](photo.jpg)。')).toEqual([text('图:救人现场 照片。')]);
    expect(paragraphOf('![x" onerror="alert(1)](x)')).toEqual([text('x" onerror="alert(1)')]);
  });

  it('keeps text in a link around an image', () => {
    expect(paragraphOf('[![图](a.png) 说明](/p)')).toEqual([{ type: 'link', href: '/p', children: [text('图 说明')] }]);
  });
});

describe('documentFigures', () => {
  it('counts code points of text without whitespace, across every block kind', () => {
    const head = '赔款认领公示';
    const para = '您好，下表为我司2013—2021年需支付的种植险赔款。';
    const item = '联系人:温经理';
    const quote = '特此公示';
    const cells = ['姓名', '金额(元)', '宋西顺', '141.55'];
    const code = 'const 金额 = 14155;';
    const inlineCode = 'fen';
    const source = [
      `# ${head}`,
      '',
      para,
      '',
      `- ${item} \`${inlineCode}\``,
      '',
      `> ${quote}`,
      '',
      `| ${cells[0]} | ${cells[1]} |`,
      '| --- | --: |',
      `| ${cells[2]} | ${cells[3]} |`,
      '',
      '```',
      code,
      '```',
    ].join('\n');
    const figures = documentFigures(parseMarkdown(source));
    expect(figures).toEqual({
      characters: visibleCodePoints(head, para, item, inlineCode, quote, ...cells, code),
      paragraphs: 3, // the body paragraph, the list item's, the quote's
      headings: 1,
    });
  });

  it('counts a character outside the BMP once, not as two UTF-16 units', () => {
    const name = '𠮷野家'; // 𠮷 is U+20BB7, a surrogate pair in UTF-16
    expect(name.length).not.toBe(Array.from(name).length);
    expect(documentFigures(parseMarkdown(name)).characters).toBe(visibleCodePoints(name));
  });

  it('excludes ideographic spaces and other whitespace', () => {
    const spaced = '尊敬的客户:\u3000您好 下表';
    expect(documentFigures(parseMarkdown(spaced)).characters).toBe(visibleCodePoints(spaced));
    expect(visibleCodePoints(spaced)).toBe(Array.from(spaced).length - 2);
  });

  it('counts the joined sample paragraph without the line break', () => {
    const figures = documentFigures(parseMarkdown(`### ${HEAD}\n\n${LINE_1}\n${LINE_2}\n\n${QUOTED}\n`));
    expect(figures).toEqual({ characters: visibleCodePoints(HEAD, LINE_1, LINE_2, QUOTED), paragraphs: 2, headings: 1 });
  });

  it('counts paragraphs nested in lists and quotes', () => {
    const figures = documentFigures(parseMarkdown('- a\n- b\n  > c\n  > > d\n'));
    expect(figures.paragraphs).toBe(4);
    expect(figures.headings).toBe(0);
  });
});

describe('plainText', () => {
  it('separates leaf blocks by a blank line and drops markup', () => {
    const source = `## ${HEAD}\n\n${LINE_1}\n${LINE_2}\n\n- 甲 **乙**\n- [丙](/p)\n\n---\n\n> ${QUOTED}\n`;
    expect(plainText(parseMarkdown(source))).toBe([HEAD, LINE_1 + LINE_2, '甲 乙', '丙', QUOTED].join('\n\n'));
  });

  it('keeps hard breaks as newlines and table rows as tab-separated lines', () => {
    const source = '甲  \n乙\n\n| 姓名 | 金额 |\n| - | - |\n| 宋西顺 | 141.55 |\n';
    expect(plainText(parseMarkdown(source))).toBe('甲\n乙\n\n姓名\t金额\n宋西顺\t141.55');
  });

  it('is empty for an empty document', () => {
    expect(plainText({ blocks: [] })).toBe('');
  });
});
