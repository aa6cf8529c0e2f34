// The fields beside an article's text: channel, institutions, the other language's version, SEO.
import { LANGS, langTag, type Lang } from '../../shared/lang.js';
import type { FieldMessages } from '../i18n-fields.js';
import { TranslationField } from './translation-field.js';

export interface ArticleMeta {
  channelId: number | null;
  institutionIds: number[];
  /** Those found mentioned in the text, not yet confirmed: shown with a label, sent back as shown. */
  foundIds: number[];
  seoTitle: string;
  seoDescription: string;
  /** The other language's article number as typed ('' for none). */
  translationOf: string;
}

export interface MetaChoices {
  channels: { id: number; name: Record<Lang, string> }[];
  /** Institutions one may name, by language (only the article's own language once it exists). */
  institutions: { id: number; name: string; lang: Lang }[];
  /** The article now linked as the other language's version. */
  translation?: { id: number; title: string };
}

export function ArticleMetaFields({ f, lang, meta, choices }: { f: FieldMessages; lang: Lang; meta: ArticleMeta; choices: MetaChoices }) {
  const byLang = LANGS.map((l) => [l, choices.institutions.filter((i) => i.lang === l)] as const).filter(([, list]) => list.length > 0);
  return (
    <>
      <label for="channelId">{f.channel}</label>
      <select id="channelId" name="channelId">
        <option value="">{f.noChannel}</option>
        {choices.channels.map((c) => (
          <option value={String(c.id)} selected={meta.channelId === c.id}>{c.name[lang]}</option>
        ))}
      </select>
      {byLang.length > 0 && (
        <fieldset class="checklist" aria-describedby="institutions-hint">
          <legend>{f.institutions}</legend>
          <p id="institutions-hint" class="hint">{f.institutionsHint}</p>
          {meta.foundIds.map((id) => <input type="hidden" name="foundShown" value={String(id)} />)}
          {byLang.map(([l, list]) => (
            <div class="checklist-items" lang={langTag(l)}>
              {list.map((i) => (
                <label class="check">
                  <input type="checkbox" name="institutionIds" value={String(i.id)} checked={meta.institutionIds.includes(i.id)} /> {i.name}
                  {meta.foundIds.includes(i.id) && <small class="found-mark">{f.foundInText}</small>}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
      )}
      <TranslationField
        view={{
          kind: 'article',
          label: f.translation,
          hint: f.translationHint,
          value: meta.translationOf,
          ...(choices.translation ? { linked: { ...choices.translation, text: f.translationNow(choices.translation.title) } } : {}),
        }}
      />
      <details class="seo" open={meta.seoTitle !== '' || meta.seoDescription !== ''}>
        <summary>{f.seo}</summary>
        <label for="seoTitle">{f.seoTitle}</label>
        <input id="seoTitle" name="seoTitle" maxLength={200} value={meta.seoTitle} aria-describedby="seo-title-hint" />
        <p id="seo-title-hint" class="hint">{f.seoTitleHint}</p>
        <label for="seoDescription">{f.seoDescription}</label>
        <textarea id="seoDescription" name="seoDescription" rows={2} maxLength={500} aria-describedby="seo-description-hint">{meta.seoDescription}</textarea>
        <p id="seo-description-hint" class="hint">{f.seoDescriptionHint}</p>
      </details>
    </>
  );
}
