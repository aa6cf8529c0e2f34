// Pages and institutions go through the same workflow as articles, on every store: transitions by
// role, stale saves, the sensitive-term gate, the audit trail, revisions, and schedules carried out
// exactly once (also when two runs race, and after the server was down).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSchedules } from '../src/app/scheduler.js';
import { createServices, type Services } from '../src/app/services.js';
import type { Store } from '../src/db/index.js';
import type { Actor, Role } from '../src/people/index.js';
import { docFromParagraphs } from '../src/richtext/index.js';
import { CONTENT_STATUSES, type ContentStatus, type TransitionInput, type WorkflowItem } from '../src/workflow/index.js';
import { freshServices, manualClock, testDialects } from './helpers/store.js';
import { atLeast, EXPECTED_STEPS, PATH, RANK } from './helpers/workflow.js';

const HOUR = 3600_000;
const PASSWORD = 'Violet-Harbour-Lamp-42';
const ROLES = RANK;

/** What the tests call of each kind's workflow (the inputs differ by kind; each test builds them with draft/retitle). */
interface KindWorkflow {
    create(a: Actor, input: never): Promise<WorkflowItem>;
    update(a: Actor, id: number, patch: never, basedOn: number, o?: { overrideTerms?: string }): Promise<WorkflowItem>;
    transition(a: Actor | undefined, id: number, input: TransitionInput): Promise<WorkflowItem>;
    get(a: Actor, id: number): Promise<WorkflowItem>;
    revisions(a: Actor, id: number): Promise<{ revision: number; title: string }[]>;
    compare(a: Actor, id: number, from: number, to: number): Promise<{ fields: { field: string }[] }>;
    restore(a: Actor, id: number, revision: number, basedOn: number): Promise<WorkflowItem>;
    runSchedule(): Promise<{ published: number[]; unpublished: number[] }>;
}
/** What the tests need of each kind: how to make one, change its text, and find it in public. */
interface Kind {
  kind: 'page' | 'institution';
  stale: string;
  wf(s: Services): KindWorkflow;
  draft(n: number, text?: string): object;
  retitle(title: string): object;
  /** Ids a visitor sees (the public list of the kind). */
  visible(s: Services): Promise<number[]>;
}

const KINDS: Kind[] = [
  {
    kind: 'page',
    stale: 'PAGE_REVISION_STALE',
    wf: (s) => s.pagesWorkflow as unknown as KindWorkflow,
    draft: (n, text = `Text of page ${n}.`) => ({ lang: 'en', title: `Page ${n}`, body: docFromParagraphs([text]) }),
    retitle: (title) => ({ title }),
    visible: async (s) => (await s.pages.listPublished('en', { offset: 0, limit: 100 })).items.map((p) => p.id),
  },
  {
    kind: 'institution',
    stale: 'INSTITUTION_REVISION_STALE',
    wf: (s) => s.institutionsWorkflow as unknown as KindWorkflow,
    draft: (n, text = `Profile of institute ${n}.`) => ({ lang: 'en', name: `Institute ${n}`, profile: docFromParagraphs([text]), address: `${n} Example Road` }),
    retitle: (name) => ({ name }),
    visible: async (s) => (await s.institutions.directory('en')).map((i) => i.id),
  },
];

describe.each(testDialects())('pages and institutions in the workflow on %s', (dialect) => {
  let store: Store;
  let services: Services;
  let clock: ReturnType<typeof manualClock>;
  let actors: Record<Role, Actor>;
  let counter = 0;
  const log = { info: () => {}, error: (o: object) => console.error(o) };

  beforeEach(async () => {
    clock = manualClock();
    ({ store, services } = await freshServices(dialect, clock));
    const entries = await Promise.all(
      ROLES.map(async (role) => {
        const u = await services.auth.addUser({ name: `${role}x`, role, password: PASSWORD });
        return [role, { id: u.id, name: u.name, role: u.role, locale: u.locale }] as const;
      }),
    );
    actors = Object.fromEntries(entries) as Record<Role, Actor>;
  });
  afterEach(() => store.close());

  describe.each(KINDS)('$kind', (k) => {
    const wf = () => k.wf(services);
    const iso = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
    const move = (to: ContentStatus): TransitionInput => ({ to, comment: 'Please check the facts', clientAddress: '198.51.100.7', ...(to === 'scheduled' ? { at: iso(HOUR) } : {}) });
    async function itemIn(status: ContentStatus, text?: string) {
      counter += 1;
      let item = await wf().create(actors.contributor, k.draft(counter, text) as never);
      for (const to of PATH[status]) item = await wf().transition(actors.administrator, item.id, move(to));
      return item;
    }
    const audit = async (id: number) => (await services.auth.listAudit({ action: `${k.kind}.transition`, limit: 1000, offset: 0 })).filter((e) => e.entityId === id);

    it('allows every step to the roles the table names, refuses it to the others, and logs each one', async () => {
      for (const from of CONTENT_STATUSES) {
        for (const to of CONTENT_STATUSES) {
          const least = EXPECTED_STEPS[from][to];
          for (const role of ROLES) {
            const item = await itemIn(from);
            const label = `${role}: ${from} → ${to}`;
            if (least && atLeast(role, least)) {
              expect((await wf().transition(actors[role], item.id, move(to))).status, label).toBe(to);
              expect((await audit(item.id))[0], label).toMatchObject({ actorName: actors[role].name, from, to, clientAddress: '198.51.100.7' });
            } else {
              await expect(wf().transition(actors[role], item.id, move(to)), label).rejects.toMatchObject({ code: least ? 'TRANSITION_FORBIDDEN' : 'TRANSITION_INVALID' });
              expect((await wf().get(actors.administrator, item.id)).status, label).toBe(from);
            }
          }
        }
      }
    });

    it('needs a comment to send an item back to its author, and a signed-in actor for any step', async () => {
      const item = await itemIn('in_review');
      await expect(wf().transition(actors.publisher, item.id, { to: 'draft', comment: '  ' })).rejects.toMatchObject({ code: 'COMMENT_REQUIRED' });
      await expect(wf().transition(undefined, item.id, { to: 'approved' })).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
      expect((await wf().transition(actors.publisher, item.id, { to: 'draft', comment: 'Add the opening hours' })).status).toBe('draft');
    });

    it('makes every save a revision, refuses a save based on an old one, and restores an old text', async () => {
      const item = await itemIn('draft');
      const second = await wf().update(actors.editor, item.id, k.retitle('Second') as never, 1);
      expect(second.revision).toBe(2);
      await expect(wf().update(actors.contributor, item.id, k.retitle('Lost?') as never, 1)).rejects.toMatchObject({ kind: 'conflict', code: k.stale, extra: { details: { current: 2 } } });
      expect((await wf().revisions(actors.editor, item.id)).map((r) => [r.revision, r.title])).toEqual([
        [2, 'Second'],
        [1, k.kind === 'page' ? `Page ${counter}` : `Institute ${counter}`],
      ]);
      expect((await wf().compare(actors.editor, item.id, 1, 2)).fields.map((f) => f.field)).toEqual(['title']);
      const restored = await wf().restore(actors.editor, item.id, 1, 2);
      expect(restored.revision).toBe(3);
      expect((await wf().revisions(actors.editor, item.id))[0]!.title).not.toBe('Second');
      // Contributors edit their own drafts only, and see nobody else's.
      const other = await wf().create(actors.editor, k.draft(999) as never);
      await expect(wf().get(actors.contributor, other.id)).rejects.toMatchObject({ code: `${k.kind.toUpperCase()}_READ_FORBIDDEN` });
      const reviewed = await itemIn('in_review');
      await expect(wf().update(actors.contributor, reviewed.id, k.retitle('x') as never, reviewed.revision)).rejects.toMatchObject({ code: `${k.kind.toUpperCase()}_EDIT_FORBIDDEN` });
    });

    it('blocks review and publication on a sensitive term, unless a publisher gives a reason that is logged', async () => {
      await services.terms.add(actors.administrator, '某敏感词', '替换词');
      const item = await itemIn('draft', '这里有某敏感词。');
      await expect(wf().transition(actors.editor, item.id, { to: 'in_review' })).rejects.toMatchObject({ code: 'SENSITIVE_TERMS_FOUND' });
      await expect(wf().transition(actors.editor, item.id, { to: 'in_review', overrideTerms: 'quoted' })).rejects.toMatchObject({ code: 'SENSITIVE_TERMS_FOUND' });
      expect((await wf().transition(actors.publisher, item.id, { to: 'in_review', overrideTerms: 'A quotation' })).status).toBe('in_review');
      const overrides = await services.auth.listAudit({ action: `${k.kind}.override_terms`, limit: 10, offset: 0 });
      expect(overrides).toEqual([expect.objectContaining({ actorName: actors.publisher.name, entityType: k.kind, entityId: item.id, comment: 'A quotation [某敏感词]' })]);
    });

    it('publishes at the scheduled time exactly once, when runs race and after the server was down, and takes it down on time', async () => {
      const item = await itemIn('approved');
      const at = iso(2 * HOUR);
      await wf().transition(actors.publisher, item.id, { to: 'scheduled', at });
      expect(await k.visible(services)).not.toContain(item.id);
      clock.advance(HOUR);
      await runSchedules(services, log);
      expect(await k.visible(services)).not.toContain(item.id);

      // Down for a day; at start, three runs (two instances) race to catch up.
      clock.advance(24 * HOUR);
      const other = createServices(store.db, clock);
      const runs = await Promise.all([wf().runSchedule(), k.wf(other).runSchedule(), wf().runSchedule()]);
      expect(runs.flatMap((r) => r.published)).toEqual([item.id]);
      expect((await wf().get(actors.publisher, item.id)).status).toBe('published');
      expect((await audit(item.id)).filter((e) => e.to === 'published')).toEqual([expect.objectContaining({ actorName: null, from: 'scheduled', comment: 'scheduled' })]);
      expect(await k.visible(services)).toContain(item.id);
      expect((await wf().get(actors.publisher, item.id)).publishedAt).toBe(at);

      const until = iso(HOUR);
      await wf().transition(actors.publisher, item.id, { to: 'unpublished' });
      await wf().transition(actors.publisher, item.id, { to: 'published', unpublishAt: until });
      clock.advance(2 * HOUR);
      await Promise.all([runSchedules(services, log), runSchedules(createServices(store.db, clock), log)]);
      expect(await k.visible(services)).not.toContain(item.id);
      expect((await audit(item.id)).filter((e) => e.to === 'unpublished' && e.actorName === null)).toHaveLength(1);
      expect(await wf().runSchedule()).toEqual({ published: [], unpublished: [] });
    });

    it('hides drafts from visitors, shows published items, and hides them again once unpublished', async () => {
      const draft = await itemIn('draft');
      const published = await itemIn('published');
      expect(await k.visible(services)).toEqual([published.id]);
      expect(await k.visible(services)).not.toContain(draft.id);
      await wf().transition(actors.publisher, published.id, { to: 'unpublished' });
      expect(await k.visible(services)).toEqual([]);
    });
  });

  it('keeps imported and existing institutions public, and an editor\'s status through a re-import', async () => {
    const imported = await services.institutions.upsertByLegacyKey({ lang: 'en', position: 1, name: 'Old Institute', profile: null, legacyKey: 'k1', legacySource: 'x.txt' });
    expect(imported.item.status).toBe('published');
    await services.institutionsWorkflow.transition(actors.publisher, imported.item.id, { to: 'unpublished' });
    const again = await services.institutions.upsertByLegacyKey({ lang: 'en', position: 1, name: 'Old Institute', profile: docFromParagraphs(['New text.']), legacyKey: 'k1', legacySource: 'x.txt' });
    expect(again.item).toMatchObject({ status: 'unpublished', revision: imported.item.revision + 1 });
    expect(await services.institutions.directory('en')).toEqual([]);
  });
});
