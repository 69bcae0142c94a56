/**
 * The page a desk form gives: pasted into the box or uploaded as a file, read as the API reads
 * a page's body (`pageText`), except that a file need not say its encoding: bytes that are not
 * UTF-8 are read as GB18030, as the newsroom's older systems save text.
 */
import { BadRequest, UnsupportedMediaType } from '../../../../errors.js';
import { pageText } from '../../../imports/decode.js';
import { field } from '../../forms.js';
import type { PageFormat } from './words.js';

/** A file as this area's multipart parsing leaves it in the body. */
export interface UploadedPage {
  filename: string;
  data: Buffer;
}

/** What the start form was given, kept to show it again when it is refused. */
export interface PageSource {
  text: string;
  /** `auto`: from the file's name, plain text for a paste. */
  format: PageFormat | 'auto';
}

export interface PostedPage {
  text: string;
  format: PageFormat;
  /** The uploaded file's name, when the page came as a file. */
  filename: string | null;
}

const TEXT_FILE = /\.(txt|text|md|markdown)$/i;
const MARKDOWN_FILE = /\.(md|markdown)$/i;

function isUpload(value: unknown): value is UploadedPage {
  return !!value && typeof value === 'object' && Buffer.isBuffer((value as UploadedPage).data);
}

/** The format field: one of the two, or `auto` for anything else. */
export function formatField(body: unknown): PageFormat | 'auto' {
  const value = field(body, 'format');
  return value === 'plain' || value === 'markdown' ? value : 'auto';
}

/** The page's text from a form's box: line ends as the service keeps them; checked as a body is. */
export function boxText(body: unknown, name = 'text'): string {
  return (field(body, name) ?? '').replace(/\r\n?/g, '\n');
}

/** Says the reader's refusal of the bytes in the desk's words. */
function decodeWords(error: BadRequest, filename: string | null): string {
  const what = filename ? '文件' : '粘贴的文字';
  if (/is empty/.test(error.message)) return `${what}是空的。`;
  if (/binary data/.test(error.message)) return filename ? '这个文件不是纯文本（可能是 Word、PDF 或图片）：请在原软件里另存为 .txt 再上传。' : '粘贴的文字里有无法保存的控制字符，请检查后重试。';
  if (/lone surrogate/.test(error.message)) return `${what}里有残缺的字符，无法保存。`;
  return `${what}读不出来：${error.message}`;
}

/** Reads a file's bytes: UTF-8 (with or without a BOM), else GB18030. */
function fileText(data: Buffer): string {
  try {
    return pageText(data, 'text/plain; charset=utf-8');
  } catch (error) {
    if (!(error instanceof BadRequest) || !/not valid UTF-8/.test(error.message)) throw error;
    return pageText(data, 'text/plain; charset=gb18030');
  }
}

/**
 * The page of the start form (or of the preview's edit box): the file when one was chosen,
 * else the box's text. Throws BadRequest (or 415 for a file of another kind) in Chinese.
 */
export function postedPage(body: unknown): PostedPage {
  const upload = (body as Record<string, unknown> | undefined)?.file;
  const chosen = formatField(body);
  if (isUpload(upload) && (upload.data.length > 0 || upload.filename)) {
    const filename = upload.filename;
    if (!TEXT_FILE.test(filename)) throw new UnsupportedMediaType('只收 .txt 或 .md 文本文件：Word 或 PDF 请先另存为纯文本。');
    try {
      return { text: fileText(upload.data), format: chosen === 'auto' ? (MARKDOWN_FILE.test(filename) ? 'markdown' : 'plain') : chosen, filename };
    } catch (error) {
      if (error instanceof BadRequest) throw new BadRequest(decodeWords(error, filename));
      throw error;
    }
  }
  const text = boxText(body);
  if (text.trim() === '') throw new BadRequest('请粘贴版面文字，或者选择一个文件。');
  try {
    return { text: pageText(Buffer.from(text), 'text/plain; charset=utf-8'), format: chosen === 'auto' ? 'plain' : chosen, filename: null };
  } catch (error) {
    if (error instanceof BadRequest) throw new BadRequest(decodeWords(error, null));
    throw error;
  }
}

/** The page the preview's import form carries back (its hidden field), read as the API reads a body. */
export function carriedPage(body: unknown): { text: string; format: PageFormat } {
  const text = boxText(body);
  if (text.trim() === '') throw new BadRequest('表单里没有版面文字了：请回到“导入”重新粘贴。');
  try {
    return { text: pageText(Buffer.from(text), 'text/plain; charset=utf-8'), format: field(body, 'format') === 'markdown' ? 'markdown' : 'plain' };
  } catch (error) {
    if (error instanceof BadRequest) throw new BadRequest(decodeWords(error, null));
    throw error;
  }
}
