import { describe, expect, it } from 'vitest';
import { parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { parseMarkdown } from '../../src/document/markdown.js';
import type { Document, Inline } from '../../src/document/model.js';
import { renderHtml } from '../../src/render/web/document-html.js';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

const ALLOWED_ELEMENTS = new Set([
  'p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  'pre', 'code', 'hr', 'em', 'strong', 'br', 'a',
]);
const FORBIDDEN_ELEMENTS = ['script', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'meta', 'base', 'form', 'img', 'link', 'body'];
const ALLOWED_ATTRIBUTES: Record<string, string[]> = { a: ['href', 'rel'], ol: ['start'], th: ['style'], td: ['style'] };

const elements = (node: Node): Element[] => {
  const own = 'tagName' in node ? [node] : [];
  const children = 'childNodes' in node ? node.childNodes.flatMap(elements) : [];
  return [...own, ...children];
};

const textContent = (node: Node): string =>
  node.nodeName === '#text' && 'value' in node ? node.value : 'childNodes' in node ? node.childNodes.map(textContent).join('') : '';

const hasComment = (node: Node): boolean => node.nodeName === '#comment' || ('childNodes' in node && node.childNodes.some(hasComment));

/**
 * Parses HTML as a browser would (parse5 follows the WHATWG algorithm) and lists every
 * way it could run script or leave the page: an unexpected element or attribute, an
 * event handler, a link that is not http(s)/mailto or a single-slash site path.
 */
function unsafeParts(html: string): string[] {
  const fragment = parseFragment(html);
  const problems: string[] = [];
  if (hasComment(fragment)) problems.push('comment');
  for (const el of elements(fragment)) {
    if (!ALLOWED_ELEMENTS.has(el.tagName)) problems.push(`element <${el.tagName}>`);
    if (FORBIDDEN_ELEMENTS.includes(el.tagName)) problems.push(`forbidden <${el.tagName}>`);
    for (const attr of el.attrs) {
      if (/^on/i.test(attr.name)) problems.push(`handler ${attr.name} on <${el.tagName}>`);
      if (!(ALLOWED_ATTRIBUTES[el.tagName] ?? []).includes(attr.name)) problems.push(`attribute ${attr.name} on <${el.tagName}>`);
      if (attr.name === 'href' && !/^(?:https?:|mailto:|\/(?![/\\]))/i.test(attr.value)) problems.push(`href ${attr.value}`);
      if (attr.name === 'style' && !/^text-align:(?:left|center|right)$/.test(attr.value)) problems.push(`style ${attr.value}`);
      if (attr.name === 'rel' && attr.value !== 'noopener noreferrer nofollow') problems.push(`rel ${attr.value}`);
      if (attr.name === 'start' && !/^-?\d+$/.test(attr.value)) problems.push(`start ${attr.value}`);
    }
  }
  return problems;
}

const render = (markdown: string): string => renderHtml(parseMarkdown(markdown));

describe('the safety check itself', () => {
  it('catches what it is meant to catch', () => {
    expect(unsafeParts('<p>ok <a href="/x">x</a> <a href="https://a.example" rel="noopener noreferrer nofollow">y</a></p>')).toEqual([]);
    expect(unsafeParts('<script>alert(1)</script>')).toContain('forbidden <script>');
    expect(unsafeParts('<img src=x onerror=alert(1)>')).toContain('handler onerror on <img>');
    expect(unsafeParts('<a href="javascript:alert(1)">x</a>')).toContain('href javascript:alert(1)');
    expect(unsafeParts('<a href="//evil.example">x</a>')).toContain('href //evil.example');
    expect(unsafeParts('<a href=" javascript:alert(1)">x</a>')).toHaveLength(1);
    expect(unsafeParts('<p title="x">x</p>')).toContain('attribute title on <p>');
    expect(unsafeParts('<svg><a onclick="x">y</a></svg>')).toContain('forbidden <svg>');
  });
});

describe('renderHtml', () => {
  it('renders sub-heads at their levels and paragraphs', () => {
    expect(render('# 大\n\n## 中\n\n### 小\n\n正文。\n')).toBe('<h2>大</h2>\n<h3>中</h3>\n<h4>小</h4>\n<p>正文。</p>');
  });

  it('renders the sample page’s copy without gaining spaces', () => {
    const first = '商业秘密保护示范企';
    const second = '业代表等200余人参加会议。';
    expect(render(`${first}\n${second}`)).toBe(`<p>${first}${second}</p>`);
  });

  it('renders inline formatting, code, breaks and links', () => {
    expect(render('*斜* **粗** `a<b` 行一  \n行二 [站内](/p/1) [外部](https://a.example/x?a=1&b=2) [信](mailto:a@b.example)')).toBe(
      '<p><em>斜</em> <strong>粗</strong> <code>a&lt;b</code> 行一<br>行二 <a href="/p/1">站内</a> ' +
        '<a href="https://a.example/x?a=1&amp;b=2" rel="noopener noreferrer nofollow">外部</a> ' +
        '<a href="mailto:a@b.example" rel="noopener noreferrer nofollow">信</a></p>',
    );
  });

  it('renders tight list items without a <p> and loose multi-block items with one', () => {
    expect(render('- 甲\n- 乙\n')).toBe('<ul>\n<li>甲</li>\n<li>乙</li>\n</ul>');
    expect(render('- 甲\n\n  再一段\n')).toBe('<ul>\n<li>\n<p>甲</p>\n<p>再一段</p>\n</li>\n</ul>');
  });

  it('writes start only for an ordered list not starting at 1', () => {
    expect(render('1. 一\n2. 二\n')).toBe('<ol>\n<li>一</li>\n<li>二</li>\n</ol>');
    expect(render('7. 七\n')).toBe('<ol start="7">\n<li>七</li>\n</ol>');
  });

  it('renders quotes, rules and code blocks', () => {
    expect(render('> 引文\n\n---\n\n```\n<b>&amp;\n```\n')).toBe(
      '<blockquote>\n<p>引文</p>\n</blockquote>\n<hr>\n<pre><code>&lt;b&gt;&amp;amp;</code></pre>',
    );
  });

  it('renders a table with thead, tbody and alignment', () => {
    expect(render('| 姓名 | 金额(元) | 备注 |\n| :-- | --: | --- |\n| 宋西顺 | 141.55 | |\n')).toBe(
      [
        '<table>',
        '<thead>',
        '<tr><th style="text-align:left">姓名</th><th style="text-align:right">金额(元)</th><th>备注</th></tr>',
        '</thead>',
        '<tbody>',
        '<tr><td style="text-align:left">宋西顺</td><td style="text-align:right">141.55</td><td></td></tr>',
        '</tbody>',
        '</table>',
      ].join('\n'),
    );
  });

  it('is deterministic and has no leading or trailing whitespace', () => {
    const source = '## 标题\n\n段落\n\n- 项\n';
    const html = render(source);
    expect(render(source)).toBe(html);
    expect(html).toBe(html.trim());
    expect(html).not.toMatch(/[ \t]\n/);
  });

  it('renders an empty document as an empty string', () => {
    expect(renderHtml({ blocks: [] })).toBe('');
  });
});

describe('renderHtml on a hand-built document (defence in depth)', () => {
  const link = (href: string): Document => ({
    blocks: [{ type: 'paragraph', children: [{ type: 'link', href, children: [{ type: 'text', text: '点此' }] }] }],
  });

  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    '//evil.example/',
    '/\\evil.example/',
    '/\t/evil.example/',
    'https://a.example/\u0000',
    'relative/path',
  ])('drops the link to %j and keeps its text', (href) => {
    expect(renderHtml(link(href))).toBe('<p>点此</p>');
  });

  it('escapes text, code and URL characters', () => {
    const doc: Document = {
      blocks: [
        { type: 'heading', level: 2, children: [{ type: 'text', text: '<script>alert(1)</script>' }] },
        {
          type: 'paragraph',
          children: [
            { type: 'link', href: 'https://a.example/"><script>alert(1)</script>', children: [{ type: 'text', text: `'"&` }] },
            { type: 'code', text: '</code><script>' },
          ],
        },
        { type: 'code', text: '</pre><iframe src=x>' },
      ],
    };
    const html = renderHtml(doc);
    expect(unsafeParts(html)).toEqual([]);
    const fragment = parseFragment(html);
    expect(textContent(fragment)).toContain('<script>alert(1)</script>');
    const anchor = elements(fragment).find((el) => el.tagName === 'a');
    expect(anchor?.attrs.find((a) => a.name === 'href')?.value).toBe('https://a.example/"><script>alert(1)</script>');
    expect(textContent(anchor as Element)).toBe(`'"&`);
  });

  it('writes style only for the fixed alignments', () => {
    const cell: Inline[] = [{ type: 'text', text: 'x' }];
    const doc = {
      blocks: [
        {
          type: 'table',
          header: [cell, cell, cell],
          rows: [],
          align: ['center', 'left;background:url(javascript:alert(1))', '" onmouseover="alert(1)'],
        },
      ],
    } as unknown as Document;
    expect(renderHtml(doc)).toBe('<table>\n<thead>\n<tr><th style="text-align:center">x</th><th>x</th><th>x</th></tr>\n</thead>\n</table>');
  });

  it('ignores a start that is not an integer and a heading level out of range', () => {
    const doc = {
      blocks: [
        { type: 'list', ordered: true, start: '2" onclick="alert(1)', items: [[]] },
        { type: 'heading', level: '2 onclick=alert(1)', children: [] },
        { type: 'unknown', children: [] },
      ],
    } as unknown as Document;
    const html = renderHtml(doc);
    expect(html).toBe('<ol>\n<li></li>\n</ol>\n<h2></h2>');
    expect(unsafeParts(html)).toEqual([]);
  });
});

/**
 * Vectors from the OWASP XSS filter-evasion cheat sheet, adapted to Markdown input. Each
 * is parsed and rendered, then the HTML is read by a spec-compliant parser. `text`, where
 * given, must survive as visible text: unsafe input is neutralised, not silently lost.
 */
const VECTORS: { name: string; source: string; text?: string }[] = [
  { name: 'script tag', source: '<script>alert(1)</script>', text: '<script>alert(1)</script>' },
  { name: 'script block with src', source: '<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>', text: '<SCRIPT SRC=' },
  { name: 'img onerror', source: '<img src=x onerror=alert(1)>', text: '<img src=x onerror=alert(1)>' },
  { name: 'img with javascript src', source: '<IMG SRC="javascript:alert(\'XSS\');">', text: '<IMG' },
  { name: 'img with tab in scheme', source: '<IMG SRC="jav\tascript:alert(\'XSS\');">' },
  { name: 'malformed img quotes', source: '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">', text: '<SCRIPT>' },
  { name: 'svg onload', source: '<svg onload=alert(1)>', text: '<svg onload=alert(1)>' },
  { name: 'svg/onload without space', source: '<svg/onload=alert(1)>' },
  { name: 'body onload', source: '<body onload=alert(1)>', text: '<body onload=alert(1)>' },
  { name: 'iframe', source: '<iframe src="javascript:alert(1)"></iframe>', text: '<iframe' },
  { name: 'object', source: '<object data="javascript:alert(1)"></object>' },
  { name: 'embed', source: '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">' },
  { name: 'style tag', source: "<style>@import 'https://xss.example/xss.css';</style>", text: '<style>' },
  { name: 'style attribute', source: '<div style="background-image: url(javascript:alert(1))">x</div>' },
  { name: 'meta refresh', source: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', text: '<meta' },
  { name: 'base href', source: '<base href="javascript:alert(1)//">' },
  { name: 'form action', source: '<form action="javascript:alert(1)"><button>x</button></form>' },
  { name: 'raw anchor with javascript href', source: '<a href="javascript:alert(1)">x</a>', text: '<a href="javascript:alert(1)">x</a>' },
  { name: 'raw anchor with entity-encoded scheme', source: '<a href="&#x6A;avascript:alert(1)">x</a>' },
  { name: 'escaped script entities', source: '&lt;script&gt;alert(1)&lt;/script&gt;', text: '<script>alert(1)</script>' },
  { name: 'nested script brackets', source: '<<script>script>alert(1)<</script>/script>', text: '<<script>script>' },
  { name: 'split script tag', source: '<scr<script>ipt>alert(1)</scr</script>ipt>' },
  { name: 'unknown tag with handler', source: '<xss onafterscriptexecute=alert(1)>x</xss>' },
  { name: 'comment trick', source: '<!--<img src="--><img src=x onerror=alert(1)//">' },
  { name: 'markdown link javascript', source: '[x](javascript:alert(1))', text: 'x' },
  { name: 'markdown link mixed case', source: '[x](JaVaScRiPt:alert(1))', text: 'x' },
  { name: 'markdown link tab entity', source: '[x](jav&#x09;ascript:alert(1))', text: 'x' },
  { name: 'markdown link newline entity', source: '[x](jav&#x0A;ascript:alert(1))', text: 'x' },
  { name: 'markdown link decimal entity', source: '[x](&#106;avascript:alert(1))', text: 'x' },
  { name: 'markdown link long decimal entities', source: '[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))' },
  { name: 'markdown link hex entities', source: '[x](&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1))' },
  { name: 'markdown link leading spaces', source: '[x](   javascript:alert(1))', text: 'x' },
  { name: 'markdown link angle destination', source: '[x](<javascript:alert(1)>)', text: 'x' },
  { name: 'markdown link full-width letters', source: '[x](ｊａｖａｓｃｒｉｐｔ:alert(1))', text: 'x' },
  { name: 'markdown link data URL', source: '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', text: 'x' },
  { name: 'markdown link vbscript', source: '[x](vbscript:msgbox("XSS"))' },
  { name: 'markdown link file', source: '[x](file:///etc/passwd)', text: 'x' },
  { name: 'markdown link protocol-relative', source: '[x](//xss.example/a.js)', text: 'x' },
  { name: 'markdown reference link javascript', source: '[x][r]\n\n[r]: javascript:alert(1)', text: 'x' },
  { name: 'autolink javascript', source: '<javascript:alert(1)>', text: 'javascript:alert(1)' },
  { name: 'quote breakout in URL', source: '[x](http://a.com/"onmouseover="alert(1))', text: 'x' },
  { name: 'quote breakout in title', source: '[x](http://a.com "a\\" onmouseover=\\"alert(1)")', text: 'x' },
  { name: 'single-quote breakout in title', source: "[x](http://a.com 'a' onmouseover='alert(1)')" },
  { name: 'backtick breakout in URL', source: '[x](http://a.com/`onmouseover=alert(1)`)', text: 'x' },
  { name: 'image alt breakout', source: '![x" onerror="alert(1)](x)', text: 'x" onerror="alert(1)' },
  { name: 'image with javascript src', source: '![x](javascript:alert(1))', text: 'x' },
  { name: 'image with onerror in URL', source: '![x](x" onerror="alert(1))' },
  { name: 'raw HTML in a table', source: '| <script>alert(1)</script> | b |\n| - | - |\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |', text: '<script>' },
  { name: 'raw HTML in a list and a quote', source: '- <iframe src=x>\n\n> <svg onload=alert(1)>', text: '<iframe src=x>' },
  { name: 'script in a code span and a fence', source: '`<script>alert(1)</script>`\n\n```html\n<script>alert(1)</script>\n```', text: '<script>alert(1)</script>' },
  { name: 'html block div with handler', source: '<div onmouseover="alert(1)">\n\n*x*\n\n</div>' },
  { name: 'NUL inside scheme', source: '[x](java\u0000script:alert(1))' },
];

describe('XSS: OWASP filter-evasion vectors through parse + render', () => {
  it('has at least 25 vectors', () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(VECTORS)('$name: leaves no executable markup', ({ source, text }) => {
    const html = render(source);
    expect(unsafeParts(html)).toEqual([]);
    if (text !== undefined) expect(textContent(parseFragment(html))).toContain(text);
  });
});
