import { describe, expect, it } from 'vitest';
import { creditCodeCheck, findCreditCodes, isValidCreditCode } from '../../src/lib/credit-code.js';

describe('unified social credit codes (GB 32100)', () => {
  it('computes the check character over the 31-character alphabet', () => {
    // 9·1 + 1·3 + 3·9 + 7·27 + 1·19 + 5·26 + 0·16 + 2·17 + 21(M)·20 + 10(A)·29 + 3·25 + 12(C)·13 + 8·8 + 19(K)·24 + 2·10 + 24(Q)·30 + 7·28
    // = 2808; 2808 mod 31 = 18; 31 − 18 = 13, the alphabet's D.
    expect(creditCodeCheck('91371502MA3C8K2Q7')).toBe('D');
    expect(isValidCreditCode('91371502MA3C8K2Q7D')).toBe(true);
    expect(isValidCreditCode('91371502MA3C8K2Q7N')).toBe(false);
  });

  it('gives 0 where the remainder is 0, and refuses characters no code is written with', () => {
    const first16 = '9137150000000000';
    const zero = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].map((c) => first16 + c).find((first17) => creditCodeCheck(first17) === '0');
    expect(zero).toBeDefined();
    expect(isValidCreditCode(`${zero}0`)).toBe(true);
    for (const bad of ['91371502MA3C8K2QI', '91371502MA3C8K2QO', '91371502ma3c8k2q7', '91371502MA3C8K2Q']) expect(creditCodeCheck(bad)).toBeNull();
  });

  it('finds codes in a notice’s text: labelled ones of any length, unlabelled ones by their letters', () => {
    const text = '聊城市某公司（统一社会信用代码：91371502MA3C8K2Q7D）与另一公司（信用代码91371502MA3C8K2Q7）合并；账号6222021234567890123，身份证号码371502199001011234。另有91371502MA3C8K2Q7N。';
    expect(findCreditCodes(text).map(({ code, valid, expected }) => ({ code, valid, expected }))).toEqual([
      { code: '91371502MA3C8K2Q7D', valid: true, expected: 'D' },
      { code: '91371502MA3C8K2Q7', valid: false, expected: null },
      { code: '91371502MA3C8K2Q7N', valid: false, expected: 'D' },
    ]);
  });
});
