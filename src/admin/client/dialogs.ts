// The link dialog and the media library picker (native <dialog>: focus is kept inside, Escape closes).
// The picker speaks the media library's contract: GET {mediaUrl}?q=&page= → { items, total } and
// POST {mediaUrl} (multipart: file, alt) → the new item; alt text is required before inserting.
import type { Editor } from '@tiptap/core';
import { isSafeHref } from '../../richtext/safe-href.js';
import type { EditorMessages } from '../editor-config.js';
import { el } from './dom.js';

export interface MediaItem {
  id: number;
  kind: string;
  name: string;
  alt: string | null;
  width: number | null;
  height: number | null;
  thumbUrl: string;
}

function dialog(title: string, id: string) {
  const heading = el('h2', { id: `${id}-title` }, title);
  const d = el('dialog', { class: 'rte-dialog', 'aria-labelledby': heading.id, id });
  d.append(heading);
  document.body.append(d);
  return d;
}

export function linkDialog(editor: Editor, m: EditorMessages) {
  const d = dialog(m.link, 'rte-link-dialog');
  const input = el('input', { id: 'rte-link-href', type: 'text', inputmode: 'url', autocomplete: 'off', 'aria-describedby': 'rte-link-error' });
  const error = el('p', { id: 'rte-link-error', class: 'rte-field-error', role: 'alert' });
  const apply = el('button', { type: 'submit', class: 'button button-small' }, m.apply);
  const remove = el('button', { type: 'button', class: 'button button-small button-secondary' }, m.removeLink);
  const cancel = el('button', { type: 'button', class: 'button button-small button-secondary' }, m.cancel);
  const form = el('form', { method: 'dialog', class: 'form' }, el('label', { for: input.id }, m.linkAddress), input, error, el('div', { class: 'button-row' }, apply, remove, cancel));
  d.append(form);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const href = input.value.trim();
    if (!isSafeHref(href)) {
      error.textContent = m.linkInvalid;
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    d.close();
    editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
  });
  remove.addEventListener('click', () => {
    d.close();
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
  });
  cancel.addEventListener('click', () => {
    d.close();
    editor.commands.focus();
  });
  return () => {
    input.value = (editor.getAttributes('link').href as string | undefined) ?? '';
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    remove.hidden = !editor.isActive('link');
    d.showModal();
    input.focus();
  };
}

export function mediaPicker(editor: Editor, m: EditorMessages, opts: { mediaUrl: string; csrf: () => string; thumbs: Map<number, string> }) {
  const d = dialog(m.pickerTitle, 'rte-media-dialog');
  const search = el('input', { id: 'rte-media-q', type: 'search' });
  const results = el('ul', { class: 'rte-media-list', 'aria-label': m.pickerTitle });
  const status = el('p', { class: 'rte-media-status', role: 'status' });
  const prev = el('button', { type: 'button', class: 'button button-small button-secondary' }, m.previousPage);
  const next = el('button', { type: 'button', class: 'button button-small button-secondary' }, m.nextPage);
  const file = el('input', { id: 'rte-media-file', type: 'file', accept: 'image/*' });
  const upload = el('button', { type: 'button', class: 'button button-small button-secondary' }, m.pickerUploadButton);
  const alt = el('input', { id: 'rte-media-alt', maxlength: '500', required: 'true', 'aria-describedby': 'rte-media-alt-hint' });
  const caption = el('input', { id: 'rte-media-caption', maxlength: '1000' });
  const why = el('p', { id: 'rte-media-why', class: 'rte-field-error', 'aria-live': 'polite' });
  const insert = el('button', { type: 'button', class: 'button', 'aria-describedby': why.id }, m.pickerInsert);
  const close = el('button', { type: 'button', class: 'button button-secondary' }, m.close);
  d.append(
    el('div', { class: 'rte-media-search' }, el('label', { for: search.id }, m.pickerSearch), search),
    status,
    results,
    el('div', { class: 'button-row' }, prev, next),
    el('div', { class: 'rte-media-upload' }, el('label', { for: file.id }, m.pickerUpload), file, upload),
    el('label', { for: alt.id }, m.pickerAlt),
    alt,
    el('p', { id: 'rte-media-alt-hint', class: 'hint' }, m.pickerAltHint),
    el('label', { for: caption.id }, m.pickerCaption),
    caption,
    why,
    el('div', { class: 'button-row' }, insert, close),
  );

  let page = 1;
  let total = 0;
  let chosen: MediaItem | undefined;
  const PER_PAGE = 24;

  const refresh = () => {
    const reason = !chosen ? m.pickerChooseFirst : alt.value.trim() === '' ? m.pickerAltRequired : '';
    insert.disabled = reason !== '';
    why.textContent = reason;
    for (const b of Array.from(results.querySelectorAll('button'))) b.setAttribute('aria-pressed', String(Number(b.dataset.id) === chosen?.id));
  };
  const choose = (item: MediaItem) => {
    chosen = item;
    opts.thumbs.set(item.id, item.thumbUrl);
    if (!alt.value.trim() && item.alt) alt.value = item.alt;
    refresh();
  };

  async function load() {
    status.textContent = '…';
    try {
      const res = await fetch(`${opts.mediaUrl}?${new URLSearchParams({ q: search.value.trim(), page: String(page) })}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) throw new Error(String(res.status));
      const body = (await res.json()) as { items: MediaItem[]; total: number };
      total = body.total;
      results.replaceChildren(
        ...body.items
          .filter((i) => i.kind === 'image')
          .map((item) => {
            const b = el('button', { type: 'button', class: 'rte-media-item', 'data-id': String(item.id), 'aria-pressed': 'false' }, el('img', { src: item.thumbUrl, alt: '' }), el('span', {}, item.name));
            b.addEventListener('click', () => choose(item));
            return el('li', {}, b);
          }),
      );
      status.textContent = body.items.length ? `${(page - 1) * PER_PAGE + 1}–${(page - 1) * PER_PAGE + body.items.length} / ${total}` : m.pickerNone;
      prev.disabled = page <= 1;
      next.disabled = page * PER_PAGE >= total;
      refresh();
    } catch {
      status.textContent = m.pickerError;
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      page = 1;
      void load();
    }, 300);
  });
  prev.addEventListener('click', () => {
    page = Math.max(1, page - 1);
    void load();
  });
  next.addEventListener('click', () => {
    page += 1;
    void load();
  });
  alt.addEventListener('input', refresh);
  upload.addEventListener('click', async () => {
    const f = file.files?.[0];
    if (!f) return;
    const data = new FormData();
    data.append('alt', alt.value.trim());
    data.append('file', f);
    status.textContent = '…';
    try {
      const res = await fetch(opts.mediaUrl, { method: 'POST', body: data, headers: { 'x-csrf-token': opts.csrf(), accept: 'application/json' }, credentials: 'same-origin' });
      if (res.status !== 201) throw new Error(String(res.status));
      const item = (await res.json()) as MediaItem;
      choose(item);
      status.textContent = item.name;
      await load();
    } catch {
      status.textContent = m.pickerError;
    }
  });
  insert.addEventListener('click', () => {
    if (!chosen || alt.value.trim() === '') return refresh();
    const attrs = { mediaId: chosen.id, alt: alt.value.trim(), caption: caption.value.trim() || null };
    d.close();
    editor.chain().focus().insertContent({ type: 'image', attrs }).run();
    // Inserted last, the image is left selected: the caret goes to a new paragraph below it, so
    // that what comes next (typing, a table) does not replace it.
    if ('node' in editor.state.selection) editor.commands.createParagraphNear();
  });
  close.addEventListener('click', () => {
    d.close();
    editor.commands.focus();
  });

  return () => {
    chosen = undefined;
    alt.value = '';
    caption.value = '';
    refresh();
    d.showModal();
    search.focus();
    void load();
  };
}
