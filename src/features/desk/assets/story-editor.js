// The story editor's enhancements: the live preview and copy-fit as the story is typed, the
// body's Markdown toolbar, more credit rows, a local draft that survives a reload, and picking
// a side in a conflict. Without this script the editor is a plain form that saves.

/** How long typing must pause before the preview and copy-fit are asked for. */
const DEBOUNCE_MS = 300;
const DRAFT_PREFIX = 'newsroom:story-draft:';
const SUBMITTED_PREFIX = 'newsroom:story-submitted:';

function start(form) {
  const key = form.dataset.story;
  const mode = form.dataset.mode;
  const versionInput = document.getElementById('version');
  const serverVersion = versionInput ? Number(versionInput.value) : null;
  const token = () => document.querySelector('input[name="_csrf"]')?.value ?? '';
  const $ = (id) => document.getElementById(id);

  /** The story's fields as the form holds them now. */
  function collect() {
    const roles = [...form.querySelectorAll('select[name="credit-role"]')].map((s) => s.value);
    const names = [...form.querySelectorAll('input[name="credit-name"]')].map((i) => i.value);
    return {
      kicker: $('kicker').value,
      headline: $('headline').value,
      subtitle: $('subtitle').value,
      summary: $('summary').value,
      sectionId: $('sectionId').value,
      credits: names.map((name, i) => ({ role: roles[i] ?? 'reporter', name })),
      body: $('body').value,
    };
  }

  const meaningful = (fields) => JSON.stringify({ ...fields, credits: fields.credits.filter((c) => c.name.trim() !== '') });
  const server = collect();

  // ---- Credits: one more row on demand, ids kept unique for the labels.
  const addCredit = $('add-credit');
  function addCreditRow() {
    const rows = $('credit-rows');
    const last = rows.lastElementChild;
    const row = last.cloneNode(true);
    const index = rows.children.length;
    for (const el of row.querySelectorAll('[id]')) el.id = el.id.replace(/\d+$/, String(index));
    for (const label of row.querySelectorAll('label')) {
      label.htmlFor = label.htmlFor.replace(/\d+$/, String(index));
      label.textContent = label.textContent.replace(/\d+/, String(index + 1));
    }
    row.querySelector('input').value = '';
    row.querySelector('select').value = last.querySelector('select').value;
    rows.append(row);
    return row;
  }
  addCredit.hidden = false;
  addCredit.addEventListener('click', () => addCreditRow().querySelector('input').focus());

  /** Puts fields (a local draft's, or the server's) into the form. */
  function fill(fields) {
    for (const name of ['kicker', 'headline', 'subtitle', 'summary', 'sectionId', 'body']) $(name).value = fields[name] ?? '';
    const credits = fields.credits ?? [];
    while (form.querySelectorAll('.credit-row').length < credits.length + 1) addCreditRow();
    form.querySelectorAll('.credit-row').forEach((row, i) => {
      row.querySelector('input').value = credits[i]?.name ?? '';
      row.querySelector('select').value = credits[i]?.role ?? 'reporter';
    });
  }

  // ---- The local draft: every change is kept in the browser until the server has it.
  const storage = {
    get(k) {
      try {
        return JSON.parse(localStorage.getItem(k) ?? 'null');
      } catch {
        return null;
      }
    },
    set(k, value) {
      try {
        localStorage.setItem(k, JSON.stringify(value));
      } catch {
        // A full or disabled store: the editor works without the local draft.
      }
    },
    remove(k) {
      try {
        localStorage.removeItem(k);
      } catch {
        // As above.
      }
    },
  };
  const draftKey = DRAFT_PREFIX + key;

  /** After a save went through (the page shows a newer version than the one posted), the local draft is spent. */
  function settleSubmitted() {
    const read = (k) => JSON.parse(sessionStorage.getItem(SUBMITTED_PREFIX + k) ?? 'null');
    try {
      if (key !== 'new' && mode === 'edit' && read('new')) {
        const kept = storage.get(DRAFT_PREFIX + 'new');
        if (kept && kept.fields.headline.trim() === server.headline.trim()) storage.remove(DRAFT_PREFIX + 'new');
        sessionStorage.removeItem(SUBMITTED_PREFIX + 'new');
      }
      const submitted = read(key);
      if (submitted && mode === 'edit' && key !== 'new' && serverVersion > submitted.version) {
        storage.remove(draftKey);
        sessionStorage.removeItem(SUBMITTED_PREFIX + key);
      }
    } catch {
      // No session storage: the draft is cleared below when it matches the server's copy.
    }
  }

  function restoreDraft() {
    const kept = storage.get(draftKey);
    if (!kept || !kept.fields) return;
    if (meaningful(kept.fields) === meaningful(server)) {
      storage.remove(draftKey);
      return;
    }
    if (mode !== 'edit') return;
    fill(kept.fields);
    if (versionInput && kept.version) versionInput.value = String(kept.version);
    const when = new Date(kept.at).toLocaleString('zh-CN', { hour12: false });
    const newer = serverVersion !== null && kept.version !== serverVersion;
    $('local-draft-text').textContent =
      `已恢复你在本机（${when}）还没保存的修改。` + (newer ? '此后稿件已有新版本，保存时会与新版本比对，不会覆盖别人的修改。' : '点“保存”即可存入。');
    $('local-draft').hidden = false;
  }

  $('discard-local-draft').addEventListener('click', () => {
    storage.remove(draftKey);
    fill(server);
    if (versionInput) versionInput.value = String(serverVersion);
    $('local-draft').hidden = true;
    $('body').focus();
    refresh();
  });

  function keepDraft() {
    const fields = collect();
    if (meaningful(fields) === meaningful(server) && mode === 'edit') storage.remove(draftKey);
    else storage.set(draftKey, { version: versionInput ? Number(versionInput.value) : null, at: Date.now(), fields });
  }

  form.addEventListener('submit', () => {
    try {
      sessionStorage.setItem(SUBMITTED_PREFIX + key, JSON.stringify({ version: versionInput ? Number(versionInput.value) : 0 }));
    } catch {
      // The draft then stays until it matches the saved story.
    }
    $('save-state').textContent = '正在保存…';
  });

  // ---- Live preview and copy-fit.
  const payload = (fields) => ({
    kicker: fields.kicker.trim() === '' ? null : fields.kicker,
    headline: fields.headline,
    subtitle: fields.subtitle.trim() === '' ? null : fields.subtitle,
    body: fields.body,
    credits: fields.credits.filter((c) => c.name.trim() !== '').map((c) => ({ role: c.role, name: c.name.trim() })),
    sectionId: fields.sectionId === '' ? null : Number(fields.sectionId),
  });
  let inFlight;

  const fitText = $('fit');
  const fitDetail = $('fit-detail');
  function showFit(verdict) {
    fitText.className = `fit fit-${verdict.state}`;
    fitText.textContent = verdict.text;
    fitDetail.textContent = verdict.detail;
  }

  /** One request for the preview and, for a saved story, its copy-fit; a newer one cancels it. */
  async function refresh() {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const measured = !!form.dataset.story && form.dataset.story !== 'new';
    if (measured) fitText.classList.add('fit-pending');
    let answer;
    try {
      const response = await fetch(form.dataset.previewUrl, {
        method: 'POST',
        credentials: 'same-origin',
        signal: controller.signal,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token() },
        body: JSON.stringify(payload(collect())),
      });
      if (response.status === 400 || response.status === 422) {
        if (measured) showFit({ state: 'none', text: '暂时无法计算', detail: '请先改正正文或署名中的错误，保存时会说明。' });
        return;
      }
      if (!response.ok) throw new Error(`preview ${response.status}`);
      answer = await response.json();
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (measured) showFit({ state: 'none', text: '暂时无法计算', detail: '网络或服务出了问题，稍后继续输入时会再试。' });
      return;
    }
    $('preview').innerHTML = answer.html;
    if (answer.fit) showFit(answer.fit.verdict);
  }

  let timer;
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      keepDraft();
      refresh();
    }, DEBOUNCE_MS);
  });
  form.addEventListener('change', () => form.dispatchEvent(new Event('input')));

  // ---- The body's toolbar: Markdown inserted where the cursor is.
  const bodyField = $('body');
  const toolbar = form.querySelector('.md-toolbar');
  toolbar.hidden = false;
  toolbar.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-md]');
    if (!button) return;
    markdown(bodyField, button.dataset.md);
    bodyField.dispatchEvent(new Event('input', { bubbles: true }));
    bodyField.focus();
  });

  // Ctrl/⌘+S saves, as in any editor.
  form.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // ---- A conflict: picking a side puts that text in the field, so preview and fit follow.
  for (const fieldset of form.querySelectorAll('.conflict-field[data-theirs]')) {
    const target = $(fieldset.dataset.field);
    if (!target) continue;
    const mine = target.value;
    fieldset.addEventListener('change', (event) => {
      if (event.target.name !== `pick-${fieldset.dataset.field}`) return;
      target.value = event.target.value === 'theirs' ? fieldset.dataset.theirs : mine;
      target.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  // ---- A workflow move with unsaved changes asks first (they stay in the local draft).
  for (const move of document.querySelectorAll('.workflow form')) {
    move.addEventListener('submit', (event) => {
      if (meaningful(collect()) !== meaningful(server) && !window.confirm('稿件有未保存的修改。流程操作不会保存它们（它们仍留在本机草稿里）。仍要继续吗？')) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    });
  }

  settleSubmitted();
  restoreDraft();
  refresh();
}

/** Applies a toolbar action to the textarea's selection. */
function markdown(field, action) {
  const { selectionStart: from, selectionEnd: to, value } = field;
  if (action === 'bold') {
    const inner = value.slice(from, to) || '加粗文字';
    field.setRangeText(`**${inner}**`, from, to, 'end');
    field.setSelectionRange(from + 2, from + 2 + inner.length);
    return;
  }
  // Line actions work on whole lines: from the start of the first selected line to the end of the last.
  const start = value.lastIndexOf('\n', from - 1) + 1;
  const endAt = value.indexOf('\n', to);
  const end = endAt === -1 ? value.length : endAt;
  const lines = value.slice(start, end).split('\n');
  const prefix = action === 'heading' ? '## ' : action === 'quote' ? '> ' : '- ';
  const targets = action === 'heading' ? lines.slice(0, 1) : lines;
  const allHave = targets.every((line) => line.startsWith(prefix));
  const changed = lines.map((line, i) => {
    if (action === 'heading' && i > 0) return line;
    if (allHave) return line.slice(prefix.length);
    return line.trim() === '' && lines.length > 1 ? line : prefix + line.replace(/^(#{1,6} |> |- )/, '');
  });
  field.setRangeText(changed.join('\n'), start, end, 'select');
}

const form = document.getElementById('story-form');
if (form) start(form);
