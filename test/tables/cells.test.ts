import { describe, expect, it } from 'vitest';
import {
  COLUMN_TYPES,
  MAX_MONEY_FEN,
  displayCell,
  parseCell,
  type CellValue,
  type Column,
  type ColumnType,
  type RawCell,
} from '../../src/tables/cells.js';
import { checkCharacter } from '../../src/lib/id-card.js';

const column = (type: ColumnType, required = false): Column => ({ key: 'c', label: '列', type, required });

/** The parsed value, failing the test when the cell is rejected. */
const valueOf = (type: ColumnType, raw: RawCell): CellValue => {
  const result = parseCell(column(type), raw);
  if (!result.ok) throw new Error(`expected ${String(raw)} to parse as ${type}: ${result.message}`);
  return result.value;
};

/** The error, failing the test when the cell is accepted. */
const errorOf = (type: ColumnType, raw: RawCell, required = false): { message: string; shown: string } => {
  const result = parseCell(column(type, required), raw);
  if (result.ok) throw new Error(`expected ${String(raw)} to be rejected as ${type}, got ${String(result.value)}`);
  return { message: result.message, shown: result.shown };
};

const fullId = (first17: string): string => `${first17}${checkCharacter(first17)}`;

describe('empty cells', () => {
  it('are null in every optional column', () => {
    for (const type of COLUMN_TYPES) {
      expect(parseCell(column(type), '')).toEqual({ ok: true, value: null });
      expect(parseCell(column(type), '   ')).toEqual({ ok: true, value: null });
      expect(parseCell(column(type), null)).toEqual({ ok: true, value: null });
      expect(parseCell(column(type), undefined)).toEqual({ ok: true, value: null });
    }
  });

  it('are an error in every required column', () => {
    for (const type of COLUMN_TYPES) {
      for (const raw of ['', ' \t', null, undefined]) {
        expect(errorOf(type, raw, true)).toEqual({ message: expect.stringMatching(/is required/), shown: '' });
      }
    }
  });

  it('do not make zero or false count as empty', () => {
    expect(parseCell(column('integer', true), 0)).toEqual({ ok: true, value: 0 });
    expect(parseCell(column('money', true), 0)).toEqual({ ok: true, value: 0 });
    expect(parseCell(column('text', true), false)).toEqual({ ok: true, value: 'FALSE' });
  });
});

describe('text', () => {
  it('trims strings', () => {
    expect(valueOf('text', '  张三 ')).toBe('张三');
  });

  it('keeps full-width characters as written', () => {
    expect(valueOf('text', '东昌府区（北城街道）１号')).toBe('东昌府区（北城街道）１号');
  });

  it('converts numbers, booleans and dates', () => {
    expect(valueOf('text', 42)).toBe('42');
    expect(valueOf('text', 6.5)).toBe('6.5');
    expect(valueOf('text', true)).toBe('TRUE');
    expect(valueOf('text', new Date(Date.UTC(2024, 3, 10)))).toBe('2024-04-10');
  });

  it('allows 2000 characters and rejects 2001, echoing back only the start', () => {
    expect(valueOf('text', '字'.repeat(2000))).toBe('字'.repeat(2000));
    const { message, shown } = errorOf('text', '字'.repeat(2001));
    expect(message).toMatch(/2000/);
    expect(shown).toBe(`${'字'.repeat(100)}…`);
  });

  it('rejects an invalid Date', () => {
    expect(errorOf('text', new Date(Number.NaN)).message).toMatch(/not valid/);
  });

  it('reads a non-integral JS number at 15 significant digits, as a spreadsheet shows it', () => {
    expect(valueOf('text', 0.1 + 0.2)).toBe('0.3');
    expect(valueOf('text', 2394.2600000000007)).toBe('2394.26');
    expect(valueOf('text', Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
  });

  it('refuses an integral JS number beyond the safe range, which has lost digits, showing it redacted', () => {
    const id = fullId('11010119900307451');
    const sent = Number(id);
    expect(String(sent)).not.toBe(id);
    expect(errorOf('text', sent)).toEqual({
      message: 'a number this long has lost digits; send it as text',
      shown: `${String(sent).slice(0, 10)}****${String(sent).slice(-4)}`,
    });
    expect(errorOf('text', Number.MAX_SAFE_INTEGER + 1).message).toMatch(/lost digits/);
    expect(errorOf('text', 1e21).message).toMatch(/lost digits/);
  });

  it('masks a full ID number written in 6-8-4 groups', () => {
    const id = fullId('11010119900307451');
    const masked = `${id.slice(0, 10)}****${id.slice(-4)}`;
    expect(parseCell(column('text'), `号码${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}，声明作废`)).toEqual({
      ok: true,
      value: `号码${masked}，声明作废`,
      masked: true,
    });
    expect(parseCell(column('text'), `号码${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`)).toEqual({
      ok: true,
      value: `号码${masked}`,
      masked: true,
    });
  });

  it('masks a full ID number typed into a text cell, and says so', () => {
    const id = fullId('37252619540305501');
    const result = parseCell(column('text'), `肖凤臣遗失身份证，号码${id}，声明作废。`);
    expect(result).toEqual({ ok: true, value: `肖凤臣遗失身份证，号码${id.slice(0, 10)}****${id.slice(-4)}，声明作废。`, masked: true });
  });

  it('leaves other long numbers in text alone: a wrong check character, or a longer run of digits', () => {
    const id = fullId('37252619540305501');
    const wrong = `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;
    expect(parseCell(column('text'), `账号 ${wrong}`)).toEqual({ ok: true, value: `账号 ${wrong}` });
    expect(parseCell(column('text'), `账号 6${id}`)).toEqual({ ok: true, value: `账号 6${id}` });
  });
});

describe('errors never echo a long number whole', () => {
  it('redacts an ID number shifted into a money column', () => {
    const id = fullId('37252619540305501');
    const { shown } = errorOf('money', id);
    expect(shown).toBe(`${id.slice(0, 10)}****${id.slice(-4)}`);
  });

  it('redacts before cutting to 100 characters, so a cut never leaves a birth date showing', () => {
    const id = fullId('11010119900307451');
    for (let pad = 80; pad <= 99; pad++) {
      const { shown } = errorOf('money', `${'备'.repeat(pad)}${id}`);
      expect(Array.from(shown).length).toBeLessThanOrEqual(101);
      expect(shown).not.toContain(id.slice(10, 14));
      expect(shown).not.toMatch(/\d{11}/);
    }
    expect(errorOf('money', `${'备'.repeat(86)}${id}`).shown).toBe(`${'备'.repeat(86)}${id.slice(0, 10)}****…`);
  });

  it('redacts an ID number written in 6-8-4 groups', () => {
    const id = fullId('11010119900307451');
    expect(errorOf('money', `${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`).shown).toBe(`${id.slice(0, 10)}****${id.slice(-4)}`);
    expect(errorOf('decimal', `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`).shown).toBe(`${id.slice(0, 10)}****${id.slice(-4)}`);
  });
});

describe('characters that cannot be stored', () => {
  it('refuses a NUL character in a string cell of any column, showing it as U+FFFD', () => {
    for (const type of COLUMN_TYPES) {
      expect(errorOf(type, '宋西\0顺')).toEqual({ message: expect.stringMatching(/NUL character/), shown: '宋西\uFFFD顺' });
    }
  });

  it('refuses a lone surrogate, high or low, showing it as U+FFFD', () => {
    expect(errorOf('text', 'a\uD800b')).toEqual({ message: expect.stringMatching(/broken character/), shown: 'a\uFFFDb' });
    expect(errorOf('text', 'a\uDC00')).toEqual({ message: expect.stringMatching(/broken character/), shown: 'a\uFFFD' });
    expect(errorOf('money', '\uDFFF12')).toEqual({ message: expect.stringMatching(/broken character/), shown: '\uFFFD12' });
  });

  it('keeps characters outside the BMP, written as surrogate pairs', () => {
    expect(valueOf('text', '𠀀𪚥')).toBe('𠀀𪚥');
  });

  it('checks the NUL before the length limit, and still redacts what it shows', () => {
    const id = fullId('11010119900307451');
    const { message, shown } = errorOf('text', `${id}\0`);
    expect(message).toMatch(/NUL/);
    expect(shown).toBe(`${id.slice(0, 10)}****${id.slice(-4)}\uFFFD`);
  });
});

describe('integer', () => {
  it('parses digits, a sign and grouping in threes', () => {
    expect(valueOf('integer', '12')).toBe(12);
    expect(valueOf('integer', '-7')).toBe(-7);
    expect(valueOf('integer', '1,234')).toBe(1234);
    expect(valueOf('integer', '1,234,567')).toBe(1234567);
    expect(valueOf('integer', '007')).toBe(7);
  });

  it('reads full-width digits and drops inner spaces', () => {
    expect(valueOf('integer', '１２３')).toBe(123);
    expect(valueOf('integer', '1 234')).toBe(1234);
    expect(valueOf('integer', '１，２３４')).toBe(1234);
  });

  it('turns negative zero into zero', () => {
    expect(Object.is(valueOf('integer', '-0'), 0)).toBe(true);
    expect(Object.is(valueOf('integer', -0), 0)).toBe(true);
  });

  it('accepts integral JS numbers', () => {
    expect(valueOf('integer', 5)).toBe(5);
    expect(valueOf('integer', Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads a JS number with float noise as the whole number a spreadsheet shows', () => {
    expect(0.57 * 100).not.toBe(57);
    expect(valueOf('integer', 0.57 * 100)).toBe(57);
  });

  it('rejects bad grouping, decimals, a plus sign and words', () => {
    expect(errorOf('integer', '1,23').message).toMatch(/whole number/);
    expect(errorOf('integer', '12,3456').message).toMatch(/whole number/);
    expect(errorOf('integer', '1.5').message).toMatch(/whole number/);
    expect(errorOf('integer', '+5').message).toMatch(/whole number/);
    expect(errorOf('integer', '十二').message).toMatch(/whole number/);
    expect(errorOf('integer', '1e3').message).toMatch(/whole number/);
  });

  it('rejects non-integral and unsafe JS numbers, booleans and dates', () => {
    expect(errorOf('integer', 1.5)).toEqual({ message: expect.stringMatching(/whole number/), shown: '1.5' });
    expect(errorOf('integer', Number.MAX_SAFE_INTEGER + 1).message).toMatch(/whole number/);
    expect(errorOf('integer', Number.NaN).message).toMatch(/whole number/);
    expect(errorOf('integer', true)).toEqual({ message: expect.stringMatching(/whole number/), shown: 'TRUE' });
    expect(errorOf('integer', new Date(Date.UTC(2024, 0, 1))).shown).toBe('2024-01-01');
  });

  it('rejects strings beyond the safe-integer range', () => {
    expect(valueOf('integer', '9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(errorOf('integer', '9007199254740992').message).toMatch(/too large/);
  });
});

describe('decimal', () => {
  it('keeps the scale as written and drops grouping and leading zeros', () => {
    expect(valueOf('decimal', '6.5')).toBe('6.5');
    expect(valueOf('decimal', '6.50')).toBe('6.50');
    expect(valueOf('decimal', '-0.25')).toBe('-0.25');
    expect(valueOf('decimal', '1,234.5')).toBe('1234.5');
    expect(valueOf('decimal', '06.5')).toBe('6.5');
    expect(valueOf('decimal', '12')).toBe('12');
  });

  it('reads a leading point as 0.', () => {
    expect(valueOf('decimal', '.5')).toBe('0.5');
    expect(valueOf('decimal', '-.5')).toBe('-0.5');
  });

  it('drops the sign of a zero', () => {
    expect(valueOf('decimal', '-0.00')).toBe('0.00');
  });

  it('reads full-width digits and points', () => {
    expect(valueOf('decimal', '６．５')).toBe('6.5');
  });

  it('reads JS numbers through their literal', () => {
    expect(valueOf('decimal', 6.5)).toBe('6.5');
    expect(valueOf('decimal', -0.25)).toBe('-0.25');
    expect(valueOf('decimal', 3)).toBe('3');
  });

  it('reads non-integral JS numbers at 15 significant digits, dropping float noise', () => {
    expect(valueOf('decimal', 0.1 + 0.2)).toBe('0.3');
    expect(valueOf('decimal', 2394.2600000000007)).toBe('2394.26');
    expect(errorOf('decimal', 1 / 3)).toEqual({ message: expect.stringMatching(/at most 6 digits/), shown: '0.333333*********' });
  });

  it('rejects exponent forms, from strings and from JS numbers', () => {
    expect(errorOf('decimal', '1e5').message).toMatch(/decimal number/);
    expect(errorOf('decimal', 1e21)).toEqual({ message: expect.stringMatching(/decimal number/), shown: '1e+21' });
    expect(errorOf('decimal', 1e-7).message).toMatch(/decimal number/);
  });

  it('allows 6 decimals and rejects 7', () => {
    expect(valueOf('decimal', '0.123456')).toBe('0.123456');
    expect(errorOf('decimal', '0.1234567').message).toMatch(/at most 6 digits after the point/);
    expect(errorOf('decimal', 0.1234567).message).toMatch(/at most 6 digits after the point/);
  });

  it('allows 15 significant digits, what a spreadsheet keeps, and rejects 16', () => {
    expect(valueOf('decimal', '123456789.123456')).toBe('123456789.123456');
    expect(valueOf('decimal', '123456789012345')).toBe('123456789012345');
    expect(valueOf('decimal', '000000000001.5')).toBe('1.5');
    expect(valueOf('decimal', '0.000001')).toBe('0.000001');
    expect(errorOf('decimal', '1234567890.123456').message).toMatch(/15 significant digits/);
    expect(errorOf('decimal', '1234567890123456').message).toMatch(/15 significant digits/);
    expect(errorOf('decimal', 1234567890123456).message).toMatch(/15 significant digits/);
  });

  it('refuses an ID number in a decimal column, showing it redacted', () => {
    const id = fullId('11010119900307451');
    expect(errorOf('decimal', id)).toEqual({
      message: expect.stringMatching(/15 significant digits/),
      shown: `${id.slice(0, 10)}****${id.slice(-4)}`,
    });
    expect(errorOf('decimal', `${id.slice(0, 17)}.5`).shown).not.toContain(id.slice(10, 14));
  });

  it('rejects malformed numbers', () => {
    expect(errorOf('decimal', '1.2.3').message).toMatch(/decimal number/);
    expect(errorOf('decimal', '1,34.5').message).toMatch(/decimal number/);
    expect(errorOf('decimal', '6.').message).toMatch(/decimal number/);
    expect(errorOf('decimal', '.').message).toMatch(/decimal number/);
    expect(errorOf('decimal', '-').message).toMatch(/decimal number/);
    expect(errorOf('decimal', 'abc').message).toMatch(/decimal number/);
    expect(errorOf('decimal', false).message).toMatch(/decimal number/);
  });
});

describe('year', () => {
  it('parses four digits, with or without 年', () => {
    expect(valueOf('year', '2021')).toBe(2021);
    expect(valueOf('year', '2021年')).toBe(2021);
    expect(valueOf('year', '２０２１年')).toBe(2021);
    expect(valueOf('year', 2021)).toBe(2021);
  });

  it('accepts 1900 to 2100 and nothing outside', () => {
    expect(valueOf('year', '1900')).toBe(1900);
    expect(valueOf('year', '2100')).toBe(2100);
    expect(errorOf('year', '1899').message).toMatch(/1900 to 2100/);
    expect(errorOf('year', '2101').message).toMatch(/1900 to 2100/);
  });

  it('rejects other shapes', () => {
    expect(errorOf('year', '21').message).toMatch(/year/);
    expect(errorOf('year', '2021-01').message).toMatch(/year/);
    expect(errorOf('year', '年2021').message).toMatch(/year/);
    expect(errorOf('year', 2021.5).message).toMatch(/year/);
    expect(errorOf('year', new Date(Date.UTC(2021, 0, 1))).message).toMatch(/year/);
  });
});

describe('date', () => {
  it('parses the written forms into YYYY-MM-DD', () => {
    expect(valueOf('date', '2024-04-10')).toBe('2024-04-10');
    expect(valueOf('date', '2024/4/10')).toBe('2024-04-10');
    expect(valueOf('date', '2024.4.10')).toBe('2024-04-10');
    expect(valueOf('date', '2024年4月10日')).toBe('2024-04-10');
    expect(valueOf('date', '２０２４年４月１０日')).toBe('2024-04-10');
    expect(valueOf('date', '2024 年 4 月 10 日')).toBe('2024-04-10');
  });

  it('takes a JS Date by its UTC day', () => {
    expect(valueOf('date', new Date(Date.UTC(2024, 3, 10)))).toBe('2024-04-10');
    expect(valueOf('date', new Date(Date.UTC(2024, 3, 10, 23, 59)))).toBe('2024-04-10');
  });

  it('rejects days that do not exist', () => {
    expect(errorOf('date', '2023-02-29').message).toMatch(/does not exist/);
    expect(errorOf('date', '2024/13/1').message).toMatch(/does not exist/);
    expect(errorOf('date', '2024年4月31日').message).toMatch(/does not exist/);
    expect(errorOf('date', '2024-04-00').message).toMatch(/does not exist/);
    expect(valueOf('date', '2024-02-29')).toBe('2024-02-29');
  });

  it('rejects mixed separators and other shapes', () => {
    expect(errorOf('date', '2024-4/10').message).toMatch(/expected a date/);
    expect(errorOf('date', '10/4/2024').message).toMatch(/expected a date/);
    expect(errorOf('date', '2024年4月').message).toMatch(/expected a date/);
    expect(errorOf('date', 45392).message).toMatch(/expected a date/);
    expect(errorOf('date', new Date(Number.NaN)).message).toMatch(/expected a date/);
  });
});

describe('money', () => {
  it('stores yuan as integer fen', () => {
    expect(valueOf('money', '141.55')).toBe(14155);
    expect(valueOf('money', '400')).toBe(40000);
    expect(valueOf('money', '312.5')).toBe(31250);
    expect(valueOf('money', '1,343.86')).toBe(134386);
    expect(valueOf('money', '0')).toBe(0);
  });

  it('strips a leading currency sign and a trailing 元', () => {
    expect(valueOf('money', '¥12.30')).toBe(1230);
    expect(valueOf('money', '￥12.30')).toBe(1230);
    expect(valueOf('money', '12元')).toBe(1200);
    expect(valueOf('money', '12.30 元')).toBe(1230);
  });

  it('reads full-width digits and inner spaces', () => {
    expect(valueOf('money', '１，３４３．８６')).toBe(134386);
    expect(valueOf('money', '1 343.86')).toBe(134386);
  });

  it('reads JS numbers through their literal, never float arithmetic', () => {
    expect(valueOf('money', 141.55)).toBe(14155);
    expect(valueOf('money', 312.5)).toBe(31250);
    expect(valueOf('money', 1.15)).toBe(115);
    expect(valueOf('money', 400)).toBe(40000);
  });

  it('reads non-integral JS numbers at 15 significant digits, as a spreadsheet shows them', () => {
    expect(valueOf('money', 0.1 + 0.2)).toBe(30);
    expect(valueOf('money', 1.1 * 3)).toBe(330);
  });

  it('accepts a stated total as an XLSX =SUM() stores it, float noise and all', () => {
    const sum = 2394.2600000000007;
    expect(sum.toFixed(2)).toBe('2394.26');
    expect(valueOf('money', sum)).toBe(239426);
    const amounts = [141.55, 98.2, 76.8, 300.39, 1777.32];
    const total = amounts.reduce((a, b) => a + b, 0);
    expect(valueOf('money', total)).toBe(amounts.reduce((fen, a) => fen + (valueOf('money', a) as number), 0));
  });

  it('rejects more than two decimals', () => {
    expect(errorOf('money', '12.345')).toEqual({ message: expect.stringMatching(/at most 2 decimal/), shown: '12.345' });
    expect(errorOf('money', 12.345)).toEqual({ message: expect.stringMatching(/at most 2 decimal/), shown: '12.345' });
    expect(errorOf('money', 0.001).message).toMatch(/at most 2 decimal/);
  });

  it('rejects negatives', () => {
    expect(errorOf('money', '-5')).toEqual({ message: expect.stringMatching(/negative/), shown: '-5' });
    expect(errorOf('money', -5).message).toMatch(/negative/);
    expect(errorOf('money', '-¥5').message).toMatch(/negative/);
  });

  it('rejects malformed amounts and exponent forms', () => {
    expect(errorOf('money', '1.2.3').message).toMatch(/amount in yuan/);
    expect(errorOf('money', '1,34.5').message).toMatch(/amount in yuan/);
    expect(errorOf('money', '1e3').message).toMatch(/amount in yuan/);
    expect(errorOf('money', 1e21).message).toMatch(/amount in yuan/);
    expect(errorOf('money', '12美元').message).toMatch(/amount in yuan/);
    expect(errorOf('money', true).message).toMatch(/amount in yuan/);
  });

  it('rejects an empty amount when required', () => {
    expect(errorOf('money', '', true).message).toMatch(/is required/);
  });

  it('caps a cell at MAX_MONEY_FEN, 10 billion yuan', () => {
    expect(MAX_MONEY_FEN).toBe(1e12);
    expect(valueOf('money', '10,000,000,000')).toBe(MAX_MONEY_FEN);
    expect(errorOf('money', '10000000000.01').message).toMatch(/may not exceed 10,000,000,000.00 yuan/);
    expect(errorOf('money', '99999999999999999999999').message).toMatch(/may not exceed/);
  });
});

describe('id_cn', () => {
  const full = '11010519491231002X';

  it('masks a full number and flags it', () => {
    expect(parseCell(column('id_cn'), full)).toEqual({ ok: true, value: '1101051949****002X', masked: true });
    expect(parseCell(column('id_cn'), '440524188001010014')).toEqual({
      ok: true,
      value: '4405241880****0014',
      masked: true,
    });
  });

  it('keeps a masked number without the flag', () => {
    expect(parseCell(column('id_cn'), '3725011966****4816')).toEqual({ ok: true, value: '3725011966****4816' });
    expect(parseCell(column('id_cn'), ' 3725261954****501x ')).toEqual({ ok: true, value: '3725261954****501X' });
  });

  it('rejects a wrong check character, showing only the redacted form', () => {
    expect(errorOf('id_cn', '110105194912310021')).toEqual({
      message: expect.stringMatching(/check character is wrong/),
      shown: '1101051949****0021',
    });
  });

  it('rejects other masking styles', () => {
    expect(errorOf('id_cn', '372501********4816')).toEqual({
      message: expect.stringMatching(/masking is not accepted/),
      shown: '372501********4816',
    });
  });

  it('rejects a JS number, whose digits a spreadsheet has rounded', () => {
    const spreadsheetNumber = Number('372501196612124816');
    expect(String(spreadsheetNumber)).toBe('372501196612124800');
    expect(errorOf('id_cn', spreadsheetNumber)).toEqual({
      message: 'ID numbers must be text cells: a spreadsheet number loses digits',
      shown: '3725011966****4800',
    });
  });

  it('rejects booleans and dates', () => {
    expect(errorOf('id_cn', true).message).toMatch(/ID number as text/);
    expect(errorOf('id_cn', new Date(Date.UTC(1966, 11, 12))).message).toMatch(/ID number as text/);
  });

  it('never echoes a full 18-character number in a message or shown', () => {
    const rejected = [
      '110105194912310021',
      fullId('11010519490230002'),
      '1101051949123100X2',
      '1101051949123100201',
      ' 110105194912310021 ',
    ];
    for (const raw of rejected) {
      const { message, shown } = errorOf('id_cn', raw);
      for (const text of [message, shown]) {
        expect(text).not.toContain(raw.trim());
        expect(text).not.toMatch(/\d{15}/);
      }
    }
  });
});

describe('phone', () => {
  it('normalises mobiles to 11 digits', () => {
    expect(valueOf('phone', '13812345678')).toBe('13812345678');
    expect(valueOf('phone', '138-1234-5678')).toBe('13812345678');
    expect(valueOf('phone', '138 1234 5678')).toBe('13812345678');
    expect(valueOf('phone', '+86 138 1234 5678')).toBe('13812345678');
    expect(valueOf('phone', '+86-13812345678')).toBe('13812345678');
    expect(valueOf('phone', '8613812345678')).toBe('13812345678');
    expect(valueOf('phone', '１３８１２３４５６７８')).toBe('13812345678');
    expect(valueOf('phone', 13812345678)).toBe('13812345678');
  });

  it('normalises landlines to area code, hyphen, number', () => {
    expect(valueOf('phone', '0635-8242056')).toBe('0635-8242056');
    expect(valueOf('phone', '(0635)8242056')).toBe('0635-8242056');
    expect(valueOf('phone', '（0635）8242056')).toBe('0635-8242056');
    expect(valueOf('phone', '0635 8242056')).toBe('0635-8242056');
    expect(valueOf('phone', '06358242056')).toBe('0635-8242056');
    expect(valueOf('phone', '0635-82420561')).toBe('0635-82420561');
  });

  it('takes 3-digit area codes for 010 and 02x', () => {
    expect(valueOf('phone', '01065123456')).toBe('010-65123456');
    expect(valueOf('phone', '(010)65123456')).toBe('010-65123456');
    expect(valueOf('phone', '021-62345678')).toBe('021-62345678');
  });

  it('appends extensions with a hyphen', () => {
    expect(valueOf('phone', '0635-8242056-123')).toBe('0635-8242056-123');
    expect(valueOf('phone', '0635-8242056转123')).toBe('0635-8242056-123');
    expect(valueOf('phone', '0635-8242056 转 123')).toBe('0635-8242056-123');
    expect(valueOf('phone', '0635-8242056分机123')).toBe('0635-8242056-123');
    expect(valueOf('phone', '0635-8242056 ext. 123')).toBe('0635-8242056-123');
    expect(valueOf('phone', '400-810-8888转1')).toBe('400-810-8888-1');
  });

  it('accepts service numbers and 400/800 numbers', () => {
    expect(valueOf('phone', '95518')).toBe('95518');
    expect(valueOf('phone', '12345')).toBe('12345');
    expect(valueOf('phone', '400-810-8888')).toBe('400-810-8888');
    expect(valueOf('phone', '4008108888')).toBe('400-810-8888');
    expect(valueOf('phone', '800 810 8888')).toBe('800-810-8888');
  });

  it('accepts a bare local number of 7 or 8 digits', () => {
    expect(valueOf('phone', '8242056')).toBe('8242056');
    expect(valueOf('phone', '82420561')).toBe('82420561');
  });

  it('rejects numbers of the wrong length or shape', () => {
    const expected = /Chinese phone number/;
    expect(errorOf('phone', '1381234567').message).toMatch(expected);
    expect(errorOf('phone', '138123456789').message).toMatch(expected);
    expect(errorOf('phone', '12812345678').message).toMatch(expected);
    expect(errorOf('phone', '824205').message).toMatch(expected);
    expect(errorOf('phone', '0635-1242056').message).toMatch(expected);
    expect(errorOf('phone', '13812345678-123').message).toMatch(expected);
    expect(errorOf('phone', '13812345678转123').message).toMatch(expected);
  });

  it('rejects foreign numbers, letters and stray separators', () => {
    const expected = /Chinese phone number/;
    expect(errorOf('phone', '+1 212 555 0100').message).toMatch(expected);
    expect(errorOf('phone', '+86 0635 8242056').message).toMatch(expected);
    expect(errorOf('phone', 'tel 13812345678').message).toMatch(expected);
    expect(errorOf('phone', '138.1234.5678').message).toMatch(expected);
    expect(errorOf('phone', '-13812345678').message).toMatch(expected);
    expect(errorOf('phone', true).message).toMatch(expected);
    expect(errorOf('phone', '1'.repeat(41)).message).toMatch(expected);
  });
});

describe('displayCell', () => {
  it('prints money as yuan with two decimals and grouping', () => {
    expect(displayCell('money', 14155)).toBe('141.55');
    expect(displayCell('money', 7680)).toBe('76.80');
    expect(displayCell('money', 134386)).toBe('1,343.86');
    expect(displayCell('money', 0)).toBe('0.00');
    expect(displayCell('money', 5)).toBe('0.05');
    expect(displayCell('money', 100000000)).toBe('1,000,000.00');
    expect(displayCell('money', MAX_MONEY_FEN)).toBe('10,000,000,000.00');
  });

  it('prints integers and years without grouping', () => {
    expect(displayCell('integer', 1234567)).toBe('1234567');
    expect(displayCell('year', 2021)).toBe('2021');
  });

  it('prints stored strings as they are', () => {
    expect(displayCell('text', '张三')).toBe('张三');
    expect(displayCell('decimal', '6.50')).toBe('6.50');
    expect(displayCell('date', '2024-04-10')).toBe('2024-04-10');
    expect(displayCell('id_cn', '3725011966****4816')).toBe('3725011966****4816');
    expect(displayCell('phone', '0635-8242056')).toBe('0635-8242056');
  });

  it('prints null as an empty string for every type', () => {
    for (const type of COLUMN_TYPES) expect(displayCell(type, null)).toBe('');
  });

  it('round-trips parsed money', () => {
    for (const raw of ['141.55', '400', '312.5', '1,343.86', '0']) {
      const result = parseCell(column('money'), raw);
      expect(result.ok && displayCell('money', result.value)).toBe(
        { '141.55': '141.55', '400': '400.00', '312.5': '312.50', '1,343.86': '1,343.86', '0': '0.00' }[raw],
      );
    }
  });
});
