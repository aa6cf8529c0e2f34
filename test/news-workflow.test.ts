// The editorial workflow on every store: who may do which transition and edit, forbidden fields,
// the audit trail, revisions and stale saves, scheduled publishing and unpublishing done exactly once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../src/app/services.js';
import type { Store } from '../src/db/index.js';
import {
  ARTICLE_STATUSES,
  createNewsRepo,
  createNewsWorkflow,
  TRANSITIONS,
  type Article,
  type ArticleStatus,
  type TransitionInput,
} from '../src/news/index.js';
import type { Actor, Role } from '../src/people/index.js';
import { docFromParagraphs, docToPlainText } from '../src/richtext/index.js';
import { freshServices, TEST_NOW, testDialects, manualClock } from './helpers/store.js';
import { atLeast, EXPECTED_STEPS, PATH } from './helpers/workflow.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PASSWORD = 'Violet-Harbour-Lamp-42';
const ADDRESS = '198.51.100.7';

/** Who acts: the author of the test articles, another contributor, and one of each higher role. */
type Who = 'contributor' | 'otherContributor' | 'editor' | 'publisher' | 'administrator';
const WHO: Who[] = ['contributor', 'otherContributor', 'editor', 'publisher', 'administrator'];
const ACCOUNTS: Record<Who, { name: string; role: Role }> = {
  contributor: { name: 'carol', role: 'contributor' },
  otherContributor: { name: 'dave', role: 'contributor' },
  editor: { name: 'erin', role: 'editor' },
  publisher: { name: 'paul', role: 'publisher' },
  administrator: { name: 'ada', role: 'administrator' },
};

const EXPECTED_TRANSITIONS = EXPECTED_STEPS;

/** Who may save a new revision in which status (contributors: their own drafts only). */
const MAY_EDIT: Record<Who, readonly ArticleStatus[]> = {
  contributor: ['draft'],
  otherContributor: [],
  editor: ['draft', 'in_review'],
  publisher: ARTICLE_STATUSES,
  administrator: ARTICLE_STATUSES,
};

describe.each(testDialects())('news workflow on %s', (dialect) => {
  let store: Store;
  let services: Services;
  let clock: ReturnType<typeof manualClock>;
  let actors: Record<Who, Actor>;
  let counter = 0;

  const wf = () => services.newsWorkflow;
  const iso = (msFromNow: number) => new Date(clock.now().getTime() + msFromNow).toISOString();
  const body = (...paragraphs: string[]) => docFromParagraphs(paragraphs);

  /** Transition extras that make any move well-formed: a comment (for reject), a time (for schedule). */
  const moveInput = (to: ArticleStatus, extra: Partial<TransitionInput> = {}): TransitionInput => ({
    to,
    comment: 'Please add the sources',
    clientAddress: ADDRESS,
    ...(to === 'scheduled' ? { at: iso(DAY) } : {}),
    ...extra,
  });

  async function draft(by: Who = 'contributor', title?: string): Promise<Article> {
    counter += 1;
    return wf().create(actors[by], { lang: 'en', title: title ?? `Workflow article ${counter}`, body: body(`Text of article ${counter}.`) });
  }
  /** A draft by the contributor, moved by the administrator into `status`. */
  async function articleIn(status: ArticleStatus): Promise<Article> {
    let a = await draft();
    for (const to of PATH[status]) a = await wf().transition(actors.administrator, a.id, moveInput(to));
    expect(a.status).toBe(status);
    return a;
  }
  const current = (id: number) => wf().get(actors.administrator, id);
  const publicIds = async () => (await services.news.listPublished('en', { offset: 0, limit: 100 })).items.map((a) => a.id);
  const transitionsOf = async (id: number) =>
    (await services.auth.listAudit({ action: 'article.transition', limit: 1000, offset: 0 })).filter((e) => e.entityId === id);

  beforeEach(async () => {
    clock = manualClock();
    ({ store, services } = await freshServices(dialect, clock));
    const entries = await Promise.all(
      WHO.map(async (who) => {
        const u = await services.auth.addUser({ name: ACCOUNTS[who].name, role: ACCOUNTS[who].role, password: PASSWORD });
        return [who, { id: u.id, name: u.name, role: u.role, locale: u.locale }] as const;
      }),
    );
    actors = Object.fromEntries(entries) as Record<Who, Actor>;
  });
  afterEach(() => store.close());

  describe('permissions', () => {
    it('has the transitions of the issue, and none other', () => {
      expect(TRANSITIONS).toEqual(EXPECTED_TRANSITIONS);
    });

    it.each(ARTICLE_STATUSES)('allows or refuses every transition from %s, for every role', async (from) => {
      for (const who of WHO) {
        // Refused attempts all go to one article, which must come out of them untouched.
        const target = await articleIn(from);
        const auditBefore = (await transitionsOf(target.id)).length;
        for (const to of ARTICLE_STATUSES) {
          const least = EXPECTED_TRANSITIONS[from][to];
          const label = `${who} ${from} → ${to}`;
          // A contributor may submit only their own draft.
          if (least && atLeast(actors[who].role, least) && who !== 'otherContributor') {
            const fresh = await articleIn(from);
            const moved = await wf().transition(actors[who], fresh.id, moveInput(to));
            expect(moved.status, label).toBe(to);
            expect((await current(fresh.id)).status, label).toBe(to);
            const [last] = await transitionsOf(fresh.id);
            expect(last, label).toMatchObject({ actorName: actors[who].name, from, to, clientAddress: ADDRESS });
          } else {
            // Someone else's article is not even readable for a contributor: its state stays hidden.
            await expect(wf().transition(actors[who], target.id, moveInput(to)), label).rejects.toMatchObject({
              code: who === 'otherContributor' ? 'ARTICLE_READ_FORBIDDEN' : least ? 'TRANSITION_FORBIDDEN' : 'TRANSITION_INVALID',
            });
          }
        }
        const after = await current(target.id);
        expect(after).toMatchObject({ status: from, revision: target.revision, publishedAt: target.publishedAt });
        expect(await transitionsOf(target.id)).toHaveLength(auditBefore);
      }
    });

    it('needs a signed-in actor for every workflow action', async () => {
      const a = await draft();
      await expect(wf().create(undefined, { lang: 'en', title: 'Anonymous', body: body('x') })).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
      await expect(wf().update(undefined, a.id, { title: 'x' }, a.revision)).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
      await expect(wf().transition(undefined, a.id, moveInput('in_review'))).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
      await expect(wf().get(undefined, a.id)).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
      await expect(wf().transition(actors.administrator, 9999, moveInput('in_review'))).rejects.toMatchObject({ code: 'ARTICLE_NOT_FOUND' });
    });

    it.each(ARTICLE_STATUSES)('allows or refuses saving an article in %s, for every role', async (status) => {
      for (const who of WHO) {
        const a = await articleIn(status);
        const label = `${who} editing ${status}`;
        const save = wf().update(actors[who], a.id, { title: `Edited by ${who}` }, a.revision);
        if (MAY_EDIT[who].includes(status)) {
          const saved = await save;
          expect(saved, label).toMatchObject({ title: `Edited by ${who}`, status, revision: a.revision + 1 });
        } else {
          await expect(save, label).rejects.toMatchObject({ code: who === 'otherContributor' ? 'ARTICLE_READ_FORBIDDEN' : 'ARTICLE_EDIT_FORBIDDEN' });
          expect(await current(a.id), label).toMatchObject({ title: a.title, revision: a.revision });
        }
      }
    });

    it('lets contributors read their own articles only; editors and above read all', async () => {
      const own = await draft('contributor');
      const reviewed = await articleIn('in_review');
      expect((await wf().get(actors.contributor, own.id)).id).toBe(own.id);
      expect((await wf().get(actors.contributor, reviewed.id)).id).toBe(reviewed.id);
      expect(await wf().revisions(actors.contributor, own.id)).toHaveLength(1);
      for (const id of [own.id, reviewed.id]) {
        await expect(wf().get(actors.otherContributor, id)).rejects.toMatchObject({ code: 'ARTICLE_READ_FORBIDDEN' });
        await expect(wf().revisions(actors.otherContributor, id)).rejects.toMatchObject({ code: 'ARTICLE_READ_FORBIDDEN' });
        for (const who of ['editor', 'publisher', 'administrator'] as const) expect((await wf().get(actors[who], id)).id).toBe(id);
      }
    });

    it('keeps the publication date to publishers and above', async () => {
      const date = '2026-01-05T02:00:00.000Z';
      for (const who of ['contributor', 'editor'] as const) {
        await expect(wf().create(actors[who], { lang: 'en', title: `Dated by ${who}`, body: body('x'), publishedAt: date })).rejects.toMatchObject({
          code: 'FIELD_FORBIDDEN',
        });
      }
      const a = await draft();
      for (const who of ['contributor', 'editor'] as const)
        await expect(wf().update(actors[who], a.id, { publishedAt: date }, a.revision)).rejects.toMatchObject({ code: 'FIELD_FORBIDDEN' });
      await expect(wf().update(actors.editor, a.id, { publishedAt: null }, a.revision)).rejects.toMatchObject({ code: 'FIELD_FORBIDDEN' });
      expect((await current(a.id)).publishedAt).toBeNull();
      expect(await wf().update(actors.publisher, a.id, { publishedAt: date }, a.revision)).toMatchObject({ publishedAt: date, revision: 2 });
      const byAdmin = await wf().create(actors.administrator, { lang: 'en', title: 'Dated by the administrator', body: body('x'), publishedAt: date });
      expect(byAdmin.publishedAt).toBe(date);
    });

    it('keeps the author to administrators', async () => {
      const other = actors.otherContributor.id;
      // Create: one's own name is fine, anyone else's only for an administrator.
      expect((await wf().create(actors.contributor, { lang: 'en', title: 'Mine', body: body('x'), authorId: actors.contributor.id })).authorId).toBe(actors.contributor.id);
      for (const who of ['contributor', 'editor', 'publisher'] as const)
        await expect(wf().create(actors[who], { lang: 'en', title: `For dave by ${who}`, body: body('x'), authorId: other })).rejects.toMatchObject({ code: 'FIELD_FORBIDDEN' });
      expect((await wf().create(actors.administrator, { lang: 'en', title: 'For dave', body: body('x'), authorId: other })).authorId).toBe(other);

      // Update: nobody but an administrator changes the author, not even to themselves.
      const a = await draft('contributor');
      for (const who of ['editor', 'publisher'] as const) {
        await expect(wf().update(actors[who], a.id, { authorId: other }, a.revision)).rejects.toMatchObject({ code: 'FIELD_FORBIDDEN' });
        await expect(wf().update(actors[who], a.id, { authorId: actors[who].id }, a.revision)).rejects.toMatchObject({ code: 'FIELD_FORBIDDEN' });
      }
      expect((await current(a.id)).authorId).toBe(actors.contributor.id);
      // Naming the author it already has is no change.
      expect((await wf().update(actors.editor, a.id, { authorId: actors.contributor.id, title: 'Same author' }, a.revision)).authorId).toBe(actors.contributor.id);
      const moved = await wf().update(actors.administrator, a.id, { authorId: other }, a.revision + 1);
      expect(moved.authorId).toBe(other);
      // The article is dave's now: carol no longer reads or edits it.
      await expect(wf().get(actors.contributor, a.id)).rejects.toMatchObject({ code: 'ARTICLE_READ_FORBIDDEN' });
      await expect(wf().update(actors.contributor, a.id, { title: 'x' }, moved.revision)).rejects.toMatchObject({ code: 'ARTICLE_READ_FORBIDDEN' });
      expect((await wf().update(actors.otherContributor, a.id, { title: 'Dave edits' }, moved.revision)).title).toBe('Dave edits');
    });

    it('changes the status through transitions only, never through a save', async () => {
      const a = await draft();
      const saved = await wf().update(actors.administrator, a.id, { title: 'Sneaky', status: 'published' } as never, a.revision);
      expect(saved.status).toBe('draft');
      expect((await current(a.id)).status).toBe('draft');
      expect(await publicIds()).toEqual([]);
    });
  });

  describe('review and the audit log', () => {
    it('sends an article back to its author only with a comment, and logs every transition', async () => {
      const a = await draft('contributor');
      await wf().transition(actors.editor, a.id, { to: 'in_review', clientAddress: ADDRESS });
      for (const comment of [undefined, '', '   '])
        await expect(wf().transition(actors.publisher, a.id, { to: 'draft', comment, clientAddress: ADDRESS })).rejects.toMatchObject({ code: 'COMMENT_REQUIRED' });
      expect((await current(a.id)).status).toBe('in_review');

      clock.advance(HOUR);
      const back = await wf().transition(actors.publisher, a.id, { to: 'draft', comment: '  Please cite the press release.  ', clientAddress: '203.0.113.9' });
      expect(back.status).toBe('draft');
      // Back in draft, the author may edit it again.
      expect((await wf().update(actors.contributor, a.id, { title: 'With sources' }, back.revision)).status).toBe('draft');

      const log = await transitionsOf(a.id);
      expect(log).toHaveLength(2);
      expect(log[0]).toMatchObject({
        actorName: 'paul',
        action: 'article.transition',
        entityType: 'article',
        entityId: a.id,
        from: 'in_review',
        to: 'draft',
        comment: 'Please cite the press release.',
        clientAddress: '203.0.113.9',
        at: iso(0),
      });
      expect(log[1]).toMatchObject({ actorName: 'erin', from: 'draft', to: 'in_review', comment: null, clientAddress: ADDRESS, at: TEST_NOW });
      const created = (await services.auth.listAudit({ action: 'article.create', limit: 10, offset: 0 })).filter((e) => e.entityId === a.id);
      expect(created).toEqual([expect.objectContaining({ actorName: 'carol', to: 'draft' })]);
    });

    it('carries out only one of two simultaneous transitions of the same article', async () => {
      const a = await articleIn('approved');
      const results = await Promise.allSettled([
        wf().transition(actors.publisher, a.id, { to: 'published' }),
        wf().transition(actors.administrator, a.id, { to: 'scheduled', at: iso(HOUR) }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<Article>).value);
      expect(won).toHaveLength(1);
      // The loser either saw the state change under it, or (when it read after the winner wrote)
      // found the step no longer possible: either way it is refused and writes nothing.
      const lost = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as { code: string });
      expect(lost).toHaveLength(1);
      expect(['ARTICLE_STATE_CHANGED', 'TRANSITION_INVALID']).toContain(lost[0]!.code);
      expect((await current(a.id)).status).toBe(won[0]!.status);
      expect((await transitionsOf(a.id)).filter((e) => e.from === 'approved')).toHaveLength(1);
    });

    it('logs the whole life of an article, in order, with no entry for refused attempts', async () => {
      // The editor's draft: the contributor may take none of these steps on it.
      const a = await draft('editor');
      const steps: [Who, ArticleStatus][] = [
        ['editor', 'in_review'],
        ['publisher', 'approved'],
        ['publisher', 'published'],
        ['publisher', 'unpublished'],
        ['editor', 'draft'],
        ['publisher', 'archived'],
      ];
      for (const [who, to] of steps) {
        await expect(wf().transition(actors.contributor, a.id, moveInput(to))).rejects.toMatchObject({ code: 'ARTICLE_READ_FORBIDDEN' });
        clock.advance(MINUTE);
        await wf().transition(actors[who], a.id, moveInput(to));
      }
      const log = (await transitionsOf(a.id)).reverse();
      expect(log.map((e) => [e.actorName, e.from, e.to])).toEqual([
        ['erin', 'draft', 'in_review'],
        ['paul', 'in_review', 'approved'],
        ['paul', 'approved', 'published'],
        ['paul', 'published', 'unpublished'],
        ['erin', 'unpublished', 'draft'],
        ['paul', 'draft', 'archived'],
      ]);
      expect(log.map((e) => e.at)).toEqual(steps.map((_, i) => new Date(Date.parse(TEST_NOW) + (i + 1) * MINUTE).toISOString()));
    });
  });

  describe('revisions', () => {
    it('makes every save a revision and keeps the earlier text', async () => {
      const a = await wf().create(actors.contributor, { lang: 'en', title: 'First title', body: body('First text.') });
      expect(a.revision).toBe(1);
      expect(await wf().revisions(actors.contributor, a.id)).toEqual([
        expect.objectContaining({ revision: 1, title: 'First title', status: 'draft', savedBy: actors.contributor.id, authorId: actors.contributor.id }),
      ]);

      clock.advance(MINUTE);
      const b = await wf().update(actors.contributor, a.id, { title: 'Second title', body: body('Second text.') }, 1);
      clock.advance(MINUTE);
      const c = await wf().update(actors.editor, a.id, { summary: 'A summary' }, 2);
      expect([b.revision, c.revision]).toEqual([2, 3]);
      expect(c).toMatchObject({ title: 'Second title', summary: 'A summary', revision: 3 });
      expect(docToPlainText(c.body)).toBe('Second text.');

      const revs = await wf().revisions(actors.editor, a.id);
      expect(revs.map((r) => r.revision)).toEqual([3, 2, 1]);
      expect(revs.map((r) => r.savedBy)).toEqual([actors.editor.id, actors.contributor.id, actors.contributor.id]);
      expect(revs.map((r) => r.title)).toEqual(['Second title', 'Second title', 'First title']);
      expect(revs.map((r) => docToPlainText(r.body))).toEqual(['Second text.', 'Second text.', 'First text.']);
      expect(revs.map((r) => r.createdAt)).toEqual([iso(0), iso(-MINUTE), iso(-2 * MINUTE)]);
    });

    it('refuses a save based on an old revision and loses nothing', async () => {
      const a = await draft('contributor');
      // The contributor and the editor both opened revision 1; the editor saves first.
      await wf().update(actors.editor, a.id, { title: 'Editor version', body: body('Edited by the editor.') }, 1);
      const err = await wf()
        .update(actors.contributor, a.id, { title: 'Contributor version', body: body('Edited by the contributor.') }, 1)
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'conflict', code: 'ARTICLE_REVISION_STALE', extra: { details: { current: 2 } } });

      const now = await current(a.id);
      expect(now).toMatchObject({ title: 'Editor version', revision: 2 });
      expect(docToPlainText(now.body)).toBe('Edited by the editor.');
      const revs = await wf().revisions(actors.editor, a.id);
      expect(revs.map((r) => [r.revision, r.title])).toEqual([
        [2, 'Editor version'],
        [1, a.title],
      ]);
      // Based on the revision it reports, the save goes through.
      expect((await wf().update(actors.contributor, a.id, { title: 'Contributor version' }, 2)).revision).toBe(3);
      // A revision from the future is as stale as one from the past.
      await expect(wf().update(actors.contributor, a.id, { title: 'x' }, 7)).rejects.toMatchObject({ code: 'ARTICLE_REVISION_STALE', extra: { details: { current: 3 } } });
    });

    it('lets only one of two simultaneous saves of the same revision win', async () => {
      const a = await draft('contributor');
      const results = await Promise.allSettled([
        wf().update(actors.editor, a.id, { title: 'Left' }, 1),
        wf().update(actors.publisher, a.id, { title: 'Right' }, 1),
        wf().update(actors.administrator, a.id, { title: 'Middle' }, 1),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<Article>).value);
      const lost = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
      expect(won).toHaveLength(1);
      expect(lost).toEqual([expect.objectContaining({ code: 'ARTICLE_REVISION_STALE' }), expect.objectContaining({ code: 'ARTICLE_REVISION_STALE' })]);
      expect(await current(a.id)).toMatchObject({ title: won[0]!.title, revision: 2 });
      expect((await wf().revisions(actors.editor, a.id)).map((r) => [r.revision, r.title])).toEqual([
        [2, won[0]!.title],
        [1, a.title],
      ]);
    });

    /** A workflow whose first load lets another request in before the save is written. */
    const paused = (meanwhile: () => Promise<unknown>) => {
      const repo = createNewsRepo(store.db);
      let done = false;
      return createNewsWorkflow({
        repo: {
          ...repo,
          async findById(id: number) {
            const found = await repo.findById(id);
            if (!done) {
              done = true;
              await meanwhile();
            }
            return found;
          },
        },
        clock,
        audit: services.auth.audit,
        checkTerms: async () => [],
        recordImages: (id, body) => services.media.syncUses({ type: 'article', id }, body),
      });
    };

    it('refuses a save that would undo a transition made while it was being prepared', async () => {
      // The author saves her draft while an editor sends it to review: the save must not go into
      // the reviewed article, nor put it back into draft.
      const a = await draft('contributor');
      const race1 = paused(() => wf().transition(actors.editor, a.id, moveInput('in_review')));
      await expect(race1.update(actors.contributor, a.id, { title: 'Late change' }, a.revision)).rejects.toMatchObject({ code: 'ARTICLE_STATE_CHANGED' });
      expect(await current(a.id)).toMatchObject({ status: 'in_review', title: a.title, revision: a.revision });
      expect(await wf().revisions(actors.editor, a.id)).toHaveLength(1);
    });

    it('does not let a save bring back a schedule the scheduler has just carried out', async () => {
      // A publisher edits a scheduled article while the scheduler publishes it: it must stay
      // published, with its date, and not be published a second time.
      const s = await articleIn('scheduled');
      const at = s.publishedAt!;
      clock.advance(2 * DAY);
      const race2 = paused(() => wf().runSchedule());
      await expect(race2.update(actors.publisher, s.id, { title: 'Typo fixed' }, s.revision)).rejects.toMatchObject({ code: 'ARTICLE_STATE_CHANGED' });
      expect(await current(s.id)).toMatchObject({ status: 'published', publishedAt: at });
      expect(await wf().runSchedule()).toEqual({ published: [], unpublished: [] });
      expect((await transitionsOf(s.id)).filter((e) => e.to === 'published')).toHaveLength(1);
      // Reloaded, the save goes through and the article stays published.
      const fresh = await current(s.id);
      expect(await wf().update(actors.publisher, s.id, { title: 'Typo fixed' }, fresh.revision)).toMatchObject({ status: 'published', publishedAt: at });
      expect(await publicIds()).toContain(s.id);
    });
  });

  describe('scheduling', () => {
    it('refuses a schedule in the past or without a time', async () => {
      const a = await articleIn('approved');
      for (const at of [undefined, iso(-MINUTE), iso(0), '2020-01-01T00:00:00Z'])
        await expect(wf().transition(actors.publisher, a.id, { to: 'scheduled', at })).rejects.toMatchObject({ code: 'SCHEDULE_IN_PAST' });
      await expect(wf().transition(actors.publisher, a.id, { to: 'scheduled', at: 'next tuesday' })).rejects.toMatchObject({ code: 'ARTICLE_DATE_INVALID' });
      expect((await current(a.id)).status).toBe('approved');
    });

    it('publishes a scheduled article at its time, exactly once, also after the server was down', async () => {
      const a = await articleIn('approved');
      const at = iso(2 * HOUR);
      const scheduled = await wf().transition(actors.publisher, a.id, { to: 'scheduled', at });
      expect(scheduled).toMatchObject({ status: 'scheduled', publishedAt: at });
      expect(await publicIds()).toEqual([]);
      await expect(services.news.getPublishedBySlug('en', a.slug)).rejects.toMatchObject({ code: 'ARTICLE_NOT_FOUND' });

      clock.advance(HOUR);
      expect(await wf().runSchedule()).toEqual({ published: [], unpublished: [] });
      expect(await publicIds()).toEqual([]);

      // The server was down when it fell due; the run at start catches up, keeping the planned date.
      clock.advance(DAY);
      expect(await wf().runSchedule()).toEqual({ published: [a.id], unpublished: [] });
      expect(await current(a.id)).toMatchObject({ status: 'published', publishedAt: at });
      expect(await publicIds()).toEqual([a.id]);
      expect((await services.news.getPublishedBySlug('en', a.slug)).id).toBe(a.id);

      expect(await wf().runSchedule()).toEqual({ published: [], unpublished: [] });
      const published = (await transitionsOf(a.id)).filter((e) => e.to === 'published');
      expect(published).toEqual([expect.objectContaining({ actorName: null, from: 'scheduled', to: 'published' })]);
    });

    it('publishes each due article once when two runs race', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const a = await articleIn('approved');
        await wf().transition(actors.publisher, a.id, { to: 'scheduled', at: iso((i + 1) * MINUTE) });
        ids.push(a.id);
      }
      clock.advance(HOUR);
      // Two instances of the server, over the same store.
      const other = createServices(store.db, clock).newsWorkflow;
      const runs = await Promise.all([wf().runSchedule(), other.runSchedule(), wf().runSchedule()]);
      const published = runs.flatMap((r) => r.published);
      expect([...published].sort((x, y) => x - y)).toEqual(ids);
      for (const id of ids) expect((await transitionsOf(id)).filter((e) => e.to === 'published'), `article ${id}`).toHaveLength(1);
      expect((await publicIds()).sort((x, y) => x - y)).toEqual(ids);
    });

    it('takes a published article down at its unpublish time, exactly once', async () => {
      const a = await articleIn('approved');
      const until = iso(3 * HOUR);
      const published = await wf().transition(actors.publisher, a.id, { to: 'published', unpublishAt: until });
      expect(published).toMatchObject({ status: 'published', publishedAt: TEST_NOW, unpublishAt: until });
      expect(await publicIds()).toEqual([a.id]);

      clock.advance(2 * HOUR);
      expect(await wf().runSchedule()).toEqual({ published: [], unpublished: [] });
      expect(await publicIds()).toEqual([a.id]);

      clock.advance(2 * HOUR);
      const runs = await Promise.all([wf().runSchedule(), wf().runSchedule()]);
      expect(runs.flatMap((r) => r.unpublished)).toEqual([a.id]);
      expect(await current(a.id)).toMatchObject({ status: 'unpublished', unpublishAt: null });
      expect(await publicIds()).toEqual([]);
      await expect(services.news.getPublishedBySlug('en', a.slug)).rejects.toMatchObject({ code: 'ARTICLE_NOT_FOUND' });
      expect(await wf().runSchedule()).toEqual({ published: [], unpublished: [] });
      expect((await transitionsOf(a.id)).filter((e) => e.to === 'unpublished')).toEqual([
        expect.objectContaining({ actorName: null, from: 'published', to: 'unpublished' }),
      ]);
    });

    it('refuses an unpublish time that has already passed', async () => {
      const a = await articleIn('approved');
      await expect(wf().transition(actors.publisher, a.id, { to: 'published', unpublishAt: iso(-MINUTE) })).rejects.toMatchObject({ code: 'SCHEDULE_IN_PAST' });
      await expect(wf().transition(actors.publisher, a.id, { to: 'published', unpublishAt: 'soon' })).rejects.toMatchObject({ code: 'ARTICLE_DATE_INVALID' });
      expect((await current(a.id)).status).toBe('approved');
    });

    it('forgets an unpublish time once the article is no longer published', async () => {
      const a = await articleIn('approved');
      await wf().transition(actors.publisher, a.id, { to: 'published', unpublishAt: iso(HOUR) });
      expect((await wf().transition(actors.publisher, a.id, { to: 'archived' })).unpublishAt).toBeNull();
      for (const to of ['draft', 'in_review', 'approved'] as const) await wf().transition(actors.administrator, a.id, moveInput(to));
      await wf().transition(actors.publisher, a.id, { to: 'scheduled', at: iso(2 * HOUR) });
      clock.advance(3 * HOUR);
      expect(await wf().runSchedule()).toEqual({ published: [a.id], unpublished: [] });
      expect(await wf().runSchedule()).toEqual({ published: [], unpublished: [] });
      expect(await publicIds()).toEqual([a.id]);
    });

    it('does not keep the date of a withdrawn schedule', async () => {
      const a = await articleIn('approved');
      await wf().transition(actors.publisher, a.id, { to: 'scheduled', at: iso(HOUR) });
      expect((await wf().transition(actors.publisher, a.id, { to: 'approved' })).publishedAt).toBeNull();
      clock.advance(DAY);
      expect(await wf().runSchedule()).toEqual({ published: [], unpublished: [] });
      // Published days after the withdrawn date: it is dated when it was published.
      expect((await wf().transition(actors.publisher, a.id, { to: 'published' })).publishedAt).toBe(iso(0));
    });
  });

  describe('publishing', () => {
    it('dates an undated article now, shows it to visitors, and hides it once unpublished', async () => {
      const a = await articleIn('approved');
      expect(a.publishedAt).toBeNull();
      expect(await publicIds()).toEqual([]);
      clock.advance(MINUTE);
      const p = await wf().transition(actors.publisher, a.id, { to: 'published', clientAddress: ADDRESS });
      expect(p).toMatchObject({ status: 'published', publishedAt: iso(0), unpublishAt: null });
      expect(await publicIds()).toEqual([a.id]);
      expect(await services.news.getPublishedBySlug('en', a.slug)).toMatchObject({ id: a.id, title: a.title });
      expect((await services.news.getPublishedById(a.id)).id).toBe(a.id);

      clock.advance(MINUTE);
      await wf().transition(actors.publisher, a.id, { to: 'unpublished' });
      expect(await publicIds()).toEqual([]);
      await expect(services.news.getPublishedBySlug('en', a.slug)).rejects.toMatchObject({ code: 'ARTICLE_NOT_FOUND' });

      // Published again, it keeps its first date.
      clock.advance(MINUTE);
      expect((await wf().transition(actors.publisher, a.id, { to: 'published' })).publishedAt).toBe(p.publishedAt);
      expect(await publicIds()).toEqual([a.id]);
    });

    it('keeps a back-dated publication date a publisher set, and dates a future one now', async () => {
      const back = await articleIn('approved');
      await wf().update(actors.publisher, back.id, { publishedAt: '2025-06-01T00:00:00.000Z' }, back.revision);
      expect((await wf().transition(actors.publisher, back.id, { to: 'published' })).publishedAt).toBe('2025-06-01T00:00:00.000Z');

      const ahead = await articleIn('approved');
      await wf().update(actors.publisher, ahead.id, { publishedAt: iso(DAY) }, ahead.revision);
      expect((await wf().transition(actors.publisher, ahead.id, { to: 'published' })).publishedAt).toBe(iso(0));
      expect((await publicIds()).sort((x, y) => x - y)).toEqual([back.id, ahead.id]);
    });

    it('lets a publisher correct a published article without taking it down', async () => {
      const a = await articleIn('published');
      await expect(wf().update(actors.editor, a.id, { title: 'Editor fix' }, a.revision)).rejects.toMatchObject({ code: 'ARTICLE_EDIT_FORBIDDEN' });
      const fixed = await wf().update(actors.publisher, a.id, { title: 'Corrected title' }, a.revision);
      expect(fixed).toMatchObject({ status: 'published', revision: a.revision + 1, publishedAt: a.publishedAt });
      expect((await services.news.getPublishedBySlug('en', a.slug)).title).toBe('Corrected title');
    });
  });
});
