// The editor's accessibility panel: the same checks as the server's at submission
// (richtext/checks.ts), run on the text as it is being written, each warning a button that
// selects what it is about. It takes the place of the saved text's notice (#checks-notice).
import type { Editor } from '@tiptap/core';
import { NodeSelection, Selection, TextSelection } from '@tiptap/pm/state';
import type { EditorMessages } from '../editor-config.js';
import { checkDoc, checkMessage, type CheckWarning } from '../../richtext/checks.js';
import { el, fill } from './dom.js';

/** Long enough not to recheck on every key, short enough to follow the author. */
const DEBOUNCE_MS = 400;

export function checksPanel(editor: Editor, m: EditorMessages): HTMLElement {
  const count = el('p', { id: 'rte-checks-count', class: 'rte-checks-count', role: 'status', 'aria-live': 'polite' });
  const list = el('ul', { class: 'rte-checks-list' });
  const more = el('p', { class: 'hint' });
  const panel = el('section', { id: 'rte-checks', class: 'rte-checks', 'aria-labelledby': 'rte-checks-title' }, el('h2', { id: 'rte-checks-title' }, m.checksTitle), count, list, more);

  function show(w: CheckWarning) {
    const { state, view } = editor;
    const doc = state.doc;
    const at = Math.min(w.from, doc.content.size);
    let selection: Selection;
    try {
      if (w.select === 'node') selection = NodeSelection.create(doc, at);
      else if (w.select === 'text') selection = TextSelection.create(doc, at, Math.min(w.to, doc.content.size));
      else selection = Selection.near(doc.resolve(at));
    } catch {
      // The text changed since the list was made: near the place is the best there is.
      selection = Selection.near(doc.resolve(at));
    }
    view.dispatch(state.tr.setSelection(selection).scrollIntoView());
    // An image's fix is its alt text: straight into the field.
    const field = w.select === 'node' ? (view.nodeDOM(at) as HTMLElement | null)?.querySelector<HTMLInputElement>('input') : null;
    if (field) {
      field.scrollIntoView({ block: 'center' });
      field.focus();
    } else view.focus();
  }

  function render() {
    const { warnings, total } = checkDoc(editor.getJSON());
    const said = total === 0 ? m.checksNone : fill(m.checksCount, { n: String(total) });
    // Only a change is announced: the live region stays quiet while the count holds.
    if (count.textContent !== said) count.textContent = said;
    count.dataset.total = String(total);
    list.replaceChildren(
      ...warnings.map((w) => {
        const button = el('button', { type: 'button', class: 'rte-check', 'data-code': w.code }, checkMessage(w, m.checks));
        button.addEventListener('click', () => show(w));
        return el('li', {}, button);
      }),
    );
    list.hidden = warnings.length === 0;
    more.textContent = total > warnings.length ? fill(m.checksMore, { n: String(total - warnings.length) }) : '';
    more.hidden = more.textContent === '';
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  editor.on('update', () => {
    clearTimeout(timer);
    timer = setTimeout(render, DEBOUNCE_MS);
  });
  render();
  document.getElementById('checks-notice')?.setAttribute('hidden', '');
  return panel;
}
