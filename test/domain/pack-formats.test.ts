import { describe, expect, it } from 'vitest';
import { SrmapError } from '../../src/domain/errors.js';
import { PACK_FORMATS, parsePackFormats } from '../../src/domain/pack-formats.js';

const usage = (values: string[]) => {
  try {
    parsePackFormats(values);
  } catch (e) {
    return e instanceof SrmapError ? { code: e.code, message: e.message, hint: e.hint } : e;
  }
  throw new Error(`no error for ${JSON.stringify(values)}`);
};

describe('parsePackFormats (report --format)', () => {
  it.each([
    [undefined, ['pdf', 'csv', 'xlsx', 'html']],
    [['csv'], ['csv']],
    [['pdf'], ['pdf', 'csv']],
    [['html,xlsx'], ['csv', 'xlsx', 'html']],
    [['xlsx', 'pdf,csv'], ['pdf', 'csv', 'xlsx']],
    [[' PDF , html '], ['pdf', 'csv', 'html']],
    [['csv,csv'], ['csv']],
  ])('%j: %j (every format when not given; the CSVs always; in the order of PACK_FORMATS)', (values, formats) => {
    expect(parsePackFormats(values)).toEqual(formats);
  });

  it('every format by default, in the order the help lists them', () => {
    expect(parsePackFormats(undefined)).toEqual([...PACK_FORMATS]);
  });

  it('an unknown format is a usage error naming it and the formats there are', () => {
    expect(usage(['pdf,docx', 'txt'])).toEqual({ code: 'USAGE', message: "Unknown --format 'docx', 'txt'.", hint: expect.stringContaining('pdf, csv, xlsx, html') });
  });

  it('--format naming nothing is a usage error, not every format', () => {
    expect(usage([])).toMatchObject({ code: 'USAGE', message: '--format names no format.' });
    expect(usage([' , '])).toMatchObject({ code: 'USAGE', message: '--format names no format.' });
  });
});
