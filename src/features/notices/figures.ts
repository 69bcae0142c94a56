import { documentFigures } from '../../document/markdown.js';
import type { Document } from '../../document/model.js';

/** The text fields of a notice that are printed around its table. */
export interface NoticeText {
  title: string;
  salutation: string | null;
  preambleDocument: Document;
  closing: string | null;
  issuer: string;
}

/** Characters of a notice's printed text, whitespace excluded (a Han character counts one); its table is counted in rows. */
export function noticeCharacters(notice: NoticeText): number {
  const plain = [notice.title, notice.salutation, notice.closing, notice.issuer].reduce((sum, s) => sum + (s ? [...s.replace(/\s/gu, '')].length : 0), 0);
  return plain + documentFigures(notice.preambleDocument).characters;
}
