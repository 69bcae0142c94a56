// A generated corpus of Chinese local news for the search benchmark: words drawn with a
// Zipf-like frequency from a vocabulary cut out of the repository's real copy, plus generated
// person names, place names, numbers and a few Latin terms. Deterministic for a given seed.
import fs from 'node:fs';
import path from 'node:path';

/** The real copy the vocabulary is cut from: the sample page and the import fixtures. */
export function sourceTexts(root: string): string[] {
  const texts = [fs.readFileSync(path.join(root, 'samples/liaocheng-page.txt'), 'utf8')];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.txt')) texts.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(root, 'test/fixtures/imports'));
  return texts;
}

export interface Vocabulary {
  /** Words, most frequent first. */
  words: string[];
  /** Cumulative Zipf weights (1/rank), for drawing by binary search. */
  cumulative: Float64Array;
}

/** Cuts every run of Han characters into words of 2–4 characters and keeps the `size` most frequent. */
export function buildVocabulary(texts: readonly string[], size: number, random: () => number): Vocabulary {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const match of text.matchAll(/\p{Script=Han}+/gu)) {
      const run = [...match[0]];
      for (let i = 0; i + 1 < run.length; ) {
        const n = Math.min(run.length - i, 2 + Math.floor(random() * 3));
        const word = run.slice(i, i + n).join('');
        counts.set(word, (counts.get(word) ?? 0) + 1);
        i += n;
      }
    }
  }
  const words = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, size).map(([w]) => w);
  const cumulative = new Float64Array(words.length);
  let sum = 0;
  for (let r = 0; r < words.length; r++) cumulative[r] = sum += 1 / (r + 1);
  return { words, cumulative };
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰金凤海波宁辉鹏飞燕萍林东文斌永庆春梅雪云亮成浩宇晓天新民福荣德利振兴学广立峰晨凯颖琳倩欣佳子涵博鑫雨泽铭轩瑞'];
const PLACE_ROOTS = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕苏卢蒋蔡贾丁魏薛叶闫余潘杜'];
const PLACE_KINDS = ['庄村', '家镇', '集乡', '营村', '楼村', '屯村', '店镇', '官屯'];
const COUNTIES = ['东昌府区', '阳谷县', '莘县', '东阿县', '冠县', '高唐县', '茌平区', '临清市'];
const LATIN = ['5G', 'PM2.5', 'GDP', 'APP', 'AI', 'CPI', 'ETC', '4K', 'LED', 'VR'];

export interface GeneratedArticle {
  kicker: string | null;
  headline: string;
  summary: string | null;
  body: string;
}

/** Makes articles of 1–3 KB of UTF-8 each and keeps what the query set is drawn from. */
export function createCorpus(vocabulary: Vocabulary, random: () => number) {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const word = () => {
    const target = random() * vocabulary.cumulative[vocabulary.cumulative.length - 1]!;
    let lo = 0;
    let hi = vocabulary.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (vocabulary.cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary.words[lo]!;
  };
  /** How many articles each person's name is in. */
  const nameCounts = new Map<string, number>();
  let namesHere = new Set<string>();
  const person = () => {
    const name = pick(SURNAMES) + pick(GIVEN) + (random() < 0.7 ? pick(GIVEN) : '');
    namesHere.add(name);
    return name;
  };
  const place = () => (random() < 0.2 ? pick(COUNTIES) : pick(PLACE_ROOTS) + pick(PLACE_KINDS));
  const number = () => {
    const r = random();
    if (r < 0.3) return `${2019 + Math.floor(random() * 7)}年`;
    if (r < 0.55) return `${1 + Math.floor(random() * 12)}月${1 + Math.floor(random() * 28)}日`;
    if (r < 0.8) return `${(random() * 500).toFixed(1)}万元`;
    return `${1 + Math.floor(random() * 300)}个`;
  };
  const token = () => {
    const r = random();
    if (r < 0.05) return person();
    if (r < 0.09) return place();
    if (r < 0.13) return number();
    if (r < 0.14) return pick(LATIN);
    return word();
  };
  const sentence = () => {
    const n = 4 + Math.floor(random() * 9);
    let out = '';
    for (let i = 0; i < n; i++) out += token() + (i > 0 && i < n - 1 && random() < 0.12 ? '，' : '');
    return `${out}。`;
  };
  const line = (min: number, max: number) => {
    let out = '';
    while ([...out].length < min) out += word();
    return [...out].slice(0, max).join('');
  };

  return {
    nameCounts,
    article(): GeneratedArticle {
      namesHere = new Set();
      const targetBytes = 1024 + Math.floor(random() * 2048);
      const kicker = random() < 0.25 ? line(6, 14) : null;
      const headline = line(8, 20);
      const summary = random() < 0.5 ? sentence() : null;
      let bytes = Buffer.byteLength(headline + (kicker ?? '') + (summary ?? ''));
      const blocks: string[] = [];
      while (bytes < targetBytes) {
        let block: string;
        if (blocks.length > 0 && random() < 0.12) block = `## ${line(6, 14)}`;
        else {
          block = '';
          for (let s = 2 + Math.floor(random() * 4); s > 0; s--) block += sentence();
        }
        blocks.push(block);
        bytes += Buffer.byteLength(block) + 2;
      }
      for (const name of namesHere) nameCounts.set(name, (nameCounts.get(name) ?? 0) + 1);
      return { kicker, headline, summary, body: blocks.join('\n\n') };
    },
    /** A run of 3–6 Han characters from the text, as a phrase a reader might quote. */
    phraseOf(text: string): string | null {
      const runs = [...text.matchAll(/\p{Script=Han}{6,}/gu)].map((m) => [...m[0]]);
      if (runs.length === 0) return null;
      const run = pick(runs);
      const n = 3 + Math.floor(random() * 4);
      const at = Math.floor(random() * (run.length - n + 1));
      return run.slice(at, at + n).join('');
    },
    person,
    place,
    pick,
  };
}

/** A masked ID number of the kind published lists show: `3725011966****4816`. */
export function maskedId(random: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  return `3715${digits(2)}19${50 + Math.floor(random() * 50)}****${digits(3)}${random() < 0.1 ? 'X' : digits(1)}`;
}
