// Saving in the background: 3 s after typing stops, every 30 s while there are changes, and when
// the page is hidden. The revision the page was based on travels with every save; a stale one is
// refused (409) and the editor then stops and shows both versions. Until the server has the text,
// a copy stays in this browser (localStorage, by article and revision) and is offered back when
// the page is opened again.
import type { Editor, JSONContent } from '@tiptap/core';
import type { EditorConfig } from '../editor-config.js';
import { csrfToken, el, fill } from './dom.js';

export interface Theirs {
  revision: number;
  title: string;
  summary: string;
  body: JSONContent;
  savedAt: string;
}

interface Draft {
  title: string;
  summary: string;
  slug: string;
  body: JSONContent;
  at: string;
}

const DEBOUNCE_MS = 3000;
const EVERY_MS = 30_000;
const KEEPALIVE_MAX = 60_000; // browsers refuse keepalive bodies over 64 KiB

export function autosaver(opts: {
  editor: Editor;
  config: EditorConfig;
  form: HTMLFormElement;
  status: HTMLElement;
  onConflict: (theirs: Theirs) => void;
  onCreated: (id: number) => void;
}) {
  const { editor, config, form, status } = opts;
  const m = config.messages;
  let id = config.articleId;
  let revision = config.revision;
  let changes = 0; // counts edits; a save clears only the ones it carried
  let savedChanges = 0;
  let inFlight: Promise<void> | undefined;
  let stopped = !config.autosave;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null;
  const keyPrefix = () => `beiguan.draft.article.${id ?? 'new'}.`;
  const key = () => `${keyPrefix()}r${revision}`;
  const snapshot = (): Draft => ({ title: field('title')?.value ?? '', summary: field('summary')?.value ?? '', slug: field('slug')?.value ?? '', body: editor.getJSON(), at: new Date().toISOString() });
  const isDirty = () => changes !== savedChanges;

  const say = (text: string, kind: 'ok' | 'busy' | 'error' = 'ok') => {
    status.textContent = text;
    status.dataset.kind = kind;
  };
  const time = (iso: string) => new Date(iso).toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' });

  function forgetLocal() {
    for (const k of Object.keys(localStorage)) if (k.startsWith(keyPrefix())) localStorage.removeItem(k);
  }
  function keepLocal() {
    try {
      forgetLocal();
      localStorage.setItem(key(), JSON.stringify(snapshot()));
    } catch {
      // Storage full or refused: the server copy is all there is.
    }
  }

  /** Every form on the page that names the revision moves on with it (Save, workflow steps). */
  function setRevision(r: number) {
    revision = r;
    for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('form input[name="revision"]'))) input.value = String(r);
  }

  async function post(url: string, body: unknown, keepalive = false) {
    const payload = JSON.stringify(body);
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken(form), accept: 'application/json' },
      body: payload,
      credentials: 'same-origin',
      keepalive: keepalive && payload.length < KEEPALIVE_MAX,
    });
  }

  async function saveNow(keepalive = false): Promise<void> {
    if (stopped || !isDirty()) return;
    if (inFlight) {
      await inFlight;
      return saveNow(keepalive);
    }
    const carried = changes;
    const draft = snapshot();
    if (id === null && draft.title.trim() === '') {
      say(`${m.notSaved}: ${m.titleNeeded}`, 'error');
      return;
    }
    say(m.saving, 'busy');
    inFlight = (async () => {
      try {
        const content = { title: draft.title, summary: draft.summary, ...(draft.slug.trim() ? { slug: draft.slug.trim() } : {}), body: draft.body };
        const res =
          id === null
            ? await post(config.createUrl, { lang: field('lang')?.value ?? document.documentElement.lang.slice(0, 2), ...content }, keepalive)
            : await post(config.autosaveUrl.replace(':id', String(id)), { revision, ...content }, keepalive);
        const answer = (await res.json().catch(() => ({}))) as { id?: number; revision?: number; savedAt?: string; error?: { code: string; message: string }; current?: Theirs };
        if (res.ok && answer.revision) {
          if (id === null && answer.id) {
            forgetLocal();
            id = answer.id;
            opts.onCreated(answer.id);
          }
          savedChanges = carried;
          setRevision(answer.revision);
          if (isDirty()) keepLocal();
          else forgetLocal();
          say(fill(m.savedAt, { time: time(answer.savedAt ?? new Date().toISOString()) }));
        } else if (res.status === 409 && answer.current) {
          stopped = true;
          keepLocal();
          say(`${m.notSaved}: ${m.conflictTitle}`, 'error');
          opts.onConflict(answer.current);
        } else {
          const code = answer.error?.code ?? '';
          if (code === 'AUTOSAVE_UNAVAILABLE' || code === 'ARTICLE_EDIT_FORBIDDEN') stopped = true;
          say(`${m.notSaved}: ${m.errors[code] ?? answer.error?.message ?? res.status}`, 'error');
        }
      } catch {
        say(`${m.notSaved}: ${m.offline}`, 'error');
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  function changed() {
    changes += 1;
    keepLocal();
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void saveNow(), DEBOUNCE_MS);
  }

  editor.on('update', changed);
  for (const name of ['title', 'summary', 'slug']) field(name)?.addEventListener('input', changed);
  setInterval(() => void saveNow(), EVERY_MS);
  const onHide = () => {
    if (isDirty()) {
      keepLocal();
      void saveNow(true);
    }
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') onHide();
  });
  window.addEventListener('pagehide', onHide);
  if (stopped && config.articleId !== null) say(m.autosaveOff);

  // Save by hand: an autosave under way finishes first, so the form carries the newest revision.
  let submitting = false;
  form.addEventListener('submit', (ev) => {
    if (submitting) return;
    clearTimeout(timer);
    stopped = true;
    if (inFlight) {
      ev.preventDefault();
      submitting = true;
      void inFlight.then(() => form.requestSubmit((ev as SubmitEvent).submitter as HTMLElement | null));
    }
  });

  return {
    get id() {
      return id;
    },
    get revision() {
      return revision;
    },
    /** After a conflict is settled: carry on from their revision. */
    resume(fromRevision: number, save: boolean) {
      forgetLocal();
      setRevision(fromRevision);
      stopped = !config.autosave;
      if (save) changed();
      else savedChanges = changes;
      keepLocalIfDirty();
    },
    /** A copy of unsaved work kept by an earlier visit, if it differs from what the page shows. */
    earlierDraft(): { draft: Draft; revision: number } | undefined {
      const mine = Object.keys(localStorage).filter((k) => k.startsWith(keyPrefix()));
      for (const k of mine) {
        try {
          const draft = JSON.parse(localStorage.getItem(k) ?? '') as Draft;
          const r = Number(k.slice(keyPrefix().length + 1));
          const now = snapshot();
          if (JSON.stringify(draft.body) !== JSON.stringify(now.body) || draft.title !== now.title || draft.summary !== now.summary) return { draft, revision: r };
          localStorage.removeItem(k);
        } catch {
          localStorage.removeItem(k);
        }
      }
      return undefined;
    },
    /** Puts an earlier copy back; based on an older revision, the next save meets the conflict. */
    restore(draft: Draft, basedOn: number) {
      const set = (name: string, v: string) => {
        const f = field(name);
        if (f) f.value = v;
      };
      set('title', draft.title);
      set('summary', draft.summary);
      set('slug', draft.slug);
      setRevision(basedOn);
      editor.commands.setContent(draft.body, { emitUpdate: true });
    },
    forget: forgetLocal,
    saveNow,
  };

  function keepLocalIfDirty() {
    if (isDirty()) keepLocal();
  }
}

/** The "also editing" banner: a heartbeat every 20 s, and a goodbye when the page closes. */
export function presence(config: EditorConfig, form: HTMLFormElement, banner: HTMLElement, articleId: () => number | null) {
  const send = async (leave = false) => {
    const id = articleId();
    if (id === null) return;
    try {
      const res = await fetch(config.presenceUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken(form) },
        body: JSON.stringify({ type: 'article', id, ...(leave ? { leave: true } : {}) }),
        credentials: 'same-origin',
        keepalive: leave,
      });
      if (!res.ok || leave) return;
      const { others } = (await res.json()) as { others: { name: string }[] };
      banner.hidden = others.length === 0;
      banner.textContent = others.length ? fill(config.messages.alsoEditing, { names: others.map((o) => o.name).join('、') }) : '';
    } catch {
      // Offline: the banner keeps what it last knew.
    }
  };
  void send();
  setInterval(() => void send(), 20_000);
  window.addEventListener('pagehide', () => void send(true));
  return send;
}

export { el };
