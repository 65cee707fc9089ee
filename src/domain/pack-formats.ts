/**
 * The formats a pack is written in (`srmap report --format`): per framework a PDF, the CSVs, a
 * workbook (XLSX) and an HTML page. The CSVs are always written: they are the pack's complete
 * record, which the PDF, the workbook and the HTML page cite (evidence.csv lists every result the
 * PDF caps) and which `srmap bundle` reads. The pack manifest records the formats written.
 */
import { SrmapError } from './errors.js';

/** In the order the help and the manifest list them. */
export const PACK_FORMATS = ['pdf', 'csv', 'xlsx', 'html'] as const;
export type PackFormat = (typeof PACK_FORMATS)[number];

/** Always written, whatever --format names. */
export const ALWAYS_WRITTEN: PackFormat = 'csv';

/**
 * The formats of `--format` values (each a name or a comma-separated list, e.g. `pdf,csv`), in
 * PACK_FORMATS order, CSV included; every format when --format is not given. An unknown name, or
 * --format naming none, is a usage error saying which formats there are.
 */
export function parsePackFormats(values: readonly string[] | undefined): PackFormat[] {
  if (values === undefined) return [...PACK_FORMATS];
  const names = values.flatMap((v) => v.split(',')).map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  if (names.length === 0) throw new SrmapError('USAGE', '--format names no format.', { hint: `Name one or more of ${PACK_FORMATS.join(', ')}, e.g. --format csv,xlsx, or leave --format out for all of them.` });
  const unknown = names.filter((n) => !(PACK_FORMATS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new SrmapError('USAGE', `Unknown --format ${unknown.map((n) => `'${n}'`).join(', ')}.`, {
      hint: `Name one or more of ${PACK_FORMATS.join(', ')}, e.g. --format csv,xlsx (the CSVs are always written).`,
    });
  }
  return PACK_FORMATS.filter((f) => f === ALWAYS_WRITTEN || names.includes(f));
}
