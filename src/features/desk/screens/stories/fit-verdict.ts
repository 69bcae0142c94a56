import { chineseDate } from '../../../../lib/chinese-dates.js';
import type { DraftFit } from '../../../print/schemas.js';
import { fitState, type FitState } from '../../words.js';

/** A copy-fit in words: the state, a short verdict (its colour is never the only sign), and where it was measured. */
export interface FitVerdict {
  state: FitState;
  text: string;
  detail: string;
}

/** No measure for now: the print pool is busy with other work. */
export const FIT_BUSY: FitVerdict = { state: 'none', text: '排版服务忙，暂时无法计算', detail: '稍后继续输入时会再试。' };

/** No measure: print cannot read the draft as it stands (a credit naming no one, say); saving says what is wrong. */
export const FIT_UNREADABLE: FitVerdict = { state: 'none', text: '暂时无法计算', detail: '请先改正署名等内容中的错误。' };

/** The verdict on a measured draft: against its page's space when placed, else its galley length. */
export function fitVerdict(fit: DraftFit): FitVerdict {
  const measure = `每行 ${fit.charactersPerLine} 字`;
  const p = fit.placement;
  if (!p) {
    return {
      state: 'none',
      text: `未上版：正文 ${fit.linesNeeded} 行，标题区 ${fit.headLines} 行`,
      detail: `按单栏计（${measure}），共 ${fit.linesNeeded + fit.headLines} 行。`,
    };
  }
  const where = `${chineseDate(p.date)} ${p.label} 版（${p.pageName}），占 ${p.columns} 栏：版面可容正文 ${p.linesAvailable} 行，需 ${fit.linesNeeded} 行（${measure}）。`;
  const state = fitState(p.overLines);
  if (state === 'over') return { state, text: `超出 ${p.overLines} 行，约需删 ${p.overCharacters} 字`, detail: where };
  if (state === 'under') return { state, text: `不足 ${-p.overLines} 行，约可再写 ${-p.overCharacters} 字`, detail: where };
  return { state, text: p.overLines === 0 ? '正好排满' : `合适（余 ${-p.overLines} 行）`, detail: where };
}
