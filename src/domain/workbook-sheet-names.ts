/**
 * The sheets srmap writes in every framework's workbook, by name (at most 31 characters, none of
 * `[]:*?/\`). A framework file's own sheets (workbookSheets) take other names: the catalog check
 * and the workbook both read this list.
 */
import type { WorkbookSheetKind } from './catalog.js';

export const SHEET_NAMES = {
  about: 'About',
  requirements: 'Requirements',
  computed: 'How each status was computed',
  matrix: 'Responsibility matrix',
  gaps: 'Gaps',
  exceptions: 'Exceptions',
  attestations: 'Attestations',
  manual: 'Manual evidence',
  evidence: 'Evidence',
  index: 'Evidence index',
} as const;

/** The name of the n-th (0-based) sheet of a CSV that needs more than one: `Evidence`, `Evidence (2)`... */
export function continuedSheetName(name: string, n: number): string {
  return n === 0 ? name : `${name} (${n + 1})`;
}

/** What a kind of sheet is called and holds when the framework file does not say. */
export const OWN_SHEET_DEFAULTS: Readonly<Record<WorkbookSheetKind, { name: string; description: string }>> = {
  'statement-of-applicability': {
    name: 'Statement of Applicability',
    description: "Each requirement: applicable or excluded (with the justification from applicability.yaml), implemented in the framework's words, controls and evidence",
  },
  'responsibility-summary': {
    name: 'Responsibility summary',
    description: 'Each requirement: AWS, shared or customer, and what each side does, by kind of service; headings as section rows',
  },
};

/**
 * Why a sheet name a framework file gives cannot be used (Excel's rules: at most 31 characters,
 * none of `: \ / ? * [ ]`, no apostrophe at either end, not "History"; and not one of srmap's own
 * sheets, compared as Excel does, regardless of case), or undefined when it can.
 */
export function sheetNameProblem(name: string): string | undefined {
  if (name.length > 31) return `is ${String(name.length)} characters long; Excel allows at most 31`;
  if (/[:\\/?*[\]]/.test(name)) return 'has a character Excel does not allow in a sheet name (: \\ / ? * [ ])';
  if (name.startsWith("'") || name.endsWith("'")) return 'begins or ends with an apostrophe, which Excel does not allow';
  if (name.trim() !== name || name.trim() === '') return 'begins or ends with a space';
  const lower = name.toLowerCase();
  if (lower === 'history') return 'is reserved by Excel';
  const own = Object.values(SHEET_NAMES).find((n) => lower === n.toLowerCase() || (lower.startsWith(`${n.toLowerCase()} (`) && /^ \(\d+\)$/.test(lower.slice(n.length))));
  if (own !== undefined) return `is the name of srmap's own sheet '${own}'`;
  return undefined;
}
