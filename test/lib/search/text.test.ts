/** Search's folding, tokens, query language, snippets and the tsvector it writes: pure functions. */
import { describe, expect, it } from 'vitest';
import { highlight, holdsAll, snippet } from '../../../src/lib/search/highlight.js';
import { fold, foldText } from '../../../src/lib/search/normalize.js';
import { holdsFullIdNumber, MAX_QUERY_LENGTH, parseQuery, QueryRefused, type QueryRefusal } from '../../../src/lib/search/query.js';
import { MAX_POSITION, tokenize, tsvectorLiteral } from '../../../src/lib/search/tokens.js';

const lexemes = (text: string) => tokenize(fold(text)).map((t) => `${t.lexeme}@${t.position}`);
const refusal = (q: string): QueryRefusal | null => {
  try {
    parseQuery(q);
    return null;
  } catch (error) {
    if (error instanceof QueryRefused) return error.reason;
    throw error;
  }
};
const shown = (m: { text: string; marks: { start: number; end: number }[] }) => m.marks.map((k) => m.text.slice(k.start, k.end));

describe('folding', () => {
  it('turns full-width forms half-width, Latin lower case, and traditional characters simplified', () => {
    expect(fold('ＰＭ２．５ ５Ｇ基站 ＡＰＰ')).toBe('pm2.5 5g基站 app');
    expect(fold('鄉村振興 醫療保險 電信詐騙 圖書館 養老服務 臺灣 裡面')).toBe('乡村振兴 医疗保险 电信诈骗 图书馆 养老服务 台湾 里面');
    // Simplified text is left as it is.
    expect(fold('乡村振兴 医疗保险 发展 干部')).toBe('乡村振兴 医疗保险 发展 干部');
  });

  it('keeps the way back to the original text, characters outside the BMP included', () => {
    const original = 'Ａ𠀀鄉村';
    const folded = foldText(original);
    expect(folded.text).toBe('a𠀀乡村');
    expect(folded.origin).toEqual([0, 1, 1, 3, 4]);
  });
});

describe('tokens', () => {
  it('cuts Han text into overlapping bigrams, keeps Latin words and numbers whole, and leaves a gap at punctuation', () => {
    expect(lexemes('聊城5G基站，投资1,234.5万元')).toEqual(['聊城@1', '5g@2', '基站@3', '投资@5', '1234.5@6', '万元@7']);
    expect(lexemes('商业秘密')).toEqual(['商业@1', '业秘@2', '秘密@3']);
    // A lone character stands as itself; white space leaves no gap, punctuation one.
    expect(lexemes('王 刚。PM2.5')).toEqual(['王@1', '刚@2', 'pm2.5@4']);
    expect(lexemes('3725011966****4816')).toEqual(['3725011966@1', '4816@6']);
  });

  it('writes a weighted tsvector literal, fields apart, quotes doubled, and no position past PostgreSQL’s limit', () => {
    expect(tsvectorLiteral([{ text: '商业秘密', weight: 'A' }, { text: "it's 秘密", weight: 'C' }])).toBe("'商业':1A '业秘':2A '秘密':3A,9C 'it':6C 's':8C");
    const long = tsvectorLiteral([{ text: '甲乙 '.repeat(20_000), weight: 'C' }]);
    const positions = long.match(/\d+(?=C)/g)!.map(Number);
    expect(Math.max(...positions)).toBeLessThanOrEqual(MAX_POSITION);
  });
});

describe('the query language', () => {
  it('ANDs words, keeps quoted phrases whole, and excludes with a minus', () => {
    expect(parseQuery('温庄村 肖凤臣').tsquery).toBe("('温庄' <1> '庄村') & ('肖凤' <1> '凤臣')");
    expect(parseQuery('"5G 基站" -暴雨').tsquery).toBe("('5g':* <1> '基站') & !'暴雨'");
    expect(parseQuery('“商业 秘密”').terms.map((t) => t.text)).toEqual(['商业 秘密']);
    expect(parseQuery('鄉村振興').tsquery).toBe("('乡村' <1> '村振' <1> '振兴')");
    // A masked ID number's last four digits, as a reader types them.
    expect(parseQuery('****4816').tsquery).toBe("'4816':*");
  });

  it('never lets operators, quotes or backslashes through as tsquery syntax', () => {
    for (const q of ["a'b\\\\c", '&|!:*()<->', "'; drop table articles; --", '\\\\\\\\', 'x:*A & y']) {
      const parsed = (() => {
        try {
          return parseQuery(q);
        } catch (error) {
          if (error instanceof QueryRefused) return null;
          throw error;
        }
      })();
      if (!parsed) continue;
      // Every lexeme is quoted; between them only the operators the parser writes.
      const outside = parsed.tsquery.replace(/'(?:[^']|'')*'(?::\*)?/g, 'L');
      expect(outside, q).toMatch(/^[L()!&\s<>\d-]*$/u);
    }
  });

  it('refuses what it cannot search, saying why', () => {
    expect(refusal('')).toBe('empty');
    expect(refusal('   ')).toBe('empty');
    expect(refusal('王')).toBe('single-character');
    expect(refusal('王 刚')).toBe('single-character');
    expect(refusal('a')).toBe('single-character');
    expect(refusal('，。！？——')).toBe('only-marks');
    expect(refusal('-暴雨')).toBe('only-excluded');
    expect(refusal('字'.repeat(MAX_QUERY_LENGTH + 1))).toBe('too-long');
    expect(refusal('一二 三四 五六 七八 九十 甲乙 丙丁 戊己 庚辛 壬癸 子丑 寅卯 辰巳')).toBe('too-many-terms');
    expect(refusal('\u0000\ud800')).toBe('only-marks');
    expect(refusal('王刚')).toBeNull();
  });

  it('knows a whole ID number however it is typed, and not its parts', () => {
    for (const q of ['372501196603214816', '37250119660321481X', '３７２５０１１９６６０３２１４８１６', '372501 19660321 4816', '3725-0119-6603-2148-16', '身份证372501660321481']) {
      expect(holdsFullIdNumber(q), q).toBe(true);
      expect(refusal(q), q).toBe('full-id-number');
    }
    for (const q of ['4816', '3725011966****4816', '13812345678', '2024年5月7日']) expect(holdsFullIdNumber(q), q).toBe(false);
  });
});

describe('marks and snippets', () => {
  const terms = parseQuery('商业秘密 PM2').terms;

  it('marks what the index matched: traditional and full-width forms, and words a query word begins', () => {
    expect(shown(highlight('侵犯商業秘密案：ＰＭ２．５下降', terms))).toEqual(['商業秘密', 'ＰＭ２．５']);
    expect(shown(highlight('商业，秘密', terms))).toEqual([]);
    expect(holdsAll('商业秘密与PM2.5', terms)).toBe(true);
    expect(holdsAll('商业秘密', terms)).toBe(false);
  });

  it('cuts a snippet around the first match, after a sentence’s end, with ellipses', () => {
    const text = `${'前文很长。'.repeat(20)}法院审结一起侵犯商业秘密案件。${'后文。'.repeat(40)}`;
    const cut = snippet(text, terms);
    expect(cut.text.startsWith('…法院审结')).toBe(true);
    expect(cut.text.endsWith('…')).toBe(true);
    expect(shown(cut)).toEqual(['商业秘密']);
    expect([...cut.text].length).toBeLessThanOrEqual(112);
    // Nothing matched: the text's start.
    expect(snippet('一段没有命中的文字。', terms)).toEqual({ text: '一段没有命中的文字。', marks: [] });
  });

  it('finds the first match deep in a long text, in whatever form, wherever it falls among the stretches looked at', () => {
    for (let lead = 380; lead < 420; lead++) {
      // A traditional form first, across any stretch's end; a plainer match later, whole inside one.
      const text = `${'文'.repeat(lead)}商業秘密${'字'.repeat(10)}PM2${'尾'.repeat(900)}`;
      const cut = snippet(text, terms);
      expect(shown(cut), `lead ${lead}`).toEqual(['商業秘密', 'PM2']);
      expect(cut.text.startsWith('…')).toBe(true);
    }
    const astral = `${'𠀋'.repeat(300)}商业秘密`;
    expect(shown(snippet(astral, terms))).toEqual(['商业秘密']);
  });
});
