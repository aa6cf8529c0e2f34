// The article text field: a plain text area that works without JavaScript, and over it the
// rich-text editor (its bundle, and its settings as data on the mount: nothing inline for the CSP).
// Without JavaScript the form still carries the stored document (bodyJson) with a fingerprint of
// the text area as shown (bodyBase): if the text area comes back unchanged, the document is kept
// as it was, images and tables included; if it was edited, it is read as text or HTML.
import type { EditorConfig } from '../editor-config.js';
import type { AdminMessages } from '../i18n.js';
import { Script } from '../../site/views/script.js';

export interface RichField {
  config: EditorConfig;
  /** The editor's script and styles; without the script, the text area stays the editor. */
  assets: { js?: string; css: string };
  /** Fingerprint of the text area's text as shown (see bodyTextFingerprint). */
  bodyBase: string;
}

export function BodyField({ m, bodyText, rich }: { m: AdminMessages; bodyText: string; rich?: RichField }) {
  return (
    <>
      <label for="bodyText" id="bodyText-label">{m.body}</label>
      <textarea id="bodyText" name="bodyText" rows={18} aria-describedby="body-hint">{bodyText}</textarea>
      <p id="body-hint" class="hint">{m.bodyHint}</p>
      {rich && (
        <>
          <input type="hidden" name="bodyJson" value={JSON.stringify(rich.config.doc)} />
          <input type="hidden" name="bodyBase" value={rich.bodyBase} />
          <input type="hidden" name="bodyMode" value="" />
          {rich.assets.js && (
            <>
              <link rel="stylesheet" href={rich.assets.css} />
              <div id="rte-mount" class="rte" hidden data-config={JSON.stringify(rich.config)} />
              <Script src={rich.assets.js} />
            </>
          )}
        </>
      )}
    </>
  );
}

/** Who else had the article open in the last minute; the editor keeps it current. */
export function PresenceBanner({ m, names }: { m: AdminMessages; names: string[] }) {
  return (
    <p id="presence-banner" class="notice presence" role="status" hidden={names.length === 0}>
      {names.length ? m.editor.alsoEditing.replace('{names}', names.join('、')) : ''}
    </p>
  );
}
