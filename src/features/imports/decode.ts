/** The body of a page import as text: decoded, checked to be text and not binary data, never empty. */
import { BadRequest, UnsupportedMediaType } from '../../errors.js';

const GB_CHARSETS = /^(gb18030|gbk|gb2312)$/i;
/** C0 control characters no text page holds (tab, line feed, form feed and return are text). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/u;

/** The page's text from the body: UTF-8 (a BOM is fine) or, when the charset says so, GB18030. */
export function pageText(body: Buffer, contentType: string): string {
  if (body.length === 0) throw new BadRequest('The page is empty: send its text as the body');
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1] ?? 'utf-8';
  let text: string;
  if (/^utf-?8$/i.test(charset)) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw new BadRequest(
        body.includes(0) ? 'The body is binary data, not the text of a page' : 'The page is not valid UTF-8; if it is GB18030 text, say so with charset=gb18030',
      );
    }
  } else if (GB_CHARSETS.test(charset)) {
    text = new TextDecoder('gb18030').decode(body);
  } else {
    throw new UnsupportedMediaType(`Send the page as UTF-8 or GB18030 text, not ${charset}`);
  }
  const control = CONTROL.exec(text);
  if (control) {
    const line = text.slice(0, control.index).split('\n').length;
    throw new BadRequest(`The body is binary data, not the text of a page: a control character (U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) on line ${line}`);
  }
  if (!text.isWellFormed()) throw new BadRequest('The page holds a lone surrogate and cannot be stored');
  text = text.replace(/^\uFEFF/u, '').replace(/\f/gu, '\n');
  if (text.trim() === '') throw new BadRequest('The page is empty: it holds only blank lines');
  return text;
}
