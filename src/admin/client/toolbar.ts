// The toolbar: real buttons with names and pressed states, one tab stop (arrow keys move along
// it, as in the WAI-ARIA toolbar pattern), table buttons enabled only inside a table.
import type { Editor } from '@tiptap/core';
import type { EditorMessages } from '../editor-config.js';
import { el } from './dom.js';

interface Tool {
  label: string;
  text: string;
  run: (e: Editor) => void;
  active?: (e: Editor) => boolean;
  enabled?: (e: Editor) => boolean;
}

export function toolbar(editor: Editor, m: EditorMessages, actions: { link: () => void; image: () => void }): HTMLElement {
  const c = () => editor.chain().focus();
  const inTable = (e: Editor) => e.isActive('table');
  const groups: Tool[][] = [
    [
      { label: m.paragraph, text: '¶', run: () => c().setParagraph().run(), active: (e) => e.isActive('paragraph') },
      { label: `${m.heading} 2`, text: 'H2', run: () => c().toggleHeading({ level: 2 }).run(), active: (e) => e.isActive('heading', { level: 2 }) },
      { label: `${m.heading} 3`, text: 'H3', run: () => c().toggleHeading({ level: 3 }).run(), active: (e) => e.isActive('heading', { level: 3 }) },
      { label: `${m.heading} 4`, text: 'H4', run: () => c().toggleHeading({ level: 4 }).run(), active: (e) => e.isActive('heading', { level: 4 }) },
    ],
    [
      { label: m.bold, text: 'B', run: () => c().toggleBold().run(), active: (e) => e.isActive('bold') },
      { label: m.italic, text: 'I', run: () => c().toggleItalic().run(), active: (e) => e.isActive('italic') },
      { label: m.underline, text: 'U', run: () => c().toggleUnderline().run(), active: (e) => e.isActive('underline') },
      { label: m.link, text: '↗', run: actions.link, active: (e) => e.isActive('link') },
    ],
    [
      { label: m.bulletList, text: '•≡', run: () => c().toggleBulletList().run(), active: (e) => e.isActive('bulletList') },
      { label: m.orderedList, text: '1≡', run: () => c().toggleOrderedList().run(), active: (e) => e.isActive('orderedList') },
      { label: m.blockquote, text: '❝', run: () => c().toggleBlockquote().run(), active: (e) => e.isActive('blockquote') },
    ],
    [
      { label: m.image, text: '▣', run: actions.image },
      { label: m.insertTable, text: '⊞', run: () => c().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(), enabled: (e) => !inTable(e) },
      { label: m.addRow, text: '+▭', run: () => c().addRowAfter().run(), enabled: inTable },
      { label: m.addColumn, text: '+▯', run: () => c().addColumnAfter().run(), enabled: inTable },
      { label: m.toggleHeaderRow, text: 'Th', run: () => c().toggleHeaderRow().run(), enabled: inTable },
      { label: m.deleteRow, text: '−▭', run: () => c().deleteRow().run(), enabled: inTable },
      { label: m.deleteColumn, text: '−▯', run: () => c().deleteColumn().run(), enabled: inTable },
      { label: m.deleteTable, text: '✕⊞', run: () => c().deleteTable().run(), enabled: inTable },
    ],
    [
      { label: m.undo, text: '↶', run: () => c().undo().run(), enabled: (e) => e.can().undo() },
      { label: m.redo, text: '↷', run: () => c().redo().run(), enabled: (e) => e.can().redo() },
    ],
  ];

  const bar = el('div', { role: 'toolbar', 'aria-label': m.toolbar, class: 'rte-toolbar', 'aria-controls': 'rte-content' });
  const buttons: { b: HTMLButtonElement; tool: Tool }[] = [];
  for (const group of groups) {
    const g = el('div', { class: 'rte-group', role: 'group' });
    for (const tool of group) {
      // The name is the hidden text (not aria-label, which should then begin with the visible "H2").
      const b = el('button', { type: 'button', class: 'rte-button', title: tool.label, tabindex: '-1', 'data-label': tool.label }, el('span', { 'aria-hidden': 'true' }, tool.text), el('span', { class: 'rte-sr' }, tool.label));
      // Keep the text selection: the click must not move focus out of the editor first.
      b.addEventListener('mousedown', (ev) => ev.preventDefault());
      b.addEventListener('click', () => tool.run(editor));
      g.append(b);
      buttons.push({ b, tool });
    }
    bar.append(g);
  }
  buttons[0]!.b.tabIndex = 0;

  bar.addEventListener('keydown', (ev) => {
    const list = buttons.map((x) => x.b).filter((b) => !b.disabled);
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    if (at === -1) return;
    const to = ev.key === 'ArrowRight' ? (at + 1) % list.length : ev.key === 'ArrowLeft' ? (at - 1 + list.length) % list.length : ev.key === 'Home' ? 0 : ev.key === 'End' ? list.length - 1 : -1;
    if (to === -1) return;
    ev.preventDefault();
    for (const b of buttons) b.b.tabIndex = -1;
    list[to]!.tabIndex = 0;
    list[to]!.focus();
  });

  const refresh = () => {
    for (const { b, tool } of buttons) {
      if (tool.active) b.setAttribute('aria-pressed', String(tool.active(editor)));
      if (tool.enabled) b.disabled = !tool.enabled(editor);
    }
    // The tab stop never rests on a disabled button.
    if (!buttons.some((x) => x.b.tabIndex === 0 && !x.b.disabled)) {
      for (const x of buttons) x.b.tabIndex = -1;
      buttons.find((x) => !x.b.disabled)!.b.tabIndex = 0;
    }
  };
  editor.on('transaction', refresh);
  refresh();
  return bar;
}
