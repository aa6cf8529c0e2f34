// One's own account: workspace language, password, the second factor and API tokens.
import type { ApiTokenInfo, User } from '../../people/index.js';
import { LANG_NAMES, LANGS, type Lang } from '../../shared/lang.js';
import type { AccountMessages } from '../i18n-account.js';
import type { FieldMessages } from '../i18n-fields.js';
import { Notice } from './admin-views.js';

export interface AccountView {
  user: User;
  csrf: string;
  mlps: boolean;
  /** A secret being enrolled, not yet saved: shown with its QR code until the code is confirmed. */
  enrolment?: { secret: string; qrDataUrl: string };
  tokens: ApiTokenInfo[];
  newToken?: string;
  error?: string;
  ok?: string;
  formatTime: (iso: string) => string;
}

const Csrf = ({ value }: { value: string }) => <input type="hidden" name="_csrf" value={value} />;

export function AccountScreen({ m, view }: { m: AccountMessages; view: AccountView }) {
  const { user, csrf } = view;
  const totpRequired = view.mlps && user.role === 'administrator';
  return (
    <>
      <h1>{m.title}</h1>
      <p class="lead">{user.displayName} ({user.name})</p>
      <Notice error={view.error} ok={view.ok} />

      <section aria-labelledby="lang-h">
        <h2 id="lang-h">{m.language}</h2>
        <form method="post" action="/admin/account/locale" class="form">
          <Csrf value={csrf} />
          <label for="locale">{m.language}</label>
          <select id="locale" name="locale">
            {LANGS.map((l) => <option value={l} selected={user.locale === l}>{LANG_NAMES[l]}</option>)}
          </select>
          <button type="submit" class="button">{m.saveLanguage}</button>
        </form>
      </section>

      <section aria-labelledby="pw-h">
        <h2 id="pw-h">{m.changePassword}</h2>
        <form method="post" action="/admin/account/password" class="form">
          <Csrf value={csrf} />
          <label for="current-password">{m.currentPassword}</label>
          <input id="current-password" name="currentPassword" type="password" autoComplete="current-password" required />
          <label for="new-password">{m.newPassword}</label>
          <input id="new-password" name="password" type="password" autoComplete="new-password" required minLength={12} />
          <button type="submit" class="button">{m.changePassword}</button>
        </form>
      </section>

      <section aria-labelledby="totp-h">
        <h2 id="totp-h">{m.twoFactor}</h2>
        <p>{user.hasTotp ? m.twoFactorOn : m.twoFactorOff}</p>
        {view.enrolment ? (
          <form method="post" action="/admin/account/totp" class="form">
            <Csrf value={csrf} />
            <p>{m.enrolSteps}</p>
            <img class="qr" src={view.enrolment.qrDataUrl} alt={m.qrAlt} width={200} height={200} />
            <p>
              {m.secretKey}: <code class="secret">{view.enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
            </p>
            <input type="hidden" name="secret" value={view.enrolment.secret} />
            <label for="totp-code">{m.code}</label>
            <input id="totp-code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" maxLength={7} required />
            <button type="submit" class="button">{m.confirm}</button>
          </form>
        ) : user.hasTotp ? (
          totpRequired ? (
            <p class="hint">{m.requiredByMlps}</p>
          ) : (
            <form method="post" action="/admin/account/totp/remove" class="form">
              <Csrf value={csrf} />
              <label for="totp-password">{m.currentPassword}</label>
              <input id="totp-password" name="currentPassword" type="password" autoComplete="current-password" required />
              <button type="submit" class="button button-secondary">{m.remove}</button>
            </form>
          )
        ) : (
          <form method="get" action="/admin/account">
            <input type="hidden" name="enrol" value="totp" />
            <button type="submit" class="button">{m.enrolStart}</button>
          </form>
        )}
      </section>

      <section aria-labelledby="tokens-h">
        <h2 id="tokens-h">{m.tokens}</h2>
        <p class="hint">{m.tokensHint}</p>
        {view.newToken && (
          <p class="notice notice-ok" role="status">
            {m.tokenCreated} <code class="secret">{view.newToken}</code>
          </p>
        )}
        {view.tokens.length === 0 ? (
          <p>{m.noTokens}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr><th scope="col">{m.tokenLabel}</th><th scope="col">{m.created}</th><th scope="col">{m.lastUsed}</th><th scope="col"><span class="visually-hidden">{m.revoke}</span></th></tr>
              </thead>
              <tbody>
                {view.tokens.map((t) => (
                  <tr>
                    <th scope="row">{t.label}</th>
                    <td>{view.formatTime(t.createdAt)}</td>
                    <td>{t.lastUsedAt ? view.formatTime(t.lastUsedAt) : m.never}</td>
                    <td>
                      {t.revokedAt ? (
                        m.revoked
                      ) : (
                        <form method="post" action={`/admin/account/tokens/${t.id}/revoke`}>
                          <Csrf value={csrf} />
                          <button type="submit" class="button button-small button-secondary">{m.revoke}</button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form method="post" action="/admin/account/tokens" class="form">
          <Csrf value={csrf} />
          <label for="token-label">{m.tokenLabel}</label>
          <input id="token-label" name="label" required maxLength={100} />
          <button type="submit" class="button">{m.createToken}</button>
        </form>
      </section>
    </>
  );
}

export interface ScopeView {
  user: User;
  csrf: string;
  lang: Lang;
  channels: { id: number; name: Record<Lang, string> }[];
  /** Institutions of the workspace language (an assignment covers both language versions). */
  institutions: { id: number; name: string }[];
  assigned: { channels: number[]; institutions: number[] };
  error?: string;
}

/** What an editor looks after: the channels and institutions whose drafts they edit and submit. */
export function ScopeScreen({ f, view }: { f: FieldMessages; view: ScopeView }) {
  return (
    <>
      <h1>{f.scope}: {view.user.displayName} ({view.user.name})</h1>
      <p><a href="/admin/users">← {f.backToUsers}</a></p>
      <Notice error={view.error} />
      <p class="hint">{f.scopeHint}</p>
      <form method="post" action={`/admin/users/${encodeURIComponent(view.user.name)}/scope`} class="form form-wide">
        <Csrf value={view.csrf} />
        <fieldset class="checklist">
          <legend>{f.channel}</legend>
          <div class="checklist-items">
            {view.channels.map((c) => (
              <label class="check">
                <input type="checkbox" name="channels" value={String(c.id)} checked={view.assigned.channels.includes(c.id)} /> {c.name[view.lang]}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset class="checklist">
          <legend>{f.institutions}</legend>
          <div class="checklist-items">
            {view.institutions.map((i) => (
              <label class="check">
                <input type="checkbox" name="institutions" value={String(i.id)} checked={view.assigned.institutions.includes(i.id)} /> {i.name}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" class="button">{f.saveScope}</button>
      </form>
    </>
  );
}
