// The workspace's screens: server-rendered, usable without JavaScript. Views never query.
import type { ComponentChildren } from 'preact';
import type { Actor, User } from '../../people/index.js';
import { hasRole, ROLES } from '../../people/index.js';
import { langTag, type Lang } from '../../shared/lang.js';
import type { FieldMessages } from '../i18n-fields.js';
import { redirectMessages } from '../i18n-redirects.js';
import { translationMessages } from '../i18n-translations.js';
import type { AdminMessages } from '../i18n.js';

/** The workspace's screens, as the navigation marks the current one. */
export type Screen = 'dashboard' | 'articles' | 'pages' | 'institutions' | 'media' | 'redirects' | 'translations' | 'users' | 'audit' | 'terms';

export interface AdminPageProps {
  m: AdminMessages;
  lang: Lang;
  title: string;
  actor?: Actor;
  csrf?: string;
  css: string;
  current?: Screen;
  children: ComponentChildren;
}

export function AdminPage(p: AdminPageProps) {
  const { m } = p;
  const isAdmin = p.actor?.role === 'administrator';
  const isEditor = hasRole(p.actor, 'editor');
  return (
    <html lang={langTag(p.lang)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${p.title} | ${m.workspace}`}</title>
        <link rel="stylesheet" href={p.css} />
      </head>
      <body class="admin">
        <a class="skip-link" href="#main">{m.skipToContent}</a>
        <header class="site-header">
          <div class="wrap header-inner">
            <a class="brand" href="/admin">
              <span class="brand-text">
                <span class="brand-name">{m.workspace}</span>
              </span>
            </a>
            {p.actor && (
              <form method="post" action="/admin/logout" class="signout">
                <input type="hidden" name="_csrf" value={p.csrf} />
                <a class="whoami" href="/admin/account">{m.hello(p.actor.name)} · {m.role[p.actor.role]}</a>
                <button type="submit" class="lang-switch">{m.signOut}</button>
              </form>
            )}
          </div>
          {p.actor && (
            <div class="nav-bar">
              <div class="wrap">
                <nav class="site-nav" aria-label={m.dashboard}>
                  <ul>
                    <li><a href="/admin" {...(p.current === 'dashboard' ? { 'aria-current': 'page' as const } : {})}>{m.dashboard}</a></li>
                    <li><a href="/admin/articles" {...(p.current === 'articles' ? { 'aria-current': 'page' as const } : {})}>{m.articlesNav}</a></li>
                    <li><a href="/admin/pages" {...(p.current === 'pages' ? { 'aria-current': 'page' as const } : {})}>{m.pagesNav}</a></li>
                    <li><a href="/admin/institutions" {...(p.current === 'institutions' ? { 'aria-current': 'page' as const } : {})}>{m.institutionsNav}</a></li>
                    <li><a href="/admin/media" {...(p.current === 'media' ? { 'aria-current': 'page' as const } : {})}>{m.media.nav}</a></li>
                    {isEditor && <li><a href="/admin/redirects" {...(p.current === 'redirects' ? { 'aria-current': 'page' as const } : {})}>{redirectMessages(p.lang).nav}</a></li>}
                    {isEditor && <li><a href="/admin/translations" {...(p.current === 'translations' ? { 'aria-current': 'page' as const } : {})}>{translationMessages(p.lang).nav}</a></li>}
                    {isAdmin && <li><a href="/admin/users" {...(p.current === 'users' ? { 'aria-current': 'page' as const } : {})}>{m.users}</a></li>}
                    {isAdmin && <li><a href="/admin/terms" {...(p.current === 'terms' ? { 'aria-current': 'page' as const } : {})}>{m.termsNav}</a></li>}
                    {isAdmin && <li><a href="/admin/audit" {...(p.current === 'audit' ? { 'aria-current': 'page' as const } : {})}>{m.audit}</a></li>}
                    <li><a href={`/${p.lang}/`}>{m.viewSite}</a></li>
                  </ul>
                </nav>
              </div>
            </div>
          )}
        </header>
        <main id="main" tabIndex={-1}>
          <div class="wrap">{p.children}</div>
        </main>
      </body>
    </html>
  );
}

/** `base?filter…&page=N`: the list's address at another page, keeping its search and filters. */
export const pageLink = (base: string, filter: Record<string, string | undefined>, page: number) =>
  `${base}?${new URLSearchParams({ ...(Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as Record<string, string>), page: String(page) })}`;

/** Previous and next page of a workspace list, and where one is. */
export function Pager({ m, base, filter, page, pages, total, labels = [m.newer, m.older] }: { m: AdminMessages; base: string; filter: Record<string, string | undefined>; page: number; pages: number; total: number; labels?: [string, string] }) {
  return (
    <nav class="pagination" aria-label={m.pagination}>
      {page > 1 ? <a href={pageLink(base, filter, page - 1)}>← {labels[0]}</a> : <span />}
      <span class="page-status">{m.number(page)} / {m.number(pages)} · {m.number(total)}</span>
      {page < pages ? <a href={pageLink(base, filter, page + 1)}>{labels[1]} →</a> : <span />}
    </nav>
  );
}

/**
 * A table that may scroll sideways inside its own box on a narrow screen: a named region in the
 * tab order, so that keyboard users can scroll it too (a table of text has nothing else to focus).
 */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

export function Notice({ error, ok }: { error?: string; ok?: string }) {
  if (error) return <p class="notice notice-error" role="alert">{error}</p>;
  if (ok) return <p class="notice notice-ok" role="status">{ok}</p>;
  return null;
}

export function LoginForm({ m, loginToken, name, error, ok }: { m: AdminMessages; loginToken: string; name?: string; error?: string; ok?: string }) {
  return (
    <section class="login">
      <h1>{m.signInTitle}</h1>
      <Notice error={error} ok={ok} />
      <form method="post" action="/admin/login" class="form">
        <input type="hidden" name="_login" value={loginToken} />
        <label for="name">{m.accountName}</label>
        <input id="name" name="name" autoComplete="username" required value={name ?? ''} autoCapitalize="none" spellcheck={false} />
        <label for="password">{m.password}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <label for="totp">{m.totp}</label>
        <input id="totp" name="totp" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" />
        <button type="submit" class="button">{m.signIn}</button>
      </form>
    </section>
  );
}

export interface DashboardItem {
  id: number;
  /** article, page or institution: marked beside the title. */
  kind: string;
  title: string;
  lang: Lang;
  href: string;
}
export interface DashboardView {
  myDrafts: DashboardItem[];
  awaitingReview: DashboardItem[];
  scheduled: DashboardItem[];
  recent: DashboardItem[];
  counts: { articles: number; institutions: number; pages: number };
}

function ItemList({ m, items, id, title }: { m: AdminMessages; items: DashboardItem[]; id: string; title: string }) {
  return (
    <section class="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {items.length === 0 ? (
        <p>{m.nothingYet}</p>
      ) : (
        <ul class="news-list">
          {items.map((r) => (
            <li class="news-item">
              <span class={`kind kind-${r.kind}`}>{m.kindLabels[r.kind] ?? r.kind}</span> <a href={r.href} lang={langTag(r.lang)}>{r.title}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Dashboard({ m, actor, view }: { m: AdminMessages; actor: Actor; view: DashboardView }) {
  return (
    <>
      <h1>{m.hello(actor.name)}</h1>
      <p class="button-row">
        <a class="button" href="/admin/articles/new">{m.newArticle}</a>
        <a class="button button-secondary" href="/admin/pages/new">{m.newPage}</a>
        <a class="button button-secondary" href="/admin/institutions/new">{m.newInstitution}</a>
      </p>
      <div class="dashboard-grid">
        <ItemList m={m} items={view.myDrafts} id="my-drafts" title={m.myDrafts} />
        <ItemList m={m} items={view.awaitingReview} id="awaiting" title={m.awaitingReview} />
        <ItemList m={m} items={view.scheduled} id="scheduled" title={m.scheduled} />
        <ItemList m={m} items={view.recent} id="recent" title={m.recentlyPublished} />
      </div>
      <dl class="stats">
        <dt>{m.articles}</dt><dd>{m.number(view.counts.articles)}</dd>
        <dt>{m.institutions}</dt><dd>{m.number(view.counts.institutions)}</dd>
        <dt>{m.pages}</dt><dd>{m.number(view.counts.pages)}</dd>
      </dl>
    </>
  );
}

export interface UserListView {
  filter: { q?: string; role?: string; state?: string; sort?: string };
  page: number;
  pages: number;
  total: number;
}

export function UsersScreen({ m, f, users, list, scopeOf, csrf, error, ok, form }: { m: AdminMessages; f: FieldMessages; users: User[]; list: UserListView; scopeOf: (userId: number) => number; csrf: string; error?: string; ok?: string; form?: Record<string, string> }) {
  const flt = list.filter;
  return (
    <>
      <h1>{m.users}</h1>
      <Notice error={error} ok={ok} />
      <form method="get" action="/admin/users" class="form form-filters">
        <label for="q">{m.search}</label>
        <input id="q" name="q" type="search" value={flt.q ?? ''} />
        <label for="role">{m.roleLabel}</label>
        <select id="role" name="role">
          <option value="">{m.all}</option>
          {ROLES.map((r) => <option value={r} selected={flt.role === r}>{m.role[r]}</option>)}
        </select>
        <label for="state">{m.state}</label>
        <select id="state" name="state">
          <option value="">{m.all}</option>
          <option value="active" selected={flt.state === 'active'}>{m.active}</option>
          <option value="disabled" selected={flt.state === 'disabled'}>{m.disabled}</option>
        </select>
        <label for="sort">{m.sortBy}</label>
        <select id="sort" name="sort">
          <option value="name" selected={!flt.sort || flt.sort === 'name'}>{m.name}</option>
          <option value="role" selected={flt.sort === 'role'}>{m.roleLabel}</option>
          <option value="created" selected={flt.sort === 'created'}>{m.newestAccounts}</option>
        </select>
        <button type="submit" class="button button-small">{m.filter}</button>
      </form>
      <TableScroll label={m.users}>
        <table class="table">
          <thead>
            <tr><th scope="col">{m.name}</th><th scope="col">{m.displayName}</th><th scope="col">{m.roleLabel}</th><th scope="col">{m.email}</th><th scope="col">{m.twoFactor}</th><th scope="col">{m.state}</th><th scope="col">{m.actions}</th></tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <th scope="row">{u.name}</th>
                <td>{u.displayName}</td>
                <td>
                  {m.role[u.role]}
                  {u.role === 'editor' && (
                    <>
                      <br />
                      <a href={`/admin/users/${encodeURIComponent(u.name)}/scope`}>
                        {f.scope}: {scopeOf(u.id) === 0 ? f.scopeAll : scopeOf(u.id)}
                      </a>
                    </>
                  )}
                </td>
                <td>{u.email ?? ''}</td>
                <td>{u.hasTotp ? '✓' : '–'}</td>
                <td>{u.disabledAt ? m.disabled : m.active}</td>
                <td>
                  <form method="post" action={`/admin/users/${encodeURIComponent(u.name)}/${u.disabledAt ? 'enable' : 'disable'}`}>
                    <input type="hidden" name="_csrf" value={csrf} />
                    <button type="submit" class="button button-small">{u.disabledAt ? m.enable : m.disable}</button>
                  </form>
                  {u.hasTotp && (
                    <form method="post" action={`/admin/users/${encodeURIComponent(u.name)}/totp-reset`}>
                      <input type="hidden" name="_csrf" value={csrf} />
                      <button type="submit" class="button button-small button-secondary">{m.resetTotp}</button>
                    </form>
                  )}
                  <form method="post" action={`/admin/users/${encodeURIComponent(u.name)}/password`} class="inline-form">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <label class="visually-hidden" for={`pw-${u.id}`}>{m.newPassword} ({u.name})</label>
                    <input id={`pw-${u.id}`} name="password" type="password" autoComplete="new-password" required minLength={12} placeholder={m.newPassword} />
                    <button type="submit" class="button button-small button-secondary">{m.resetPassword}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {users.length === 0 && <p>{m.nothingYet}</p>}
      <Pager m={m} base="/admin/users" filter={flt} page={list.page} pages={list.pages} total={list.total} labels={[m.editor.previousPage, m.editor.nextPage]} />
      <h2>{m.addUser}</h2>
      <form method="post" action="/admin/users" class="form">
        <input type="hidden" name="_csrf" value={csrf} />
        <label for="new-name">{m.name}</label>
        <input id="new-name" name="name" required autoComplete="off" value={form?.name ?? ''} />
        <label for="new-display">{m.displayName}</label>
        <input id="new-display" name="displayName" value={form?.displayName ?? ''} />
        <label for="new-email">{m.email}</label>
        <input id="new-email" name="email" type="email" value={form?.email ?? ''} />
        <label for="new-role">{m.roleLabel}</label>
        <select id="new-role" name="role">
          {ROLES.map((r) => <option value={r} selected={form?.role === r}>{m.role[r]}</option>)}
        </select>
        <label for="new-password">{m.password}</label>
        <input id="new-password" name="password" type="password" autoComplete="new-password" required aria-describedby="pw-hint" />
        <p id="pw-hint" class="hint">{m.passwordHint}</p>
        <button type="submit" class="button">{m.add}</button>
      </form>
    </>
  );
}

export interface AuditRow {
  id: number;
  at: string;
  actorName: string | null;
  action: string;
  entityType: string | null;
  entityId: number | null;
  from: string | null;
  to: string | null;
  comment: string | null;
  clientAddress: string | null;
}

export function AuditScreen({ m, rows, action, page, hasMore, formatTime }: { m: AdminMessages; rows: AuditRow[]; action?: string; page: number; hasMore: boolean; formatTime: (iso: string) => string }) {
  const actions = ['login', 'login.failed', 'logout', 'user.create', 'user.disable', 'user.enable', 'user.password', 'user.totp', 'token.create', 'token.revoke', 'media.upload', 'media.alt', 'media.delete', 'redirect.create', 'redirect.update', 'redirect.delete'];
  const link = (p: number) => `/admin/audit?page=${p}${action ? `&action=${encodeURIComponent(action)}` : ''}`;
  return (
    <>
      <h1>{m.audit}</h1>
      <form method="get" action="/admin/audit" class="form form-inline">
        <label for="action">{m.action}</label>
        <select id="action" name="action">
          <option value="">{m.all}</option>
          {actions.map((a) => <option value={a} selected={a === action}>{a}</option>)}
        </select>
        <button type="submit" class="button button-small">{m.filter}</button>
      </form>
      <TableScroll label={m.audit}>
        <table class="table">
          <thead>
            <tr><th scope="col">{m.when}</th><th scope="col">{m.who}</th><th scope="col">{m.action}</th><th scope="col">{m.target}</th><th scope="col">{m.fromTo}</th><th scope="col">{m.comment}</th><th scope="col">{m.address}</th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td class="nowrap"><time dateTime={r.at}>{formatTime(r.at)}</time></td>
                <td>{r.actorName ?? '–'}</td>
                <td>{r.action}</td>
                <td>{r.entityType ? `${r.entityType} ${r.entityId ?? ''}` : ''}</td>
                <td>{r.from || r.to ? `${r.from ?? ''} → ${r.to ?? ''}` : ''}</td>
                <td>{r.comment ?? ''}</td>
                <td>{r.clientAddress ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <nav class="pagination" aria-label={m.pagination}>
        {page > 1 ? <a href={link(page - 1)}>← {m.newer}</a> : <span />}
        {hasMore ? <a href={link(page + 1)}>{m.older} →</a> : <span />}
      </nav>
    </>
  );
}

export function TermsScreen({ m, terms, csrf, error }: { m: AdminMessages; terms: { id: number; term: string; replacement: string | null }[]; csrf: string; error?: string }) {
  return (
    <>
      <h1>{m.termsTitle}</h1>
      <Notice error={error} />
      <form method="post" action="/admin/terms" class="form form-filters">
        <input type="hidden" name="_csrf" value={csrf} />
        <label for="term">{m.term}</label>
        <input id="term" name="term" required maxLength={100} />
        <label for="replacement">{m.replacement}</label>
        <input id="replacement" name="replacement" maxLength={100} />
        <button type="submit" class="button button-small">{m.addTerm}</button>
      </form>
      <TableScroll label={m.termsTitle}>
        <table class="table">
          <thead><tr><th scope="col">{m.term}</th><th scope="col">{m.replacement}</th><th scope="col">{m.actions}</th></tr></thead>
          <tbody>
            {terms.map((t) => (
              <tr>
                <th scope="row">{t.term}</th>
                <td>{t.replacement ?? ''}</td>
                <td>
                  <form method="post" action={`/admin/terms/${t.id}/remove`}>
                    <input type="hidden" name="_csrf" value={csrf} />
                    <button type="submit" class="button button-small button-secondary">{m.remove}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
