// The workspace's rich-text editor, mounted over the plain text area (which stays the editor
// when this script does not run). The form posts the document as JSON in `bodyJson`, with
// `bodyMode=rich`; the server maps it onto the stored schema (docFromEditorJson).
import { Editor, type JSONContent } from '@tiptap/core';
import type { EditorConfig } from '../editor-config.js';
import { autosaver, presence, type Theirs } from './autosave.js';
import { checksPanel } from './checks-panel.js';
import { linkDialog, mediaPicker } from './dialogs.js';
import { csrfToken, el, fill } from './dom.js';
import { cleanPastedHtml } from './paste.js';
import { extensions } from './schema.js';
import { toolbar } from './toolbar.js';

function mount(root: HTMLElement) {
  const config = JSON.parse(root.dataset.config ?? '{}') as EditorConfig;
  const form = root.closest('form')!;
  const m = config.messages;
  const textarea = form.querySelector<HTMLTextAreaElement>('#bodyText')!;
  const bodyJson = form.querySelector<HTMLInputElement>('input[name="bodyJson"]')!;
  const bodyMode = form.querySelector<HTMLInputElement>('input[name="bodyMode"]')!;
  const thumbs = new Map<number, string>(Object.entries(config.thumbs).map(([k, v]) => [Number(k), v]));
  const make = (element: HTMLElement, content: JSONContent, editable: boolean) =>
    new Editor({
      element,
      content,
      editable,
      injectCSS: false, // a <style> element would be refused by the CSP: editor.css has the rules
      extensions: extensions({ thumbs, messages: m, terms: config.terms }),
      editorProps: {
        attributes: editable ? { id: 'rte-content', class: 'rte-content prose', role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': 'bodyText-label', 'aria-describedby': 'rte-status' } : { class: 'rte-content prose', 'aria-readonly': 'true' },
        transformPastedHTML: cleanPastedHtml,
      },
    });

  const area = el('div', { class: 'rte-area' });
  const editor = make(area, config.doc as JSONContent, true);
  const status = el('p', { id: 'rte-status', class: 'rte-status', role: 'status', 'aria-live': 'polite' });
  const openLink = linkDialog(editor, m);
  const openPicker = mediaPicker(editor, m, { mediaUrl: config.mediaUrl, csrf: () => csrfToken(form), thumbs });
  const bar = toolbar(editor, m, { link: openLink, image: openPicker });
  root.append(bar, area, status, checksPanel(editor, m));
  // The toolbar stays at the top of the screen while the text scrolls: what focus goes to (a
  // picture's fields, reached by Shift+Tab) is scrolled into view below it, not under it (WCAG 2.4.11).
  new ResizeObserver(() => document.documentElement.style.setProperty('scroll-padding-top', `${bar.offsetHeight + 8}px`)).observe(bar);

  // From here on the form sends the editor's document; the text area is the fallback only.
  textarea.hidden = true;
  textarea.disabled = true;
  form.querySelector<HTMLElement>('#body-hint')?.setAttribute('hidden', '');
  root.hidden = false;
  bodyMode.value = 'rich';
  editor.on('update', () => {
    bodyJson.value = JSON.stringify(editor.getJSON());
  });
  // The label now names the editor: clicking it puts the caret there.
  document.getElementById('bodyText-label')?.addEventListener('click', (ev) => {
    ev.preventDefault();
    editor.commands.focus();
  });

  const banner = document.getElementById('presence-banner');
  const saver = autosaver({
    editor,
    config,
    form,
    status,
    onConflict: (theirs) => showConflict(theirs),
    onCreated: (id) => {
      history.replaceState(null, '', `/admin/articles/${id}`);
      form.action = `/admin/articles/${id}`;
      if (banner) void sendPresence();
    },
  });
  const sendPresence = banner ? presence(config, form, banner, () => saver.id) : async () => {};

  function showConflict(theirs: Theirs) {
    document.getElementById('rte-conflict')?.remove();
    const theirsBox = el('div', { class: 'rte-readonly' });
    const mineBox = el('div', { class: 'rte-readonly' });
    const keep = el('button', { type: 'button', class: 'button' }, m.keepMine);
    const merge = el('button', { type: 'button', class: 'button button-secondary' }, m.mergeTheirs);
    const take = el('button', { type: 'button', class: 'button button-secondary' }, m.takeTheirs);
    const titleOf = (form.elements.namedItem('title') as HTMLInputElement | null)?.value ?? '';
    const panel = el(
      'section',
      { id: 'rte-conflict', class: 'conflict', 'aria-labelledby': 'rte-conflict-title', tabindex: '-1' },
      el('h2', { id: 'rte-conflict-title' }, m.conflictTitle),
      el('p', {}, m.conflictText),
      el(
        'div',
        { class: 'conflict-grid' },
        el('div', { class: 'conflict-theirs' }, el('h3', {}, fill(m.theirVersion, { revision: String(theirs.revision) })), el('p', {}, el('strong', {}, theirs.title)), theirsBox),
        el('div', { class: 'conflict-mine' }, el('h3', {}, m.yourVersion), el('p', {}, el('strong', {}, titleOf)), mineBox),
      ),
      el('div', { class: 'button-row' }, keep, merge, take),
    );
    form.before(panel);
    const views = [make(theirsBox, theirs.body, false), make(mineBox, editor.getJSON(), false)];
    const settle = () => {
      views.forEach((v) => v.destroy());
      panel.remove();
      editor.commands.focus();
    };
    keep.addEventListener('click', () => {
      settle();
      saver.resume(theirs.revision, true);
    });
    merge.addEventListener('click', () => {
      // Their blocks go below mine, to be merged by hand; nothing of either is lost.
      const mine = editor.getJSON();
      editor.commands.setContent({ type: 'doc', content: [...(mine.content ?? []), ...(theirs.body.content ?? [])] }, { emitUpdate: true });
      settle();
      saver.resume(theirs.revision, true);
    });
    take.addEventListener('click', () => {
      const set = (name: string, v: string) => {
        const f = form.elements.namedItem(name) as HTMLInputElement | null;
        if (f) f.value = v;
      };
      set('title', theirs.title);
      set('summary', theirs.summary);
      editor.commands.setContent(theirs.body, { emitUpdate: false });
      bodyJson.value = JSON.stringify(editor.getJSON());
      settle();
      saver.resume(theirs.revision, false);
    });
    panel.focus();
  }

  // Work kept in this browser by an earlier visit: offered back, never applied unasked.
  const earlier = saver.earlierDraft();
  if (earlier) {
    const restore = el('button', { type: 'button', class: 'button button-small' }, m.restore);
    const discard = el('button', { type: 'button', class: 'button button-small button-secondary' }, m.discard);
    const when = new Date(earlier.draft.at).toLocaleString(document.documentElement.lang);
    const offer = el('section', { class: 'notice rte-restore', role: 'alert', 'aria-labelledby': 'rte-restore-title' }, el('p', { id: 'rte-restore-title' }, el('strong', {}, m.restoreTitle)), el('p', {}, fill(m.restoreText, { time: when, revision: String(earlier.revision) })), el('div', { class: 'button-row' }, restore, discard));
    form.before(offer);
    restore.addEventListener('click', () => {
      saver.restore(earlier.draft, earlier.revision);
      offer.remove();
      void saver.saveNow();
    });
    discard.addEventListener('click', () => {
      saver.forget();
      offer.remove();
    });
  }
  // For tests and the curious: the live editor.
  (window as unknown as { beiguanEditor?: Editor }).beiguanEditor = editor;
}

const root = document.getElementById('rte-mount');
if (root) mount(root);
