// How a library image looks in the editor: its thumbnail, and its alt text and caption as fields
// of their own. An emptied alt field is not applied: an image always keeps alt text.
import type { NodeViewRendererProps } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import { el } from './dom.js';

export interface ImageViewOptions {
  thumbs: Map<number, string>;
  messages: { imageAlt: string; imageCaption: string; imageAltRequired: string; removeImage: string };
}

let serial = 0;

export function imageNodeView(options: ImageViewOptions) {
  return ({ node, getPos, editor }: NodeViewRendererProps) => {
    const m = options.messages;
    const id = `rte-img-${++serial}`;
    let current: PmNode = node;
    const thumb = options.thumbs.get(Number(node.attrs.mediaId));
    const picture = thumb ? el('img', { src: thumb, alt: '', class: 'rte-image-thumb' }) : el('span', { class: 'rte-image-thumb rte-image-missing' }, `#${node.attrs.mediaId}`);
    const alt = el('input', { id: `${id}-alt`, required: 'true', maxlength: '500', value: node.attrs.alt ?? '', 'aria-describedby': `${id}-err` });
    const altError = el('span', { id: `${id}-err`, class: 'rte-field-error', role: 'alert' });
    const caption = el('input', { id: `${id}-cap`, maxlength: '1000', value: node.attrs.caption ?? '' });
    const remove = el('button', { type: 'button', class: 'button button-small button-secondary' }, m.removeImage);
    const dom = el(
      'figure',
      { class: 'rte-image', contenteditable: 'false', 'data-media-id': String(node.attrs.mediaId) },
      picture,
      el('div', { class: 'rte-image-fields' }, el('label', { for: alt.id }, m.imageAlt), alt, altError, el('label', { for: caption.id }, m.imageCaption), caption, remove),
    );

    const set = (attrs: Record<string, unknown>) => {
      const pos = typeof getPos === 'function' ? getPos() : undefined;
      if (pos === undefined) return;
      editor.view.dispatch(editor.view.state.tr.setNodeMarkup(pos, undefined, { ...current.attrs, ...attrs }));
    };
    alt.addEventListener('input', () => {
      const blank = alt.value.trim() === '';
      altError.textContent = blank ? m.imageAltRequired : '';
      alt.setAttribute('aria-invalid', String(blank));
      if (!blank) set({ alt: alt.value });
    });
    caption.addEventListener('input', () => set({ caption: caption.value.trim() ? caption.value : null }));
    remove.addEventListener('click', () => {
      const pos = typeof getPos === 'function' ? getPos() : undefined;
      if (pos !== undefined) editor.chain().focus().deleteRange({ from: pos, to: pos + current.nodeSize }).run();
    });

    return {
      dom,
      update(next: PmNode) {
        if (next.type !== current.type || next.attrs.mediaId !== current.attrs.mediaId) return false;
        current = next;
        if (document.activeElement !== alt && next.attrs.alt !== alt.value) alt.value = next.attrs.alt ?? '';
        if (document.activeElement !== caption && (next.attrs.caption ?? '') !== caption.value) caption.value = next.attrs.caption ?? '';
        return true;
      },
      // The fields are the user's, not ProseMirror's.
      stopEvent: (event: Event) => event.target instanceof HTMLElement && event.target !== dom && dom.contains(event.target) && event.target.closest('input, button, label') !== null,
      ignoreMutation: () => true,
    };
  };
}
