import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJsonSchemaFiles } from '../../src/catalog/to-json-schema.js';
import { FRAMEWORKS_DIR } from './helpers.js';

describe('JSON Schema in frameworks/schema/', () => {
  it('equals what src/tools/generate-schema.ts generates (run `npm run schema` after changing src/domain/catalog.ts)', async () => {
    for (const [name, text] of Object.entries(toJsonSchemaFiles())) {
      expect(await readFile(path.join(FRAMEWORKS_DIR, 'schema', name), 'utf8'), name).toBe(text);
    }
    expect((await readdir(path.join(FRAMEWORKS_DIR, 'schema'))).sort()).toEqual(Object.keys(toJsonSchemaFiles()).sort());
  });

  it('makes keys with defaults optional (input schema)', () => {
    const framework = JSON.parse(toJsonSchemaFiles()['framework.schema.json']) as {
      properties: { requirements: { items: { required: string[] } } };
    };
    expect(framework.properties.requirements.items.required).toEqual(['id', 'title']);
  });

  it('is referenced from the top of every YAML file', async () => {
    const expectComment = async (file: string, schema: string): Promise<void> => {
      const first = (await readFile(path.join(FRAMEWORKS_DIR, file), 'utf8')).split('\n')[0];
      expect(first, file).toBe(`# yaml-language-server: $schema=${schema}`);
    };
    for (const f of (await readdir(FRAMEWORKS_DIR)).filter((f) => f.endsWith('.yaml'))) {
      await expectComment(f, f === 'evidence-kinds.yaml' ? './schema/evidence-kinds.schema.json' : './schema/framework.schema.json');
    }
    for (const f of await readdir(path.join(FRAMEWORKS_DIR, 'controls'))) {
      await expectComment(path.join('controls', f), '../schema/control-file.schema.json');
    }
    for (const f of await readdir(path.join(FRAMEWORKS_DIR, 'cuecs'))) {
      await expectComment(path.join('cuecs', f), '../schema/cuec-file.schema.json');
    }
  });
});
