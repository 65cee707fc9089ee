/** Hostile text in AWS data (as a compromised account or a crafted resource name could give): every output shows it, never obeys it. */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotManifest } from '../../domain/snapshot.js';
import { readPdf } from '../../../test/helpers/read-pdf.js';
import { noHidden, type CheckResult, type Kit, type Scenario } from './kit.js';

const EVIL_ID = 'northwind-\u202Egnp.exe\u202C-\u200Bbucket\u0000';
const EVIL_NOTE = 'Not encrypted \u001b[2J\u001b[31mOK\u0007 {{constructor.constructor "return process"}} {{#each this}}x{{/each}} <script>alert(1)</script> \u2066hidden\u2069\uFEFF\u00AD';
const FORMULA_ID = '=HYPERLINK("http://evil.example","open")';
const EVIL_ORG = 'Northwind \u202Edlrow\u202C Health {{organisation}} (fictional)';

async function hostileSnapshot(kit: Kit): Promise<string> {
  return kit.hostile(
    'hostile-aws',
    {
      evaluations: (r, i) => (r.complianceType === 'NON_COMPLIANT' ? { ...r, resourceId: i % 2 === 0 ? EVIL_ID : FORMULA_ID, annotation: EVIL_NOTE } : r),
      artifactReports: (r) => ({ ...r, name: `${r.name} \u202E{{title}}\u0000` }),
    },
    (m: SnapshotManifest) => ({
      ...m,
      organisation: { ...m.organisation, name: EVIL_ORG },
      gaps: [...m.gaps, { source: 'aws-config', code: 'Denied\u001b]0;pwned\u0007', message: 'AccessDenied \u001b[31mred\u001b[0m \u202Eeulav' }],
    }),
  );
}

const packs = new Map<string, Promise<{ dir: string; code: number | null }>>();
/** One report of the hostile snapshot, shared by the checks that read it. */
function hostilePack(kit: Kit): Promise<{ dir: string; code: number | null }> {
  let p = packs.get(kit.work);
  if (!p) {
    p = (async () => {
      const snap = await hostileSnapshot(kit);
      const dir = join(await kit.dir('hostile-pack'), 'pack');
      const o = await kit.srmap(['report', '--snapshot', snap, '--framework', 'hipaa-security', '--out', dir, '--quiet']);
      return { dir, code: o.code };
    })();
    packs.set(kit.work, p);
  }
  return p;
}

async function csvCheck(kit: Kit, test: (texts: Map<string, string>) => CheckResult): Promise<CheckResult> {
  const pack = await hostilePack(kit);
  if (pack.code !== 0) return { ok: false, detail: `report exit ${String(pack.code)}` };
  const dir = join(pack.dir, 'hipaa-security');
  const texts = new Map<string, string>();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.csv'))) texts.set(name, await readFile(join(dir, name), 'utf8'));
  return test(texts);
}

async function pdfText(kit: Kit): Promise<string | undefined> {
  const pack = await hostilePack(kit);
  if (pack.code !== 0) return undefined;
  const pdf = await readPdf(await readFile(join(pack.dir, 'hipaa-security', 'hipaa-security-pack.pdf')));
  return pdf.pages.join('\n');
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

export const hostileDataScenarios: Scenario[] = [
  {
    category: 'hostile AWS data in outputs',
    name: 'no raw control or invisible character in any CSV of the pack',
    run: (kit) => csvCheck(kit, (t) => {
      const bad = [...t].filter(([, text]) => !noHidden(text)).map(([n]) => n);
      return { ok: bad.length === 0, detail: bad.length === 0 ? `${t.size} CSVs clean` : `raw in ${bad.join(', ')}` };
    }),
  },
  {
    category: 'hostile AWS data in outputs',
    name: 'a resource id with a right-to-left override, zero-width space and NUL is shown as \\u{...} in evidence.csv',
    run: (kit) => csvCheck(kit, (t) => ({ ok: (t.get('evidence.csv') ?? '').includes('northwind-\\u{202E}gnp.exe\\u{202C}-\\u{200B}bucket\\u{0000}'), detail: 'evidence.csv' })),
  },
  {
    category: 'hostile AWS data in outputs',
    name: 'ANSI escape sequences, BEL, bidi isolates, BOM and soft hyphen in an annotation are shown, not obeyed',
    run: (kit) => csvCheck(kit, (t) => ({ ok: (t.get('evidence.csv') ?? '').includes('\\u{001B}[2J\\u{001B}[31mOK\\u{0007}') && (t.get('evidence.csv') ?? '').includes('\\u{2066}hidden\\u{2069}\\u{FEFF}\\u{00AD}'), detail: 'evidence.csv' })),
  },
  {
    category: 'hostile AWS data in outputs',
    name: 'a resource id that is a spreadsheet formula is neutralised',
    run: (kit) => csvCheck(kit, (t) => ({ ok: (t.get('evidence.csv') ?? '').includes(`'=HYPERLINK(""http://evil.example""`), detail: 'evidence.csv' })),
  },
  {
    category: 'hostile AWS data in outputs',
    name: 'Handlebars text in evidence and in an Artifact report name stays text (never run)',
    run: (kit) => csvCheck(kit, (t) => {
      const all = [...t.values()].join('\n');
      return { ok: all.includes('{{constructor.constructor ""return process""}}') && all.includes('{{#each this}}x{{/each}}') && all.includes('\\u{202E}{{title}}\\u{0000}'), detail: 'evidence.csv, attestations.csv' };
    }),
  },
  {
    category: 'hostile AWS data in outputs',
    name: 'the PDF holds no raw control or invisible character',
    async run(kit) {
      const text = await pdfText(kit);
      return { ok: text !== undefined && noHidden(text), detail: text === undefined ? 'no PDF' : `${text.length.toLocaleString('en-US')} characters of text` };
    },
  },
  {
    category: 'hostile AWS data in outputs',
    name: 'the PDF shows the organisation\'s bidi override and the resource id escaped, Handlebars as text',
    async run(kit) {
      const text = squeeze((await pdfText(kit)) ?? '');
      const ok = text.includes(squeeze('Northwind \\u{202E}dlrow\\u{202C} Health {{organisation}}')) && text.includes('northwind-\\u{202E}gnp.exe\\u{202C}-\\u{200B}bucket\\u{0000}') && text.includes(squeeze('{{constructor.constructor "return process"}}'));
      return { ok, detail: 'cover, failing resources' };
    },
  },
  {
    category: 'hostile AWS data in outputs',
    name: 'the pack manifest.json: valid JSON, nothing hidden, the organisation read back exactly',
    async run(kit) {
      const pack = await hostilePack(kit);
      const text = await readFile(join(pack.dir, 'manifest.json'), 'utf8').catch(() => '');
      let org = '';
      try {
        org = (JSON.parse(text) as { organisation: string }).organisation;
      } catch {
        // not JSON
      }
      return { ok: noHidden(text) && org === EVIL_ORG, detail: org === EVIL_ORG ? 'round-trips' : 'organisation differs or JSON invalid' };
    },
  },
  {
    category: 'hostile AWS data in outputs',
    name: 'verify prints a gap code with an ESC ] title sequence and BEL visibly: no raw control character on the terminal',
    async run(kit) {
      const o = await kit.srmap(['verify', await hostileSnapshot(kit)]);
      const all = o.stdout + o.stderr;
      return { ok: o.code === 0 && noHidden(all) && all.includes('Denied\\u{001B}]0;pwned\\u{0007}'), detail: `exit ${String(o.code)}` };
    },
  },
  {
    category: 'hostile AWS data in outputs',
    name: 'verify --json stays valid JSON with nothing hidden, and reads back to the same strings',
    async run(kit) {
      const o = await kit.srmap(['verify', await hostileSnapshot(kit), '--json']);
      let code = '';
      try {
        code = (JSON.parse(o.stdout) as { gaps: { code: string }[] }).gaps.at(-1)?.code ?? '';
      } catch {
        // not JSON
      }
      return { ok: o.code === 0 && noHidden(o.stdout) && code === 'Denied\u001b]0;pwned\u0007', detail: `exit ${String(o.code)}` };
    },
  },
  {
    category: 'hostile AWS data in outputs',
    name: 'validate --snapshot prints the gap code with its ESC and BEL visibly on the console',
    async run(kit) {
      const o = await kit.srmap(['validate', '--snapshot', await hostileSnapshot(kit)]);
      return { ok: o.code === 0 && noHidden(o.stdout + o.stderr) && o.stdout.includes('Denied\\u{001B}]0;pwned\\u{0007}'), detail: `exit ${String(o.code)}` };
    },
  },
  {
    category: 'hostile AWS data in outputs',
    name: 'export oscal of the hostile snapshot: every document valid JSON with nothing hidden, the resource id shown escaped',
    async run(kit) {
      const snap = await hostileSnapshot(kit);
      const out = join(await kit.dir('hostile-oscal'), 'oscal');
      const o = await kit.srmap(['export', 'oscal', '--snapshot', snap, '--framework', 'hipaa-security', '--out', out]);
      let files = 0;
      let bad = '';
      let shown = false;
      const dir = join(out, 'hipaa-security');
      for (const name of (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'))) {
        const text = await readFile(join(dir, name), 'utf8');
        files += 1;
        try {
          JSON.parse(text);
        } catch {
          bad ||= `${name} is not JSON`;
        }
        if (!noHidden(text)) bad ||= `${name} holds a raw hidden character`;
        shown ||= text.includes('northwind-\\\\u{202E}gnp.exe');
      }
      return { ok: o.code === 0 && files > 0 && bad === '' && shown && noHidden(o.stdout + o.stderr), detail: `exit ${String(o.code)}, ${files} documents${bad ? `; ${bad}` : ''}${shown ? '' : '; resource id not found escaped'}` };
    },
  },
  {
    category: 'hostile AWS data in outputs',
    name: 'diff from the sample to the hostile snapshot: every change CSV and the console clean',
    async run(kit) {
      const snap = await hostileSnapshot(kit);
      const out = join(await kit.dir('hostile-diff'), 'diff');
      const o = await kit.srmap(['diff', kit.sample, snap, '--out', out, '--framework', 'hipaa-security']);
      let clean = noHidden(o.stdout + o.stderr);
      let escaped = false;
      for (const name of (await readdir(out).catch(() => [] as string[])).filter((n) => n.endsWith('.csv'))) {
        const text = await readFile(join(out, name), 'utf8');
        clean &&= noHidden(text);
        escaped ||= text.includes('\\u{202E}');
      }
      return { ok: o.code === 0 && clean && escaped, detail: `exit ${String(o.code)}` };
    },
  },
];
