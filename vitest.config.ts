import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// How many times slower than idle a test may run (test/helpers/run-srmap.ts's timeoutFor uses the same).
const slack = Number(process.env.SRMAP_TEST_SLACK ?? 20);
const busy = Number.isFinite(slack) && slack > 0 ? slack : 20;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // One test file per core. vitest's default for `run` is one less than the cores: a single file at
    // a time on a 2-core machine, while most of the suite's time is end-to-end tests waiting for the
    // CLI process they spawned (which then has a core to itself). `--maxWorkers=1` runs files one by one.
    maxWorkers: availableParallelism(),
    // A worker keeps its modules from one test file to the next (the suite is node code that restores
    // what it changes: vi.stubEnv/unstubAllEnvs, process.env.TZ put back). Isolating every file
    // re-evaluated the same graph (zod schemas, the catalog, pdfmake, the AWS SDK) 120 times: the
    // unit-test directories took 75 s CPU isolated and 46 s not. A file that needs fresh modules (a
    // vi.mock, a module-level side effect) belongs in a project of its own with `isolate: true`.
    isolate: false,
    // Unit tests take milliseconds; a test that runs the CLI for a long job sets its own timeout from
    // the work it does (timeoutFor). The default covers a test of up to three short CLI runs (about
    // 9 s idle) at the same slack: 180 s, since a fixed 60 s failed such tests on a machine running
    // eight suites at once.
    // The compiled CLI (dist/) that test/helpers/run-srmap.ts runs in-process is loaded by Node's own
    // loader, as the bin loads it, not transformed by vitest: the same code, with its catalog cache.
    server: { deps: { external: [/\/dist\//] } },
    testTimeout: Math.max(60_000, 9_000 * busy),
    hookTimeout: Math.max(120_000, 9_000 * busy),
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
