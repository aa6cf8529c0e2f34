// The media library's screens: upload, browse (grid, search, filters, pages) and one item's page.
import type { MediaItem, MediaUse } from '../../media/index.js';
import type { AdminMessages } from '../i18n.js';
import { Notice, Pager, TableScroll } from './admin-views.js';

export const formatBytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${Number((n / 1024 / 1024).toFixed(1))} MB`);

/** The smallest WebP of an image (every browser we serve shows WebP), for thumbnails. */
export function thumbOf(item: MediaItem): string | null {
  if (item.kind !== 'image') return null;
  const v = item.variants.filter((x) => x.mime === 'image/webp').sort((a, b) => (a.width ?? 0) - (b.width ?? 0))[0];
  return v ? `/media/${v.path}` : null;
}
/** The file a person opens: the document itself, or an image's largest fallback. */
export function mainFileOf(item: MediaItem): string | null {
  const files = item.variants.filter((x) => item.kind === 'document' || x.mime === 'image/jpeg' || x.mime === 'image/png');
  const v = files[files.length - 1];
  return v ? `/media/${v.path}` : null;
}
const extOf = (item: MediaItem) => (item.variants[0]?.path.split('.').pop() ?? '').toUpperCase();

export interface MediaListView {
  items: MediaItem[];
  total: number;
  page: number;
  pages: number;
  filter: { q?: string; kind?: string; sort?: string };
  csrf: string;
  limits: { image: string; document: string };
  formatTime: (iso: string) => string;
  error?: string;
  ok?: string;
  alt?: string;
}

function UploadForm({ m, view }: { m: AdminMessages; view: MediaListView }) {
  const mm = m.media;
  return (
    <form method="post" action="/admin/media" enctype="multipart/form-data" class="form media-upload">
      {/* First, so that the token is checked before the file is read. */}
      <input type="hidden" name="_csrf" value={view.csrf} />
      <h2>{mm.uploadTitle}</h2>
      <label for="file">{mm.file}</label>
      <input id="file" name="file" type="file" required accept="image/jpeg,image/png,image/webp,image/gif,image/avif,application/pdf,.pdf,.docx,.xlsx" aria-describedby="file-hint" />
      <p id="file-hint" class="hint">{mm.fileHint.replace('{image}', view.limits.image).replace('{document}', view.limits.document)}</p>
      <label for="alt">{mm.alt}</label>
      <input id="alt" name="alt" maxLength={500} value={view.alt ?? ''} aria-describedby="alt-hint" />
      <p id="alt-hint" class="hint">{mm.altHint}</p>
      <button type="submit" class="button">{mm.upload}</button>
    </form>
  );
}

export function MediaScreen({ m, view }: { m: AdminMessages; view: MediaListView }) {
  const mm = m.media;
  const f = view.filter;
  return (
    <>
      <h1>{mm.title}</h1>
      <Notice error={view.error} ok={view.ok} />
      <UploadForm m={m} view={view} />
      <form method="get" action="/admin/media" class="form form-filters">
        <label for="q">{mm.search}</label>
        <input id="q" name="q" value={f.q ?? ''} type="search" />
        <label for="kind">{mm.kind}</label>
        <select id="kind" name="kind">
          <option value="">{m.all}</option>
          {Object.entries(mm.kinds).map(([k, label]) => <option value={k} selected={f.kind === k}>{label}</option>)}
        </select>
        <label for="sort">{m.sortBy}</label>
        <select id="sort" name="sort">
          <option value="newest" selected={!f.sort || f.sort === 'newest'}>{mm.sortNewest}</option>
          <option value="oldest" selected={f.sort === 'oldest'}>{mm.sortOldest}</option>
          <option value="name" selected={f.sort === 'name'}>{mm.sortName}</option>
          <option value="size" selected={f.sort === 'size'}>{mm.sortSize}</option>
        </select>
        <button type="submit" class="button button-small">{m.filter}</button>
      </form>
      {view.items.length === 0 ? (
        <p>{m.nothingYet}</p>
      ) : (
        <ul class="media-grid">
          {view.items.map((item) => {
            const thumb = thumbOf(item);
            return (
              <li class="media-card">
                <a href={`/admin/media/${item.id}`} class="media-thumb">
                  {thumb ? <img src={thumb} alt={item.alt ?? ''} loading="lazy" /> : <span class="media-doc">{extOf(item)}</span>}
                </a>
                <a href={`/admin/media/${item.id}`} class="media-name">{item.name}</a>
                <span class="media-meta">
                  {mm.kinds[item.kind]} · {item.width ? `${item.width}×${item.height} · ` : ''}{formatBytes(item.byteSize)} · <time dateTime={item.createdAt}>{view.formatTime(item.createdAt)}</time>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <Pager m={m} base="/admin/media" filter={f} page={view.page} pages={view.pages} total={view.total} />
    </>
  );
}

export interface MediaDetailView {
  item: MediaItem;
  uses: MediaUse[];
  csrf: string;
  mayManage: boolean;
  formatTime: (iso: string) => string;
  error?: string;
  ok?: string;
  /** The uses that refused a deletion, shown under the message. */
  blockedBy?: MediaUse[];
}

export function MediaDetail({ m, view }: { m: AdminMessages; view: MediaDetailView }) {
  const mm = m.media;
  const { item } = view;
  const main = mainFileOf(item);
  const preview = item.variants.find((v) => v.mime === 'image/webp' && (v.width ?? 0) >= 480) ?? item.variants.find((v) => v.mime === 'image/webp');
  return (
    <>
      <p><a href="/admin/media">← {mm.back}</a></p>
      <h1>{item.name}</h1>
      <Notice error={view.error} ok={view.ok} />
      {view.blockedBy && (
        <ul class="media-uses">
          {view.blockedBy.map((u) => <li><a href={u.adminPath}>{u.title}</a></li>)}
        </ul>
      )}
      <div class="media-detail">
        {item.kind === 'image' && preview ? (
          <img class="media-preview" src={`/media/${preview.path}`} alt={item.alt ?? ''} width={preview.width ?? undefined} height={preview.height ?? undefined} />
        ) : (
          <span class="media-doc media-doc-large">{extOf(item)}</span>
        )}
        <dl class="media-facts">
          <dt>{mm.kind}</dt>
          <dd>{mm.kinds[item.kind]} ({item.mime})</dd>
          {item.width ? (
            <>
              <dt>{mm.dimensions}</dt>
              <dd>{item.width} × {item.height}</dd>
            </>
          ) : null}
          <dt>{mm.size}</dt>
          <dd>{formatBytes(item.byteSize)}</dd>
          <dt>{mm.uploaded}</dt>
          <dd><time dateTime={item.createdAt}>{view.formatTime(item.createdAt)}</time></dd>
          {main && (
            <>
              <dt>{mm.open}</dt>
              <dd><a href={main}>{main}</a></dd>
            </>
          )}
        </dl>
      </div>

      <h2>{mm.uses}</h2>
      {view.uses.length === 0 ? (
        <p>{mm.noUses}</p>
      ) : (
        <ul class="media-uses">
          {view.uses.map((u) => <li><a href={u.adminPath}>{u.title}</a></li>)}
        </ul>
      )}

      {view.mayManage && (
        <form method="post" action={`/admin/media/${item.id}`} class="form">
          <input type="hidden" name="_csrf" value={view.csrf} />
          <label for="alt">{mm.alt}</label>
          <input id="alt" name="alt" maxLength={500} value={item.alt ?? ''} aria-describedby="alt-hint" />
          <p id="alt-hint" class="hint">{mm.altHint}</p>
          <button type="submit" class="button button-small">{mm.saveAlt}</button>
        </form>
      )}

      <h2>{mm.variants}</h2>
      <TableScroll label={mm.variants}>
        <table class="table">
          <thead>
            <tr><th scope="col">{mm.format}</th><th scope="col">{mm.dimensions}</th><th scope="col">{mm.size}</th></tr>
          </thead>
          <tbody>
            {item.variants.map((v) => (
              <tr>
                <th scope="row"><a href={`/media/${v.path}`}>{v.mime}</a></th>
                <td>{v.width ? `${v.width} × ${v.height}` : '—'}</td>
                <td>{formatBytes(v.byteSize)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      {view.mayManage && view.uses.length === 0 && (
        <form method="post" action={`/admin/media/${item.id}/delete`} class="form">
          <input type="hidden" name="_csrf" value={view.csrf} />
          <p class="hint">{mm.deleteHint}</p>
          <button type="submit" class="button button-danger">{mm.delete}</button>
        </form>
      )}
    </>
  );
}
