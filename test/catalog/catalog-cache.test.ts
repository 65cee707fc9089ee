/**
 * The catalog cache: a hit is the catalog that parsing gives, and any change to a catalog file or
 * to the srmap build misses, so a cache can never pass a catalog that would not check clean.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogCacheKey, fromCatalogJson, readCachedCatalog, toCatalogJson, userCacheDir, writeCachedCatalog } from '../../src/catalog/catalog-cache.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import type { Catalog } from '../../src/domain/catalog.js';
import { runSrmap } from '../helpers/run-srmap.js';
import { copyCatalog, edit } from './helpers.js';

let work: string;
let catalog: Catalog;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'srmap-catalog-cache-'));
  catalog = await loadCatalog();
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const files = [
  { name: 'controls/a.yaml', text: 'a' },
  { name: 'hipaa-security.yaml', text: 'b' },
];

describe('the cache key', () => {
  it('is made of the build, each file name and each file text, in any order', () => {
    const key = catalogCacheKey(files, 'build-1');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(catalogCacheKey([...files].reverse(), 'build-1')).toBe(key);
    expect(catalogCacheKey(files, 'build-2')).not.toBe(key);
    expect(catalogCacheKey([{ ...files[0]!, text: 'a ' }, files[1]!], 'build-1')).not.toBe(key);
    expect(catalogCacheKey([{ ...files[0]!, name: 'controls/b.yaml' }, files[1]!], 'build-1')).not.toBe(key);
    expect(catalogCacheKey(files.slice(1), 'build-1')).not.toBe(key);
  });

  it('is undefined without a build (running from the sources caches nothing)', () => {
    expect(catalogCacheKey(files, undefined)).toBeUndefined();
  });
});

describe('the stored form', () => {
  it('gives back the catalog that parsing gives', () => {
    expect(fromCatalogJson(toCatalogJson(catalog))).toEqual(catalog);
  });

  it('is written under a temporary name, read back, and a damaged entry is a miss', async () => {
    const dir = path.join(work, 'store');
    const key = 'f'.repeat(64);
    expect(await readCachedCatalog(key, [dir])).toBeUndefined();
    await writeCachedCatalog(key, catalog, dir);
    expect(await readdir(dir)).toEqual([`${key}.json`]);
    const other = 'e'.repeat(64);
    await writeFile(path.join(dir, `${other}.json`), '{"format":"srmap-catalog-cache/1","frameworks":');
    expect(await readCachedCatalog(other, [dir])).toBeUndefined();
    await writeFile(path.join(dir, `${other}.json`), JSON.stringify({ format: 'another/1' }));
    expect(await readCachedCatalog(other, [dir])).toBeUndefined();
  });

  it('a cache that cannot be written is skipped, not an error', async () => {
    const blocker = path.join(work, 'a-file');
    await writeFile(blocker, '');
    await expect(writeCachedCatalog('d'.repeat(64), catalog, path.join(blocker, 'cache'))).resolves.toBeUndefined();
  });

  it('lives under SRMAP_CACHE_DIR, else XDG_CACHE_HOME/srmap, else ~/.cache/srmap', () => {
    expect(userCacheDir({ SRMAP_CACHE_DIR: '/x/y' })).toBe('/x/y');
    expect(userCacheDir({ XDG_CACHE_HOME: '/c' })).toBe(path.join('/c', 'srmap'));
    expect(userCacheDir({})).toMatch(/\.cache[/\\]srmap$/);
  });
});

describe('the compiled CLI with --catalog', () => {
  it('caches a catalog that checks clean, and a later edit that breaks it is still reported', async () => {
    const dir = await copyCatalog();
    try {
      const cache = path.join(work, 'user-cache');
      const env = { SRMAP_CACHE_DIR: cache };
      const name = (await readFile(path.join(dir, 'soc2-2017.yaml'), 'utf8')).match(/^name: .*$/m)?.[0] ?? '';
      await edit(dir, 'soc2-2017.yaml', name, `${name} (copy)`);
      const first = await runSrmap(['validate', '--catalog', dir], { env });
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect((await readdir(cache)).filter((f) => f.endsWith('.json'))).toHaveLength(1);
      const list = await runSrmap(['frameworks', 'list', '--catalog', dir], { env });
      expect(list.code).toBe(0);
      expect(list.stdout).toContain('(copy)');
      await edit(dir, 'soc2-2017.yaml', `${name} (copy)`, 'name: [unclosed');
      const broken = await runSrmap(['validate', '--catalog', dir], { env });
      expect(broken.code).toBe(2);
      expect(broken.stderr).toContain('soc2-2017.yaml');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
