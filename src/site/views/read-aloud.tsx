import type { Translator } from '../i18n.js';

/**
 * The read-aloud buttons of a page with text to read (reader.js). Hidden in the page as sent: the
 * script shows them only where the browser can speak.
 */
export function ReadAloud({ t }: { t: Translator }) {
  return (
    <div class="read-aloud" data-read-aloud data-pause={t.m.readAloudPause} data-resume={t.m.readAloudResume} hidden>
      <button type="button" class="read-aloud-button" data-action="play" aria-pressed="false">
        {t.m.readAloud}
      </button>
      <button type="button" class="read-aloud-button" data-action="stop" hidden>
        {t.m.readAloudStop}
      </button>
      <span class="visually-hidden" role="status" data-status />
    </div>
  );
}
