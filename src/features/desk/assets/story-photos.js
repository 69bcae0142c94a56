// The story editor's 图片 panel: upload by file picker or by dropping a file on the editor, the
// photo's caption, alt text, photographer and credits (prefilled from the file) and its focal
// point by a click, saved to the photo; "设为题图" puts it in the form's lead photo field (saved
// with the story), "插入正文" writes ![说明](photo:ID) where the body's cursor is. Without this
// script a photo is chosen in the library.

const UPLOAD_WORDS = {
  400: '没有收到图片文件，请重新选择。',
  413: '图片太大了（文件或像素过多），请换一张较小的。',
  415: '只能上传 JPEG、PNG 或 WebP 格式的图片。',
  422: '这个文件读不出来，可能已损坏或不完整。',
};

function start(form) {
  const $ = (id) => document.getElementById(id);
  const token = () => form.querySelector('input[name="_csrf"]')?.value ?? '';
  const status = $('photo-status');
  const editor = $('photo-editor');
  /** The picture and its crosshair, made from their template when the first photo is shown. */
  let image;
  let svg;
  const fields = { caption: $('pe-caption'), alt: $('pe-alt'), byline: $('pe-byline'), credit: $('pe-credit'), copyright: $('pe-copyright') };
  const focal = { x: $('pe-focal-x'), y: $('pe-focal-y') };
  /** The photo in the panel, as the server last answered; `dirty` while its fields differ. */
  let photo = null;
  let dirty = false;

  function say(text, bad = false) {
    status.textContent = text;
    status.classList.toggle('bad', bad);
  }

  const drop = $('photo-drop');
  drop.hidden = false;

  // ---- The focal point: a click on the picture.
  function mark(point) {
    if (!point) {
      delete svg.dataset.set;
      return;
    }
    const [, , w, h] = svg.getAttribute('viewBox').split(' ').map(Number);
    const set = (el, attrs) => Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, String(v)));
    set(svg.querySelector('.focal-x'), { x1: point.x * w, y1: 0, x2: point.x * w, y2: h });
    set(svg.querySelector('.focal-y'), { x1: 0, y1: point.y * h, x2: w, y2: point.y * h });
    set(svg.querySelector('.focal-ring'), { cx: point.x * w, cy: point.y * h, r: Math.max(4, Math.round(Math.min(w, h) * 0.04)) });
    svg.dataset.set = 'yes';
  }
  function pick(event) {
    const box = image.getBoundingClientRect();
    const round = (n) => Math.round(Math.min(Math.max(n, 0), 1) * 1000) / 1000;
    const point = { x: round((event.clientX - box.left) / box.width), y: round((event.clientY - box.top) / box.height) };
    focal.x.value = String(point.x);
    focal.y.value = String(point.y);
    mark(point);
    dirty = true;
    say(`焦点已设在 ${Math.round(point.x * 100)}%、${Math.round(point.y * 100)}%（保存图片信息后生效）。`);
  }

  function picture() {
    if (image) return;
    const template = $('pe-picture');
    template.replaceWith(template.content.cloneNode(true));
    image = $('pe-image');
    svg = editor.querySelector('.focal-mark');
    image.addEventListener('click', pick);
  }

  // The photo's fields are not the story's: Enter in them does not save the story.
  for (const el of Object.values(fields)) {
    el.addEventListener('input', (event) => {
      event.stopPropagation();
      dirty = true;
    });
    el.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && el.tagName === 'INPUT') event.preventDefault();
    });
  }
  editor.addEventListener('change', (event) => event.stopPropagation());

  /** Puts a photo (as the server answered) into the panel. */
  function show(next) {
    picture();
    photo = next;
    dirty = false;
    for (const [name, el] of Object.entries(fields)) el.value = next[name] ?? '';
    image.src = next.thumbnail;
    image.width = Math.min(next.width, 640);
    image.height = Math.round((Math.min(next.width, 640) * next.height) / next.width);
    image.alt = next.alt || `图片 ${next.id}`;
    svg.setAttribute('viewBox', `0 0 ${next.width} ${next.height}`);
    focal.x.value = next.focalPoint ? String(next.focalPoint.x) : '';
    focal.y.value = next.focalPoint ? String(next.focalPoint.y) : '';
    mark(next.focalPoint);
    $('pe-page').href = next.page;
    $('photo-editor-title').textContent = `图片 ${next.id}`;
    editor.querySelector('.focal-picture').classList.add('pickable');
    editor.hidden = false;
    for (const button of document.querySelectorAll('.slot-use')) button.hidden = false;
  }

  async function upload(file) {
    if (!file) return;
    say(`正在上传 ${file.name}…`);
    const body = new FormData();
    body.append('file', file);
    let response;
    try {
      response = await fetch('/desk/photos', { method: 'POST', body, credentials: 'same-origin', headers: { accept: 'application/json', 'x-csrf-token': token() } });
    } catch {
      say('网络出了问题，图片没有上传，请重试。', true);
      return;
    }
    if (!response.ok) {
      say(UPLOAD_WORDS[response.status] ?? '图片没有上传成功，请重试。', true);
      return;
    }
    const answer = await response.json();
    show(answer);
    say(answer.created ? '图片已上传。请核对说明，填写替代文字，点击画面设定焦点。' : '这张图片已经在图片库里，下面是它现在的信息。');
    fields.caption.focus();
  }

  /** Saves the panel's fields to the photo when they changed; the photo as saved, or null when refused. */
  async function savePhoto() {
    if (!photo) return null;
    if (!dirty) return photo;
    const body = new URLSearchParams({ version: String(photo.version), focalX: focal.x.value, focalY: focal.y.value });
    for (const [name, el] of Object.entries(fields)) body.set(name, el.value);
    say('正在保存图片信息…');
    let response;
    try {
      response = await fetch(`/desk/photos/${photo.id}`, { method: 'POST', body, credentials: 'same-origin', headers: { accept: 'application/json', 'x-csrf-token': token() } });
    } catch {
      say('网络出了问题，图片信息没有保存，请重试。', true);
      return null;
    }
    if (response.status === 412) {
      say('图片信息刚被别人修改过，没有保存：请打开图片页核对后再改。', true);
      return null;
    }
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      const field = problem?.errors?.[0]?.pointer?.slice(1);
      say(field === 'alt' ? '替代文字不能删去：已发布的稿件在用这张图片。' : '图片信息没有保存，请检查后重试。', true);
      return null;
    }
    const saved = await response.json();
    show(saved);
    say('图片信息已保存。');
    return saved;
  }

  // ---- The lead photo: the form's hidden field, saved with the story.
  const lead = $('leadPhoto');
  const leadBox = $('lead-photo');
  const leadFields = leadBox.querySelector('.lead-fields');
  const removeBox = $('removeLead');
  const removeButton = $('remove-lead');
  removeBox.hidden = true;
  form.querySelector('label[for="removeLead"]').hidden = true;
  removeButton.hidden = false;

  function setLead(next) {
    lead.value = next ? String(next.id) : '';
    removeBox.checked = false;
    for (const old of leadBox.querySelectorAll('.lead-figure, #no-lead, .lead-plain')) old.remove();
    const heading = leadBox.querySelector('h3');
    if (next) {
      const figure = document.createElement('figure');
      figure.className = 'lead-figure';
      const link = document.createElement('a');
      link.href = next.page;
      const img = document.createElement('img');
      img.src = `/desk/photos/${next.id}/3x2/640.jpg?v=${next.version}`;
      img.alt = next.alt || `图片 ${next.id}`;
      img.width = 640;
      img.height = 427;
      link.append(img);
      const caption = document.createElement('figcaption');
      caption.textContent = next.caption || '（还没有说明）';
      if (next.byline) {
        const credit = document.createElement('span');
        credit.className = 'credit';
        credit.textContent = `（${next.byline} 摄）`;
        caption.append(credit);
      }
      figure.append(link, caption);
      heading.after(figure);
      leadFields.hidden = false;
      say(`图片 ${next.id} 已设为题图，保存稿件后生效。`);
    } else {
      const none = document.createElement('p');
      none.className = 'hint';
      none.id = 'no-lead';
      none.textContent = '还没有题图（保存稿件后生效）。';
      heading.after(none);
      leadFields.hidden = true;
      $('leadCaption').value = '';
      say('题图已移除，保存稿件后生效。');
    }
    form.dispatchEvent(new Event('input', { bubbles: true }));
  }
  removeButton.addEventListener('click', () => setLead(null));

  $('pe-save').addEventListener('click', () => void savePhoto());
  $('pe-lead').addEventListener('click', async () => {
    const saved = await savePhoto();
    if (saved) setLead(saved);
  });

  // ---- A figure in the body, at the cursor, as a paragraph of its own.
  const bodyField = $('body');
  let cursor = { start: bodyField.value.length, end: bodyField.value.length };
  const remember = () => (cursor = { start: bodyField.selectionStart, end: bodyField.selectionEnd });
  for (const type of ['keyup', 'click', 'select', 'input', 'blur']) bodyField.addEventListener(type, remember);
  $('pe-insert').addEventListener('click', async () => {
    const saved = await savePhoto();
    if (!saved) return;
    const caption = (saved.caption ?? '').replace(/\s+/g, ' ').replace(/([[\]\\])/g, '\\$1').trim();
    const before = bodyField.value.slice(0, cursor.start);
    const after = bodyField.value.slice(cursor.end);
    const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
    const trail = after === '' || after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
    const text = `${lead}![${caption}](photo:${saved.id})${trail}`;
    bodyField.setRangeText(text, cursor.start, cursor.end, 'end');
    remember();
    bodyField.dispatchEvent(new Event('input', { bubbles: true }));
    bodyField.focus();
    say(`已在正文中插入图片 ${saved.id}。`);
  });

  // ---- Photo slots: a slot's caption and photographer put on the photo in the panel.
  for (const button of document.querySelectorAll('.slot-use')) {
    button.addEventListener('click', () => {
      const slot = button.closest('li');
      fields.caption.value = slot.dataset.caption;
      if (slot.dataset.byline && !fields.byline.value) fields.byline.value = slot.dataset.byline;
      dirty = true;
      fields.caption.focus();
    });
  }

  // ---- Upload: the file picker, or a file dropped anywhere on the editor.
  const picker = $('photo-upload');
  picker.addEventListener('change', (event) => {
    event.stopPropagation();
    void upload(picker.files[0]).then(() => (picker.value = ''));
  });
  const area = form.closest('.editor-grid') ?? form;
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  area.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    drop.classList.add('drop-target');
  });
  area.addEventListener('dragleave', (event) => {
    if (!area.contains(event.relatedTarget)) drop.classList.remove('drop-target');
  });
  area.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    drop.classList.remove('drop-target');
    const file = [...event.dataTransfer.files].find((f) => /^image\//.test(f.type)) ?? event.dataTransfer.files[0];
    void upload(file);
  });

  // ---- The story's save waits for the photo's unsaved fields.
  form.addEventListener(
    'submit',
    (event) => {
      if (!dirty || !photo) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      void savePhoto().then((saved) => {
        if (saved) form.requestSubmit();
      });
    },
    { capture: true },
  );
}

const form = document.getElementById('story-form');
if (form && document.getElementById('photos-panel')) start(form);
