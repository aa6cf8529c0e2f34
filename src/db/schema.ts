// Row types of every table, as Kysely sees them. Timestamps are written as ISO strings and read
// back as strings (SQLite) or Dates (PostgreSQL); the repositories' toX() functions even that out.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<string | Date, string, string>;
type NullableTimestamp = ColumnType<string | Date | null, string | null, string | null>;
/** When the words last changed (migration 0015): null only in rows written before it, read as updated_at. */
type ChangedTimestamp = ColumnType<string | Date | null, string | undefined, string>;

export interface LanguageTable {
  code: string;
  name: string;
  native_name: string;
  is_default: number;
  position: number;
}

export interface ChannelTable {
  id: Generated<number>;
  slug: string;
  name_zh: string;
  name_en: string;
  position: number;
}

export interface InstitutionTable {
  id: Generated<number>;
  lang: string;
  position: number;
  name: string;
  slug: string;
  profile: string | null;
  external_url: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  translation_group: number | null;
  legacy_key: string | null;
  legacy_source: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  content_changed_at: ChangedTimestamp;
  status: Generated<string>;
  revision: Generated<number>;
  author_id: number | null;
  published_at: NullableTimestamp;
  unpublish_at: NullableTimestamp;
}

export interface ArticleTable {
  id: Generated<number>;
  lang: string;
  slug: string;
  title: string;
  summary: string | null;
  body: string;
  status: string;
  channel_id: number | null;
  published_at: NullableTimestamp;
  translation_group: number | null;
  legacy_key: string | null;
  legacy_id: string | null;
  legacy_url: string | null;
  legacy_source: string | null;
  legacy_prev_title: string | null;
  legacy_next_title: string | null;
  author_id: number | null;
  unpublish_at: NullableTimestamp;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  content_changed_at: ChangedTimestamp;
  seo_title: string | null;
  seo_description: string | null;
}

export interface ArticleInstitutionTable {
  article_id: number;
  institution_id: number;
  /** 'editor' (chosen or confirmed) or 'found' (a mention found in the text on save). */
  origin: ColumnType<string, string | undefined, string>;
}
export interface ArticleInstitutionRemovedTable {
  article_id: number;
  institution_id: number;
}
export interface InstitutionAliasTable {
  institution_id: number;
  alias: string;
}
export interface UserChannelTable {
  user_id: number;
  channel_id: number;
}
export interface UserInstitutionTable {
  user_id: number;
  institution_id: number;
}

export interface PageTable {
  id: Generated<number>;
  lang: string;
  slug: string;
  title: string;
  summary: string | null;
  body: string;
  status: string;
  position: number;
  translation_group: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  content_changed_at: ChangedTimestamp;
  revision: Generated<number>;
  author_id: number | null;
  published_at: NullableTimestamp;
  unpublish_at: NullableTimestamp;
}

export interface RedirectTable {
  id: Generated<number>;
  from_path: string;
  to_path: string;
  status_code: number;
  created_at: Timestamp;
  /** legacy (the import), slug (an item's address changed) or editor (migration 0011). */
  origin: ColumnType<string, string | undefined, string>;
}

/** An address whose content left the site: it answers 410 Gone (migration 0011). */
export interface GoneTable {
  path: string;
  kind: string;
  gone_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  name: string;
  display_name: string;
  email: string | null;
  role: string;
  locale: string;
  password_hash: string;
  password_changed_at: Timestamp;
  totp_secret: string | null;
  failed_logins: Generated<number>;
  last_failed_at: NullableTimestamp;
  locked_until: NullableTimestamp;
  disabled_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserSessionTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  client_address: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  label: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface LoginThrottleTable {
  client_key: string;
  failures: number;
  window_start: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  entity_type: string | null;
  entity_id: number | null;
  from_state: string | null;
  to_state: string | null;
  comment: string | null;
  client_address: string | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface AuditCheckpointTable {
  id: Generated<number>;
  at: Timestamp;
  /** The last record pruned; those after it are chained from its hash. */
  through_id: number;
  through_hash: string;
  /** Records pruned so far, this checkpoint's included. */
  pruned_count: number;
  keep_days: number;
}

export interface ArticleRevisionTable {
  id: Generated<number>;
  article_id: number;
  revision: number;
  title: string;
  slug: string;
  summary: string | null;
  body: string;
  published_at: NullableTimestamp;
  status: string;
  author_id: number | null;
  saved_by: number | null;
  created_at: Timestamp;
  fields: string | null;
  /** 1 when saved by the editor's autosave (see NewsWorkflow.autosave). */
  is_autosave: Generated<number>;
}

export interface PreviewLinkTable {
  id: Generated<number>;
  token_hash: string;
  article_id: number;
  created_by: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface SensitiveTermTable {
  id: Generated<number>;
  term: string;
  replacement: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface MediaTable {
  id: Generated<number>;
  kind: string;
  mime: string;
  original_name: string;
  alt: string | null;
  width: number | null;
  height: number | null;
  byte_size: number;
  sha256: string;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MediaVariantTable {
  id: Generated<number>;
  media_id: number;
  path: string;
  mime: string;
  width: number | null;
  height: number | null;
  byte_size: number;
}

export interface MediaUseTable {
  media_id: number;
  owner_type: string;
  owner_id: number;
}

export interface PresenceTable {
  entity_type: string;
  entity_id: number;
  user_id: number;
  seen_at: Timestamp;
}

/** Revisions of pages and institutions (articles keep theirs in article_revision). */
export interface ContentRevisionTable {
  id: Generated<number>;
  entity_type: string;
  entity_id: number;
  revision: number;
  title: string;
  slug: string;
  summary: string | null;
  body: string | null;
  /** JSON: what only one kind has (an institution's contact details and number, a page's position). */
  fields: string;
  published_at: NullableTimestamp;
  status: string;
  author_id: number | null;
  saved_by: number | null;
  created_at: Timestamp;
}

export interface SiteChangeTable {
  id: number;
  /** Bumped by triggers on every change visitors may see (migration 0010). */
  generation: ColumnType<string | number | bigint, number, number>;
}

/** The search index (migration 0012); on PostgreSQL also a generated tsvector column, never written. */
/** One row: the tokens' version the search index was built with (migration 0017). */
export interface SearchVersionTable {
  id: number;
  tokens: string;
}

export interface SearchDocTable {
  id: Generated<number>;
  type: string;
  item_id: number;
  lang: string;
  title: string;
  text: string;
  title_tokens: string;
  body_tokens: string;
  title_length: number;
  body_length: number;
  url: string;
  channel_id: number | null;
  year: number | null;
  published_at: NullableTimestamp;
  unpublish_at: NullableTimestamp;
  updated_at: Timestamp;
}

/** A token of one language, and how many documents hold it; the empty token counts the language's documents (0016). */
export interface SearchTermTable {
  id: Generated<number>;
  token: string;
  lang: string;
  docs: number;
}

/** A token of a document and its BM25 term weight, an integer fixed at write time (0016). */
export interface SearchPostingTable {
  term_id: number;
  doc_id: number;
  weight: number;
  /** The article's year of publication; 0 for items freshness does not boost. */
  year: number;
}

export interface DB {
  site_change: SiteChangeTable;
  language: LanguageTable;
  channel: ChannelTable;
  institution: InstitutionTable;
  article: ArticleTable;
  page: PageTable;
  redirect: RedirectTable;
  gone: GoneTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  audit_checkpoint: AuditCheckpointTable;
  article_revision: ArticleRevisionTable;
  preview_link: PreviewLinkTable;
  sensitive_term: SensitiveTermTable;
  article_institution: ArticleInstitutionTable;
  article_institution_removed: ArticleInstitutionRemovedTable;
  institution_alias: InstitutionAliasTable;
  user_channel: UserChannelTable;
  user_institution: UserInstitutionTable;
  media: MediaTable;
  media_variant: MediaVariantTable;
  media_use: MediaUseTable;
  presence: PresenceTable;
  content_revision: ContentRevisionTable;
  search_doc: SearchDocTable;
  search_version: SearchVersionTable;
  search_term: SearchTermTable;
  search_posting: SearchPostingTable;
}
