import { describe, expect, it } from 'vitest';
import { joinForPrint, normalizeChinesePunctuation, type PunctuationChange } from '../../src/document/punctuation.js';

const WJ = '\u2060';
const HAN = /\p{Script=Han}/u;

/** The original with every change applied: must equal the normalised text. */
function applyChanges(original: string, changes: PunctuationChange[]): string {
  let out = '';
  let from = 0;
  for (const { index, before, after } of changes) {
    out += original.slice(from, index) + after;
    from = index + before.length;
  }
  return out + original.slice(from);
}

/** Checks that hold for any input: changes index the original, and a second pass is a no-op. */
function expectConsistent(original: string): string {
  const { text, changes } = normalizeChinesePunctuation(original);
  for (const change of changes) {
    expect(original.slice(change.index, change.index + change.before.length)).toBe(change.before);
    expect(change.before.trim()).toHaveLength(1);
  }
  expect(changes.map((c) => c.index)).toEqual(changes.map((c) => c.index).sort((a, b) => a - b));
  expect(applyChanges(original, changes)).toBe(text);
  expect(normalizeChinesePunctuation(text)).toEqual({ text, changes: [] });
  return text;
}

describe('normalizeChinesePunctuation', () => {
  const changed: [rule: string, input: string, expected: string][] = [
    ['comma after Han', '聊城市,记者', '聊城市，记者'],
    ['spaces around the mark are dropped', '聊城市 , 记者', '聊城市，记者'],
    ['colon', '他说:明天见', '他说：明天见'],
    ['semicolon', '甲方;乙方', '甲方；乙方'],
    ['question and exclamation marks', '真的吗?是的!', '真的吗？是的！'],
    ['a run of marks', '中文?!', '中文？！'],
    ['mark before Han after Latin', 'Hello, 世界', 'Hello，世界'],
    ['sentence mark between Latin and Han', 'Hello, world! 你好', 'Hello, world！你好'],
    ['after a closing quotation of Chinese', '“你好”,他说', '“你好”，他说'],
    ['after a closing quotation at the end', '他说“你好”,', '他说“你好”，'],
    ['after a CJK bracket', '《人民日报》,记者', '《人民日报》，记者'],
    ['after a full-width closing bracket', '（山东省）,记者', '（山东省），记者'],
    ['after an ellipsis', '中文……,他说', '中文……，他说'],
    ['parentheses around Chinese after Han', '聊城市(山东省)', '聊城市（山东省）'],
    ['parentheses around Chinese at the start', '(记者 张三)', '（记者 张三）'],
    ['parentheses around Latin inside Chinese', '聊城(ABC)公司', '聊城（ABC）公司'],
    ['parentheses around digits inside Chinese', '中国(2024)年', '中国（2024）年'],
    ['parentheses around Chinese in English', 'Reuters (路透社)', 'Reuters（路透社）'],
    ['spaces inside converted parentheses', '( 记者 张三 )', '（记者 张三）'],
    ['mark after converted parentheses', '聊城市(山东省),记者', '聊城市（山东省），记者'],
    ['nested parentheses', '中文(a(b)c)', '中文（a(b)c）'],
    ['unpaired parenthesis next to Han', '1)第一', '1）第一'],
    ['colon before a phone number', '电话:0635-8242056', '电话：0635-8242056'],
    ['colon before a time', '时间:10:30', '时间：10:30'],
    ['comma after a number', '共1,234.56元,其中', '共1,234.56元，其中'],
    ['comma after a ratio', '比分3:1,主队', '比分3:1，主队'],
    ['comma after a URL', '见https://a.b/c?x=1,2,谢谢', '见https://a.b/c?x=1,2，谢谢'],
    ['question mark after a URL', '见https://a.b/c?中', '见https://a.b/c？中'],
    ['parentheses around a URL', '(见https://a.b/c)', '（见https://a.b/c）'],
    ['comma after an e-mail address', '联系a.b@c.com,谢谢', '联系a.b@c.com，谢谢'],
    ['Han outside the Basic Multilingual Plane', '𠮷,野家', '𠮷，野家'],
    ['every line on its own', 'abc\n中文,\nxyz', 'abc\n中文，\nxyz'],
  ];

  it.each(changed)('changes: %s', (_rule, input, expected) => {
    expect(normalizeChinesePunctuation(input).text).toBe(expected);
    expect(expectConsistent(input)).toBe(expected);
  });

  const unchanged: [rule: string, input: string][] = [
    ['thousands and decimals', '1,234.56'],
    ['a number inside Chinese', '共1,234.56元'],
    ['a ratio', '3:1'],
    ['a ratio inside Chinese', '比分3:1'],
    ['a ratio with spaces inside Chinese', '比分 3 : 1 落后'],
    ['a time inside Chinese', '上午10:30开会'],
    ['a range of times', '8:00-17:00'],
    ['a date', '2024-01-01 2024.1.1 2024/1/1'],
    ['a phone number', '0635-8242056'],
    ['a URL', 'https://a.b/c?x=1,2'],
    ['a URL inside Chinese', '见 https://a.b/c?x=1,2 页'],
    ['a URL with balanced parentheses', '见https://en.wikipedia.org/wiki/A_(b)'],
    ['a www address', '见www.a.b/c?x=1,2'],
    ['an e-mail address', 'a.b+tag@c.com'],
    ['Latin text', 'Hello, world!'],
    ['Latin text inside Chinese', '他说 Hello, world 然后'],
    ['a Latin quotation inside Chinese', '他说“Hello!”然后'],
    ['a straight-quoted Latin quotation', '他说"Hi!"'],
    ['Latin in parentheses', '(ABC)'],
    ['a function', 'f(x)'],
    ['a year in an English sentence', 'In (2024) we met; it rained.'],
    ['marks already full-width', '聊城市（山东省）记者，电话：0635-8242056。'],
    ['a full stop and hyphen', '中文.中-文'],
    ['an empty string', ''],
  ];

  it.each(unchanged)('leaves alone: %s', (_rule, input) => {
    expect(normalizeChinesePunctuation(input)).toEqual({ text: input, changes: [] });
    expectConsistent(input);
  });

  it('indexes each change against the original string', () => {
    expect(normalizeChinesePunctuation('聊城市 , 记者(张三)').changes).toEqual([
      { index: 3, before: ' , ', after: '，' },
      { index: 8, before: '(', after: '（' },
      { index: 11, before: ')', after: '）' },
    ]);
    expect(normalizeChinesePunctuation('中 , , 文').changes).toEqual([
      { index: 1, before: ' , ', after: '，' },
      { index: 4, before: ', ', after: '，' },
    ]);
    expect(normalizeChinesePunctuation('𠮷,野家').changes).toEqual([{ index: 2, before: ',', after: '，' }]);
  });

  it('keeps generated text idempotent and leaves no half-width mark beside Han', () => {
    const random = seeded(15834);
    const pools = ['中文记者聊城', 'abXy', '0123456789', ',:;?!().-', '  '];
    for (let n = 0; n < 400; n += 1) {
      const length = 1 + Math.floor(random() * 24);
      const input = Array.from({ length }, () => pick(pick(pools, random), random)).join('');
      const output = expectConsistent(input);
      expect(halfWidthBesideHan(output), `${JSON.stringify(input)} → ${JSON.stringify(output)}`).toEqual([]);
    }
  });
});

describe('joinForPrint', () => {
  const joined: [rule: string, input: string, expected: string][] = [
    ['em dash between digits', '2023—2025', `2023${WJ}—${WJ}2025`],
    ['double em dash between digits', '2023——2025', `2023${WJ}—${WJ}—${WJ}2025`],
    ['double em dash in Chinese', '他说——走吧', `他说—${WJ}—走吧`],
    ['middle dot', '张三·李四', `张三${WJ}·李四`],
    ['katakana middle dot', 'ジョン・スミス', `ジョン${WJ}・スミス`],
    ['a joiner already on one side', `2023${WJ}—2025`, `2023${WJ}—${WJ}2025`],
    ['full-width digits', '２０２３—２０２５', `２０２３${WJ}—${WJ}２０２５`],
  ];

  it.each(joined)('joins: %s', (_rule, input, expected) => {
    expect(joinForPrint(input)).toBe(expected);
    expect(joinForPrint(expected)).toBe(expected);
  });

  const unchanged: [rule: string, input: string][] = [
    ['hyphen between digits', '2023-2025'],
    ['en dash between digits', '2023–2025'],
    ['em dash between words', 'A — B'],
    ['em dash after a digit only', '2025—走'],
    ['a middle dot opening the text', '·注'],
    ['already joined', `2023${WJ}—${WJ}—${WJ}2025 张三${WJ}·李四`],
    ['no dashes or dots', '聊城市，记者'],
  ];

  it.each(unchanged)('leaves alone: %s', (_rule, input) => {
    expect(joinForPrint(input)).toBe(input);
  });

  it('never doubles a joiner', () => {
    const text = joinForPrint(joinForPrint('2023——2025年·张三——李四·2024—2025'));
    expect(text).not.toContain(WJ + WJ);
    expect(text.replaceAll(WJ, '')).toBe('2023——2025年·张三——李四·2024—2025');
  });
});

/** Half-width marks whose nearest non-space neighbour is Han (a `:` between digits excepted). */
function halfWidthBesideHan(text: string): string[] {
  const chars = [...text];
  const nearest = (i: number, step: number): string => {
    let j = i + step;
    while (chars[j] === ' ') j += step;
    return chars[j] ?? '';
  };
  return chars.flatMap((ch, i) => {
    if (!',:;?!()'.includes(ch)) return [];
    if (ch === ':' && /\d/u.test(chars[i - 1] ?? '') && /\d/u.test(chars[i + 1] ?? '')) return [];
    return HAN.test(nearest(i, -1)) || HAN.test(nearest(i, 1)) ? [`${i}:${ch}`] : [];
  });
}

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function pick(items: string | readonly string[], random: () => number): string {
  const list = typeof items === 'string' ? [...items] : items;
  return list[Math.floor(random() * list.length)] ?? '';
}
