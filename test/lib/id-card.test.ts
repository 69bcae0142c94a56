import { describe, expect, it } from 'vitest';
import { MASK_PATTERN, checkCharacter, isMaskedId, maskId, maskIdsInText, parseIdNumber, redactId, redactIdsInText } from '../../src/lib/id-card.js';

/** A full number with a correct check character, built from its first 17 digits. */
const full = (first17: string): string => `${first17}${checkCharacter(first17)}`;

/** The same number with a check character that is certainly wrong. */
const wrongCheck = (first17: string): string => `${first17}${checkCharacter(first17) === '0' ? '1' : '0'}`;

const parseError = (raw: string): string => {
  const result = parseIdNumber(raw);
  if (result.ok) throw new Error('expected the ID number to be rejected');
  return result.message;
};

describe('checkCharacter', () => {
  it('computes the check characters of published valid numbers', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('44052418800101001')).toBe('4');
  });

  it('maps the weighted sum mod 11 onto 1 0 X 9 8 7 6 5 4 3 2', () => {
    // Sum 0 → remainder 0.
    expect(checkCharacter('00000000000000000')).toBe('1');
    // 8 × weight 7 = 56 → remainder 1.
    expect(checkCharacter('80000000000000000')).toBe('0');
    // 1 × the last weight 2 → remainder 2.
    expect(checkCharacter('00000000000000001')).toBe('X');
    // 1 × weight 7 → remainder 7.
    expect(checkCharacter('10000000000000000')).toBe('5');
  });

  it('refuses anything but 17 digits', () => {
    expect(() => checkCharacter('1101051949123100')).toThrow(RangeError);
    expect(() => checkCharacter('1101051949123100A')).toThrow(RangeError);
  });
});

describe('isMaskedId and MASK_PATTERN', () => {
  it('accepts the masked form the notices print', () => {
    expect(isMaskedId('3725011966****4816')).toBe(true);
    expect(isMaskedId('3725261954****501X')).toBe(true);
    expect(MASK_PATTERN.test('3725011966****4816')).toBe(true);
  });

  it('rejects other masking styles, lengths and a lowercase x', () => {
    expect(isMaskedId('372501********4816')).toBe(false);
    expect(isMaskedId('3725011966***4816')).toBe(false);
    expect(isMaskedId('3725011966*****816')).toBe(false);
    expect(isMaskedId('3725261954****501x')).toBe(false);
    expect(isMaskedId('3725261954****X501')).toBe(false);
    expect(isMaskedId('372501196612124816')).toBe(false);
  });
});

describe('maskId', () => {
  it('keeps the first 10 and last 4 characters', () => {
    expect(maskId('11010519491231002X')).toBe('1101051949****002X');
    expect(maskId('440524188001010014')).toBe('4405241880****0014');
  });

  it('refuses a value that is not 18 characters', () => {
    expect(() => maskId('110105194912310')).toThrow(RangeError);
  });
});

describe('redactId', () => {
  it('shows an 18-character number in its masked form', () => {
    expect(redactId('372501196612124816')).toBe('3725011966****4816');
  });

  it('shows the first 10 and last 4 of anything of 18 or more characters, starring the rest', () => {
    expect(redactId('12345678901234567890')).toBe('1234567890******7890');
    expect(redactId('1234567890123456789')).toBe('1234567890*****6789');
  });

  it('shows only the first 6 of 10 to 17 characters', () => {
    expect(redactId('12345678901234567')).toBe('123456***********');
    expect(redactId('12345678901234')).toBe('123456********');
    expect(redactId('1234567890')).toBe('123456****');
  });

  it('never shows the birth date of a number with a digit or more missing', () => {
    const id = full('11010119900307451');
    for (let length = 14; length <= 17; length++) {
      expect(redactId(id.slice(0, length))).not.toContain('19900307');
      expect(redactId(id.slice(18 - length))).not.toContain('19900307');
    }
    expect(redactId(id.slice(0, 17))).toBe('110101***********');
    expect(redactId(id.slice(0, 14))).toBe('110101********');
  });

  it('stars out values of fewer than 10 characters entirely', () => {
    expect(redactId('123456789')).toBe('*********');
    expect(redactId('abc')).toBe('***');
    expect(redactId('')).toBe('');
  });

  it('ignores surrounding whitespace', () => {
    expect(redactId('  372501196612124816 ')).toBe('3725011966****4816');
  });

  it('never returns more than 14 characters of the original', () => {
    const long = '9'.repeat(40);
    expect(redactId(long).replaceAll('*', '')).toHaveLength(14);
  });
});

describe('parseIdNumber', () => {
  it('accepts and masks the published valid examples', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({ ok: true, value: '1101051949****002X', masked: true });
    expect(parseIdNumber('440524188001010014')).toEqual({ ok: true, value: '4405241880****0014', masked: true });
  });

  it('accepts a number built with checkCharacter', () => {
    const id = full('37250119661212481');
    expect(parseIdNumber(id)).toEqual({ ok: true, value: `3725011966****${id.slice(-4)}`, masked: true });
  });

  it('rejects a published example with a wrong check character', () => {
    expect(parseError('110105194912310021')).toMatch(/^the check character is wrong/);
    expect(parseError('440524188001010015')).toMatch(/^the check character is wrong/);
  });

  it('rejects a built number with a wrong check character', () => {
    expect(parseError(wrongCheck('37250119661212481'))).toMatch(/^the check character is wrong/);
  });

  it('keeps a masked number as it is, without flagging it as masked here', () => {
    expect(parseIdNumber('3725011966****4816')).toEqual({ ok: true, value: '3725011966****4816', masked: false });
    expect(parseIdNumber('3725261954****501X')).toEqual({ ok: true, value: '3725261954****501X', masked: false });
  });

  it('upper-cases a final x, in full and masked numbers', () => {
    expect(parseIdNumber('11010519491231002x')).toEqual({ ok: true, value: '1101051949****002X', masked: true });
    expect(parseIdNumber('3725261954****501x')).toEqual({ ok: true, value: '3725261954****501X', masked: false });
  });

  it('trims surrounding whitespace', () => {
    expect(parseIdNumber('  11010519491231002X\t')).toEqual({ ok: true, value: '1101051949****002X', masked: true });
  });

  it('reads full-width digits, asterisks and X', () => {
    expect(parseIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toEqual({
      ok: true,
      value: '1101051949****002X',
      masked: true,
    });
    expect(parseIdNumber('３７２５０１１９６６＊＊＊＊４８１６')).toEqual({
      ok: true,
      value: '3725011966****4816',
      masked: false,
    });
  });

  it('rejects a birth date that does not exist, even with a right check character', () => {
    expect(parseError(full('11010519490230002'))).toMatch(/birth date/);
    expect(parseError(full('11010519491301002'))).toMatch(/birth date/);
    expect(parseError(full('11010519490100002'))).toMatch(/birth date/);
  });

  it('accepts 29 February only in a leap year', () => {
    expect(parseIdNumber(full('11010520000229002')).ok).toBe(true);
    expect(parseError(full('11010519000229002'))).toMatch(/birth date/);
  });

  it('rejects other masking styles', () => {
    expect(parseError('372501********4816')).toMatch(/masking is not accepted/);
    expect(parseError('3725011966**4816')).toMatch(/masking is not accepted/);
  });

  it('rejects letters and an X anywhere but last', () => {
    expect(parseError('11010519491231002A')).toMatch(/only digits/);
    expect(parseError('1101051949123100X2')).toMatch(/only digits/);
    expect(parseError('ID 11010519491231002X')).toMatch(/only digits/);
  });

  it('rejects first-generation 15-digit numbers', () => {
    expect(parseError('110105491231002')).toMatch(/15-digit/);
  });

  it('rejects the wrong number of digits, saying 18 are expected', () => {
    expect(parseError('1101051949123100')).toMatch(/18 characters, not 16/);
    expect(parseError('1101051949123100201')).toMatch(/18 characters, not 19/);
  });

  it('rejects an empty value', () => {
    expect(parseError('   ')).toMatch(/empty/);
  });

  it('never quotes the input in an error message', () => {
    const rejected = [
      '110105194912310021',
      wrongCheck('37250119661212481'),
      full('11010519490230002'),
      '11010519491231002A',
      '1101051949123100201',
      '372501********4816',
      '110105491231002',
    ];
    for (const raw of rejected) {
      const message = parseError(raw);
      expect(message).not.toContain(raw);
      expect(message).not.toContain(raw.slice(0, 14));
    }
  });
});

describe('ID numbers inside free text', () => {
  it('masks each full number with a valid check character and birth date, and counts them', () => {
    const a = full('11010519491231002');
    const b = full('44052418800101001');
    expect(maskIdsInText(`甲 ${a}；乙 ${b}。`)).toEqual({ text: `甲 ${maskId(a)}；乙 ${maskId(b)}。`, count: 2 });
  });

  it('masks a number written in 6-8-4 groups, replacing the whole match with the masked form', () => {
    const id = full('11010119900307451');
    const [region, birth, rest] = [id.slice(0, 6), id.slice(6, 14), id.slice(14)];
    expect(maskIdsInText(`号码${region} ${birth} ${rest}，声明作废`)).toEqual({ text: `号码${maskId(id)}，声明作废`, count: 1 });
    expect(maskIdsInText(`号码 ${region}-${birth}-${rest}。`)).toEqual({ text: `号码 ${maskId(id)}。`, count: 1 });
    const wide = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(maskIdsInText(`号码${wide(region)} ${wide(birth)} ${wide(rest)}`)).toEqual({ text: `号码${maskId(id)}`, count: 1 });
  });

  it('masks a grouped number with a final x', () => {
    const id = full('11010519491231002');
    expect(id.endsWith('X')).toBe(true);
    expect(maskIdsInText(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14, 17)}x`)).toEqual({ text: maskId(id), count: 1 });
  });

  it('leaves grouped numbers that are not valid ID numbers, or are part of longer groups', () => {
    const id = full('11010119900307451');
    const wrong = wrongCheck('11010119900307451');
    expect(maskIdsInText(`${wrong.slice(0, 6)} ${wrong.slice(6, 14)} ${wrong.slice(14)}`).count).toBe(0);
    expect(maskIdsInText(`${id.slice(0, 6)}  ${id.slice(6, 14)}  ${id.slice(14)}`).count).toBe(0);
    expect(maskIdsInText(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}5`).count).toBe(0);
    expect(maskIdsInText(`9${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`).count).toBe(0);
    const badDate = full('11010119901307451');
    expect(maskIdsInText(`${badDate.slice(0, 6)} ${badDate.slice(6, 14)} ${badDate.slice(14)}`).count).toBe(0);
  });

  it('leaves numbers that are not ID numbers', () => {
    expect(maskIdsInText(`编号 ${wrongCheck('11010519491231002')}`).count).toBe(0);
    expect(maskIdsInText(`账号 6222${full('11010519491231002')}`).count).toBe(0);
    expect(maskIdsInText('电话 0635-8242056').count).toBe(0);
  });

  it('redacts any run of 14 or more digits for echoing, keeping shorter numbers', () => {
    const id = full('11010519491231002');
    expect(redactIdsInText(`row 1 reads: 1, 肖凤臣, ${id}, 300.39`)).toBe(`row 1 reads: 1, 肖凤臣, ${maskId(id)}, 300.39`);
    expect(redactIdsInText('6222020200112233445')).not.toMatch(/\d{11}/);
    expect(redactIdsInText('0635-8242056 2024')).toBe('0635-8242056 2024');
  });

  it('redacts a run of 14 to 17 digits to its first 6', () => {
    expect(redactIdsInText('金额 12345678901234')).toBe('金额 123456********');
    expect(redactIdsInText('12345678901234567 元')).toBe('123456*********** 元');
  });

  it('redacts a number written in 6-8-4 groups as one run, valid or not', () => {
    const id = full('11010119900307451');
    const wrong = wrongCheck('11010119900307451');
    expect(redactIdsInText(`号码 ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`)).toBe(`号码 ${maskId(id)}`);
    expect(redactIdsInText(`${wrong.slice(0, 6)}-${wrong.slice(6, 14)}-${wrong.slice(14)}`)).toBe(maskId(wrong));
  });
});
