// Every migration, in order. They are listed here (not read from disk) so that the compiled
// program and the tests run exactly the same set on SQLite and PostgreSQL.
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_people.js';
import * as m0003 from './0003_workflow.js';
import * as m0004 from './0004_preview_links.js';
import * as m0005 from './0005_sensitive_terms.js';
import * as m0006 from './0006_media.js';
import * as m0007 from './0007_presence.js';
import * as m0008 from './0008_content_workflow.js';
import * as m0009 from './0009_article_fields.js';
import * as m0010 from './0010_site_change.js';
import * as m0011 from './0011_addresses.js';
import * as m0012 from './0012_search.js';
import * as m0013 from './0013_institution_aliases.js';
import * as m0014 from './0014_search_lengths.js';
import * as m0015 from './0015_content_changed.js';
import * as m0016 from './0016_search_postings.js';
import * as m0017 from './0017_search_version.js';
import * as m0018 from './0018_search_posting_weight.js';
import * as m0019 from './0019_audit_entity.js';
import * as m0020 from './0020_site_change_notify.js';
import * as m0021 from './0021_audit_chain.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_people': m0002,
  '0003_workflow': m0003,
  '0004_preview_links': m0004,
  '0005_sensitive_terms': m0005,
  '0006_media': m0006,
  '0007_presence': m0007,
  '0008_content_workflow': m0008,
  '0009_article_fields': m0009,
  '0010_site_change': m0010,
  '0011_addresses': m0011,
  '0012_search': m0012,
  '0013_institution_aliases': m0013,
  '0014_search_lengths': m0014,
  '0015_content_changed': m0015,
  '0016_search_postings': m0016,
  '0017_search_version': m0017,
  '0018_search_posting_weight': m0018,
  '0019_audit_entity': m0019,
  '0020_site_change_notify': m0020,
  '0021_audit_chain': m0021,
};
