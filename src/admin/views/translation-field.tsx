// The other language's version of an item, as its editor shows it: the number typed or stored, what
// it means, and the item now linked with a way to its editor. The same for every kind.
import type { ContentKind } from '../../workflow/index.js';

/** The workspace address of an item, by kind. */
export const editHref = (kind: ContentKind, id: number) => `/admin/${kind === 'article' ? 'articles' : kind === 'page' ? 'pages' : 'institutions'}/${id}`;

export interface TranslationFieldView {
  kind: ContentKind;
  label: string;
  hint: string;
  /** The number as typed, or the linked item's ('' for none). */
  value: string;
  /** The item now linked, with the words that introduce it. */
  linked?: { id: number; title: string; text: string };
}

export function TranslationField({ view }: { view: TranslationFieldView }) {
  return (
    <>
      <label for="translationOf">{view.label}</label>
      <input id="translationOf" name="translationOf" class="input-number" inputMode="numeric" pattern="[0-9]*" maxLength={10} value={view.value} aria-describedby={view.linked ? 'translation-hint translation-now' : 'translation-hint'} />
      <p id="translation-hint" class="hint">{view.hint}</p>
      {view.linked && (
        <p id="translation-now" class="hint">
          <a href={editHref(view.kind, view.linked.id)}>{view.linked.text}</a>
        </p>
      )}
    </>
  );
}
