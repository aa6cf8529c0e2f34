import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDbTarget, redactDbUrl } from './config.js';

describe('configuration', () => {
  it('reads the store from a path, sqlite:PATH or postgres://', () => {
    expect(parseDbTarget('data/x.sqlite')).toMatchObject({ kind: 'sqlite' });
    expect(parseDbTarget('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(parseDbTarget('postgres://u:p@h:5432/db')).toEqual({ kind: 'postgres', url: 'postgres://u:p@h:5432/db' });
    expect(() => parseDbTarget('mysql://h/db')).toThrow(/not a supported store/);
    expect(() => parseDbTarget('postgres://h')).toThrow(/names no database/);
  });

  it('lets flags win over the environment, with defaults', () => {
    const c = loadConfig({ port: '8080' }, { PORT: '9000', BEIGUAN_DB: 'sqlite:/tmp/x.sqlite' });
    expect(c).toMatchObject({ port: 8080, db: { kind: 'sqlite', path: '/tmp/x.sqlite' }, demo: true, host: '127.0.0.1', baseUrl: 'http://127.0.0.1:8080' });
    expect(loadConfig({ demo: false }, {}).demo).toBe(false);
    expect(loadConfig({}, { BEIGUAN_DEMO: '0' }).demo).toBe(false);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names every wrong value, with where it came from, and hides passwords', () => {
    let error: unknown;
    try {
      loadConfig({}, { PORT: 'abc', BEIGUAN_DB: 'postgres://u:secret@h', LOG_LEVEL: 'loud', BEIGUAN_BASE_URL: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['--port / PORT', '--db / BEIGUAN_DB', '--log-level / LOG_LEVEL', '--base-url / BEIGUAN_BASE_URL']) expect(message).toContain(name);
    expect(message).not.toContain('secret');
    expect(redactDbUrl('postgres://u:secret@h/db')).toBe('postgres://u:***@h/db');
  });

  it('keeps media under ./data/media unless told otherwise, and names a wrong limit', () => {
    expect(loadConfig({}, {}).mediaDir).toBe(path.resolve('data/media'));
    expect(loadConfig({ mediaDir: '/srv/media' }, { BEIGUAN_MEDIA_DIR: '/elsewhere' }).mediaDir).toBe('/srv/media');
    expect(loadConfig({}, { BEIGUAN_MEDIA_DIR: '/elsewhere', BEIGUAN_MEDIA_MAX_IMAGE_MB: '5' })).toMatchObject({ mediaDir: '/elsewhere', mediaMaxImageMb: 5, mediaMaxDocumentMb: 50 });
    expect(() => loadConfig({}, { BEIGUAN_MEDIA_MAX_DOCUMENT_MB: 'lots' })).toThrow(/BEIGUAN_MEDIA_MAX_DOCUMENT_MB: must be a number/);
  });

  it('has SQLite sync every commit to disk unless told otherwise, and names a wrong mode', () => {
    expect(loadConfig({}, {}).sqliteSync).toBe('full');
    expect(loadConfig({}, { BEIGUAN_SQLITE_SYNC: 'normal' }).sqliteSync).toBe('normal');
    expect(() => loadConfig({}, { BEIGUAN_SQLITE_SYNC: 'off' })).toThrow(/BEIGUAN_SQLITE_SYNC: must be full or normal/);
  });

  it('reads the record numbers the pages print, none by default, and names a wrong one', () => {
    expect(loadConfig({}, {}).publishing).toEqual({});
    expect(loadConfig({}, { BEIGUAN_ICP: '  ', BEIGUAN_SITE_ID_CODE: '' }).publishing).toEqual({});
    const env = { BEIGUAN_SITE_ID_CODE: '1100000088', BEIGUAN_ICP: ' 京ICP备12345678号-1 ', BEIGUAN_PSB: '京公网安备 11010802012345号' };
    expect(loadConfig({}, env).publishing).toEqual({ siteIdCode: '1100000088', icp: '京ICP备12345678号-1', psb: '京公网安备 11010802012345号' });
    expect(() => loadConfig({}, { BEIGUAN_PSB: '京公网安备' })).toThrow(/BEIGUAN_PSB: must contain the record number/);
    expect(() => loadConfig({}, { BEIGUAN_SITE_ID_CODE: '11000 00088' })).toThrow(/BEIGUAN_SITE_ID_CODE: must be the letters and digits/);
  });
});
