/**
 * Copy-fit in the desk's words: the story editor and the flatplan call a fit alike, from the
 * same rule (over by a line is over; short by up to two lines still fits; more is a hole).
 */
import { describe, expect, test } from 'vitest';
import { fitWords } from '../../src/features/desk/screens/editions/words.js';
import { fitVerdict } from '../../src/features/desk/screens/stories/fit-verdict.js';
import { fitState } from '../../src/features/desk/words.js';

const placed = (overLines: number) => ({
  grid: 'broadsheet-8' as const,
  charactersPerLine: 13,
  linesNeeded: 100 + overLines,
  headLines: 5,
  placement: { date: '2024-04-11', label: 'A03', pageName: '聊城新闻', columns: 2, linesAvailable: 100, overLines, overCharacters: overLines * 13, fits: overLines <= 0 },
});
const onPlan = (overLines: number) => ({ fit: { overLines, overCharacters: overLines * 13 } }) as Parameters<typeof fitWords>[0];

describe('a fit in the desk’s words', () => {
  test('over by one line is over, short by two still fits, short by three is under', () => {
    expect([1, 0, -1, -2, -3].map(fitState)).toEqual(['over', 'ok', 'ok', 'ok', 'under']);
  });

  test('the editor and the flatplan give every measure the same state', () => {
    for (const over of [12, 1, 0, -1, -2, -3, -40]) expect(fitWords(onPlan(over)).key).toBe(fitVerdict(placed(over)).state);
    expect(fitWords(onPlan(-1)).words).toBe('合适（余 1 行）');
    expect(fitVerdict(placed(-1)).text).toBe('合适（余 1 行）');
    expect(fitWords(onPlan(-5)).words).toBe('不足 5 行（还可加约 65 字）');
    expect(fitWords({ fit: null } as Parameters<typeof fitWords>[0])).toEqual({ key: 'none', words: '暂无法计算' });
  });
});
