/** 导入: the page's text, pasted or as a file, and its format, sent to the preview. */
import type { Desk } from '../../context.js';
import { Csrf, DeskLayout } from '../../layout.js';
import type { PageSource } from './page-input.js';
import { FORMAT_NAMES, WORDS, type PageFormat } from './words.js';

/** The files the picker offers; the server reads the name and the bytes whatever this says. */
const ACCEPTED = '.txt,.md,.markdown,text/plain,text/markdown';

/** The format select: automatic by default, or either format. */
export function FormatSelect({ id, value, auto = true }: { id: string; value: PageFormat | 'auto'; auto?: boolean }) {
  return (
    <select id={id} name="format">
      {auto && (
        <option value="auto" selected={value === 'auto'}>
          {WORDS.formatAuto}
        </option>
      )}
      {(Object.keys(FORMAT_NAMES) as PageFormat[]).map((format) => (
        <option value={format} selected={value === format}>
          {FORMAT_NAMES[format]}
        </option>
      ))}
    </select>
  );
}

export function StartPage({ desk, source, message }: { desk: Desk; source: PageSource; message?: string }) {
  return (
    <DeskLayout desk={desk} title={WORDS.title} styles={['imports.css']}>
      <p class="lead">把一整版报纸的文字变成草稿：先预览拆分的结果，核对后再导入。{desk.user.role === 'reporter' && WORDS.reporterNote}</p>
      <form method="post" action="/desk/imports/preview" enctype="multipart/form-data" class="card import-start">
        <Csrf desk={desk} />
        {message && (
          <p class="form-error" role="alert" id="page-error">
            {message}
          </p>
        )}
        <label for="page-text">{WORDS.pasteLabel}</label>
        <p class="hint" id="page-text-hint">
          {WORDS.pasteHint}
        </p>
        <textarea id="page-text" name="text" rows={18} class="page-text" aria-describedby={message ? 'page-text-hint page-error' : 'page-text-hint'}>
          {source.text}
        </textarea>
        <div class="row">
          <div>
            <label for="page-file">{WORDS.fileLabel}</label>
            <input id="page-file" name="file" type="file" accept={ACCEPTED} aria-describedby="page-file-hint" />
            <p class="hint" id="page-file-hint">
              {WORDS.fileHint}
            </p>
          </div>
          <div>
            <label for="page-format">{WORDS.formatLabel}</label>
            <FormatSelect id="page-format" value={source.format} />
            <p class="hint">Markdown 用 # 标出大号字的标题。</p>
          </div>
        </div>
        <p>
          <button type="submit" class="primary">
            {WORDS.preview}
          </button>{' '}
          <span class="hint">{WORDS.nothingStored.split('。')[0]}。</span>
        </p>
      </form>
    </DeskLayout>
  );
}
