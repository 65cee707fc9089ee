/**
 * The folder boundaries of ARCHITECTURE.md as ESLint enforces them (eslint.config.js), probed with
 * imports a file could make: what must be refused is refused, what is allowed passes.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-srmap.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function restricted(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: `${REPO_ROOT}${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['a collect sub-folder importing its sibling', 'src/collect/aws-artifact/probe.ts', "import { x } from '../aws-config/to-config-records.js';", /must not import its sibling src\/collect\/aws-config/],
    ['a render sub-folder importing its sibling', 'src/render/csv/probe.ts', "import { x } from '../pdf/to-pdf-document.js';", /sibling src\/render\/pdf/],
    ['the shared top of render importing a sub-folder', 'src/render/probe.ts', "import { x } from './csv/write-csv.js';", /shared by its sub-folders/],
    ['a sub-folder keeps its folder\'s rules', 'src/collect/manual/probe.ts', "import { x } from '../../render/csv/write-csv.js';", /src\/collect must not import src\/render/],
    ['store importing cli', 'src/store/probe.ts', "import { x } from '../cli/run-cli.js';", /must not import src\/cli/],
    ['pipeline importing a tool', 'src/pipeline/probe.ts', "import { x } from '../tools/bench.js';", /must not import src\/tools/],
    ['a tool importing a command', 'src/tools/probe.ts', "import { x } from '../cli/run-cli.js';", /src\/tools must not import src\/cli/],
    ['a tool importing a test file', 'src/tools/probe.ts', "import { x } from '../../test/store/split-lines.test.js';", /test\/helpers and test\/fixtures only/],
    ['the product importing a test helper', 'src/domain/probe.ts', "import { x } from '../../test/helpers/run-srmap.js';", /never imports tests/],
    ['a test importing another test', 'test/probe.ts', "import { x } from './store/split-lines.test.js';", /never imports another test file/],
    ['a test importing the build', 'test/probe.ts', "import { x } from '../dist/index.js';", /run as a process/],
  ])('refused: %s', async (_name, file, source, message) => {
    const messages = await restricted(file, source);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ['a sub-folder using what its folder shares', 'src/collect/aws-config/probe.ts', "import { x } from '../collect-retry.js';"],
    ['pipeline composing the stages', 'src/pipeline/probe.ts', "import { x } from '../render/csv/write-csv.js';"],
    ['a benchmark using the suite\'s fake endpoint', 'src/tools/probe.ts', "import { x } from '../../test/helpers/fake-config-endpoint.js';"],
    ['a tool using its own sub-folder', 'src/tools/probe.ts', "import { x } from './sample/generate.js';"],
    ['a test using the sources and a helper', 'test/store/probe.ts', "import { x } from '../../src/store/read-snapshot.js';\nimport { y } from './helpers.js';"],
  ])('allowed: %s', async (_name, file, source) => {
    expect(await restricted(file, source)).toEqual([]);
  });
});
