// When an item's words last changed (content_changed_at, migration 0015), on every store: what the
// translation view compares. Saves that change the words move it, whoever makes them (by hand, the
// autosave, a restore, an import); status changes and saves of the same words do not.
import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services.js';
import type { Store } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/index.js';
import { migrations } from '../../src/db/migrations/index.js';
import type { Actor } from '../../src/people/index.js';
import { docFromParagraphs } from '../../src/richtext/index.js';
import { articleInput } from '../helpers/app.js';
import { freshServices, manualClock, testDialects, withSchemaLock } from '../helpers/store.js';

const MINUTE = 60_000;

describe.each(testDialects())('content changes on %s', (dialect) => {
  let store: Store;
  let services: Services;
  let clock: ReturnType<typeof manualClock>;
  let publisher: Actor;
  beforeEach(async () => {
    clock = manualClock();
    ({ store, services } = await freshServices(dialect, clock));
    const user = await services.auth.addUser({ name: 'publisher', role: 'publisher', password: 'Violet-Harbour-Lamp-42' });
    publisher = { id: user.id, name: 'publisher', role: 'publisher', locale: 'en' };
  });
  afterEach(() => store.close());

  const at = () => clock.now().toISOString();
  const changedAt = async (id: number) => (await services.newsWorkflow.get(publisher, id)).contentChangedAt;

  it('starts existing rows at their last update', async () => {
    const a = await services.news.create(articleInput('en', 'Before 0015', '2024-01-01T00:00:00.000Z'));
    const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations }, ...(store.schema ? { migrationTableSchema: store.schema } : {}) });
    const later = '2026-12-01T08:00:00.000Z';
    // Dropping columns while other workers' migrations list them would fail those: see withSchemaLock.
    await withSchemaLock(dialect, 'exclusive', async () => {
      // Back to before 0015, undoing the later ones on the way.
      for (let down = await migrator.migrateDown(); ; down = await migrator.migrateDown()) {
        expect(down.error).toBeUndefined();
        expect(down.results?.length).toBe(1);
        if (down.results?.[0]?.migrationName === '0015_content_changed') break;
      }
      // A row as an older version left it, updated after it was created.
      await store.db.updateTable('article').set({ updated_at: later }).where('id', '=', a.id).execute();
      await migrateToLatest(store);
    });
    expect(await changedAt(a.id)).toBe(later);
    expect(a.createdAt).not.toBe(later);
  });

  it('reads a row without the time as last changed at its last update', async () => {
    const a = await services.news.create(articleInput('en', 'Written before 0015', '2024-01-01T00:00:00.000Z'));
    const later = '2026-12-01T08:00:00.000Z';
    await store.db.updateTable('article').set({ updated_at: later, content_changed_at: null as never }).where('id', '=', a.id).execute();
    expect(await changedAt(a.id)).toBe(later);
  });

  it('moves with the words, by hand or by autosave, and stays put through every status change', async () => {
    const a = await services.newsWorkflow.create(publisher, { lang: 'en', title: 'Open day', body: docFromParagraphs(['Doors open at nine.']) });
    expect(a.contentChangedAt).toBe(at());
    const created = at();
    // Submitting, approving, publishing, unpublishing: updated_at moves, the words do not.
    for (const to of ['in_review', 'approved', 'published', 'unpublished', 'draft'] as const) {
      clock.advance(MINUTE);
      const moved = await services.newsWorkflow.transition(publisher, a.id, { to });
      expect(moved.updatedAt).toBe(at());
      expect(moved.contentChangedAt).toBe(created);
    }
    // The same words saved again, a new address, a new SEO title: nothing readers read in the text changed.
    clock.advance(MINUTE);
    let cur = await services.newsWorkflow.get(publisher, a.id);
    cur = await services.newsWorkflow.update(publisher, a.id, { title: 'Open day', body: docFromParagraphs(['Doors open at nine.']), slug: 'open-day-2024', seoTitle: 'Open day at the Academy' }, cur.revision);
    expect(cur.contentChangedAt).toBe(created);
    // The autosave writes the text a later Save would find unchanged: it counts.
    clock.advance(MINUTE);
    cur = await services.newsWorkflow.autosave(publisher, a.id, { body: docFromParagraphs(['Doors open at half past eight.']) }, cur.revision);
    expect(cur.contentChangedAt).toBe(at());
    const autosaved = at();
    clock.advance(MINUTE);
    cur = await services.newsWorkflow.update(publisher, a.id, { summary: null }, cur.revision);
    expect(cur.contentChangedAt).toBe(autosaved);
    clock.advance(MINUTE);
    cur = await services.newsWorkflow.update(publisher, a.id, { summary: 'Once a year.' }, cur.revision);
    expect(cur.contentChangedAt).toBe(at());
    // Restoring the first revision's text is a change of words too.
    clock.advance(MINUTE);
    cur = await services.newsWorkflow.restore(publisher, a.id, 1, cur.revision);
    expect(cur.contentChangedAt).toBe(at());
  });

  it('moves on an import only when the imported text differs', async () => {
    const first = await services.news.upsertImported({ ...articleInput('en', 'Imported', '2020-04-09T02:00:00.000Z', ['Old text.']), legacyKey: 'file:a' });
    const imported = at();
    clock.advance(MINUTE);
    const again = await services.news.upsertImported({ ...articleInput('en', 'Imported', '2020-04-09T02:00:00.000Z', ['Old text.']), legacyKey: 'file:a' });
    expect(again.item.revision).toBe(2);
    expect(again.item.contentChangedAt).toBe(imported);
    clock.advance(MINUTE);
    const changed = await services.news.upsertImported({ ...articleInput('en', 'Imported', '2020-04-09T02:00:00.000Z', ['New text.']), legacyKey: 'file:a' });
    expect(changed.item.id).toBe(first.item.id);
    expect(changed.item.contentChangedAt).toBe(at());
  });

  it("counts an institution's name, profile, contact details and other names, and a page's title, summary and text", async () => {
    const i = await services.institutionsWorkflow.create(publisher, { lang: 'en', name: 'Beijing Planetarium', profile: null });
    const created = at();
    const edit = async (patch: object) => {
      clock.advance(MINUTE);
      const cur = await services.institutionsWorkflow.get(publisher, i.id);
      return (await services.institutionsWorkflow.update(publisher, i.id, patch as never, cur.revision)).contentChangedAt;
    };
    expect(await edit({ position: 7, slug: 'planetarium' })).toBe(created);
    expect(await edit({ aliases: [] })).toBe(created);
    for (const patch of [{ phone: '010-5183 7000' }, { aliases: ['The Planetarium'] }, { name: 'Beijing Planetarium (BJP)' }, { profile: docFromParagraphs(['Opened in 1957.']) }])
      expect(await edit(patch)).toBe(at());
    const p = await services.pagesWorkflow.create(publisher, { lang: 'en', title: 'Visiting', body: docFromParagraphs(['Open at nine.']) });
    clock.advance(MINUTE);
    const moved = await services.pagesWorkflow.update(publisher, p.id, { position: 3 }, p.revision);
    expect(moved.contentChangedAt).toBe(p.contentChangedAt);
    clock.advance(MINUTE);
    expect((await services.pagesWorkflow.update(publisher, p.id, { summary: 'How to come.' }, moved.revision)).contentChangedAt).toBe(at());
  });
});
