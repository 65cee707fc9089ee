/** The labelled questionnaires on disk are what their sources generate, byte for byte. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toQuestionnaireBytes } from '../../../src/tools/questionnaires/build-questionnaires.js';
import { readQuestionnaireSources } from '../../../src/tools/questionnaires/questionnaire-source.js';
import { REPO_ROOT } from '../../helpers/run-srmap.js';

describe('labelled questionnaires', () => {
  it('every generated workbook and text file is current (regenerate with build-questionnaires.ts)', async () => {
    for (const source of await readQuestionnaireSources(REPO_ROOT)) {
      const onDisk = new Uint8Array(await readFile(join(REPO_ROOT, 'evidence', 'questionnaires', source.file)));
      expect(Buffer.from(await toQuestionnaireBytes(source)).equals(Buffer.from(onDisk)), source.file).toBe(true);
    }
  });
});
