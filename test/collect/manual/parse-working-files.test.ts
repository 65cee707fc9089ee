/** The exception policy of a working folder: how long an exception may run, and `*` for everything. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load-catalog.js';
import { parseExceptions, parseWorkingConfig } from '../../../src/collect/manual/parse-working-files.js';
import { toWorkingContext } from '../../../src/collect/manual/read-working-folder.js';
import type { Catalog } from '../../../src/domain/catalog.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const exception = (id: string, extra: string, approvedOn = '2026-01-01', expiresOn = '2026-12-31') => `  - id: ${id}
    rule: S3_BUCKET_LOGGING_ENABLED
${extra}
    reason: r
    compensatingControl: c
    approver: a
    approvedOn: ${approvedOn}
    expiresOn: ${expiresOn}
`;

describe('exception policy', () => {
  it('an exception may run a year by default; longer is refused at its expiresOn with a hint', () => {
    const yaml = `exceptions:\n${exception('E1', '    resource: "bucket-*"', '2026-01-01', '2027-01-01')}${exception('E2', '    resource: "bucket-*"', '2026-01-01', '2099-12-31')}`;
    const { exceptions, problems } = parseExceptions(yaml, 'exceptions.yaml', toWorkingContext(catalog));
    expect(exceptions.map((e) => e.id)).toEqual(['E1']);
    expect(problems).toEqual([
      expect.objectContaining({ file: 'exceptions.yaml', line: 17, path: 'exceptions[1].expiresOn', message: expect.stringMatching(/runs 27027 days .* more than the 365 days/), hint: expect.stringMatching(/maxExceptionDays in srmap\.yaml/) }),
    ]);
    // srmap.yaml may set another limit, up to three years.
    expect(parseExceptions(yaml, 'exceptions.yaml', toWorkingContext(catalog), { maxExceptionDays: 30 }).problems).toHaveLength(2);
    expect(parseWorkingConfig('organisation: X\nmaxExceptionDays: 730\n', 'srmap.yaml', undefined).config?.maxExceptionDays).toBe(730);
    expect(parseWorkingConfig('organisation: X\nmaxExceptionDays: 36500\n', 'srmap.yaml', undefined).problems[0]).toMatchObject({ line: 2, path: 'maxExceptionDays' });
  });

  it("resource '*' covers everything: refused unless allResources: true says so", () => {
    const yaml = `exceptions:\n${exception('E1', '    resource: "*"')}${exception('E2', '    resource: "*"\n    allResources: true')}${exception('E3', '    resource: "bucket-*"\n    allResources: true')}`;
    const { exceptions, problems } = parseExceptions(yaml, 'exceptions.yaml', toWorkingContext(catalog));
    expect(exceptions.map((e) => e.id)).toEqual(['E2']);
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['exceptions[0].resource', "resource '*' covers every resource the rule evaluates"],
      ['exceptions[2].allResources', "allResources: true goes only with resource '*'"],
    ]);
  });

  it('a resource glob longer than an ARN can be is refused', () => {
    const yaml = `exceptions:\n${exception('E1', `    resource: "${'*a'.repeat(1100)}"`)}`;
    const { problems } = parseExceptions(yaml, 'exceptions.yaml', toWorkingContext(catalog));
    expect(problems[0]).toMatchObject({ path: 'exceptions[0].resource', message: expect.stringMatching(/2048/) });
  });
});
