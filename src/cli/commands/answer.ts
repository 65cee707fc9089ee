import type { Argv } from 'yargs';
import { join, resolve } from 'node:path';
import { loadCatalogFor } from '../catalog-options.js';
import { answerQuestionnaire } from '../../pipeline/answer-questionnaire.js';
import { readQuestionnaire } from '../../pipeline/read-questionnaire.js';
import { findConfigFile } from '../../collect/manual/read-working-folder.js';
import { findLatestSnapshot } from '../../store/find-snapshots.js';
import { catalogOption, type CommandContext, type Io } from '../command-context.js';
import { PACKAGE_ROOT, SAMPLE_SNAPSHOT_DIR, SAMPLE_WORKSPACE_CONFIG } from '../paths.js';
import { resolveFrameworkIds, resolveWorkingFolder, type WorkingFolderArgs } from '../working-folder-options.js';

export interface AnswerArgs extends WorkingFolderArgs {
  questionnaire: string;
  snapshot?: string;
  out?: string;
  'question-column'?: string;
  'id-column'?: string;
  library?: string;
  framework?: string[];
  catalog?: string[];
  quiet: boolean;
}

export async function runAnswer(args: AnswerArgs, io: Io): Promise<number> {
  // The questionnaire first: a missing, empty or unreadable file fails before anything else is loaded.
  const input = resolve(args.questionnaire);
  const questionnaire = await readQuestionnaire(input, args.questionnaire, { ...(args['question-column'] ? { question: args['question-column'] } : {}), ...(args['id-column'] ? { id: args['id-column'] } : {}) });
  // Without --snapshot or ./srmap.yaml, the embedded sample and its working folder.
  const useSample = args.snapshot === undefined && findConfigFile(args.config) === undefined;
  const { catalog, base: catalogDir } = await loadCatalogFor({ ...(args.catalog ? { catalog: args.catalog } : {}), config: useSample ? SAMPLE_WORKSPACE_CONFIG : args.config });
  const working = await resolveWorkingFolder(useSample ? { ...args, config: SAMPLE_WORKSPACE_CONFIG } : args, catalog);
  const paths = working?.config?.paths ?? {};
  const snapshot = args.snapshot ?? (working && paths.snapshots ? await findLatestSnapshot(resolve(working.dir, paths.snapshots)) : undefined) ?? SAMPLE_SNAPSHOT_DIR;
  const summary = await answerQuestionnaire({
    catalog,
    catalogDir,
    templatesDir: join(PACKAGE_ROOT, 'templates'),
    questionnairePath: args.questionnaire,
    questionnaire,
    snapshotDir: resolve(snapshot),
    // Those the packs report: srmap.yaml's (the sample working folder's without one), as report takes them.
    frameworks: resolveFrameworkIds(args.framework, working),
    ...(args.out ? { outPath: args.out } : {}),
    ...(working ? { working } : {}),
    ...(args.library ? { libraryPath: resolve(args.library) } : {}),
  });
  if (summary.fictional) {
    // With a working folder of the user's, the answers carry the user's name but stand on the sample's evidence.
    const own = useSample ? undefined : working?.config?.organisation;
    io.err(
      own !== undefined
        ? `warning: these answers name ${own} but stand on the evidence of the fictional sample organisation (the snapshot ${snapshot}): do not send them. Answer from your own evidence with --snapshot DIR (a snapshot \`srmap collect\` wrote).`
        : `warning: these answers speak for ${summary.organisation}, the fictional sample organisation${useSample ? ' (no --snapshot and no ./srmap.yaml)' : ''}: do not send them. Answer from your own evidence with --snapshot DIR and --config srmap.yaml (see \`srmap init\`).`,
    );
  }
  if (!args.quiet) {
    io.err(`Read ${args.questionnaire} (${summary.format}):`);
    for (const s of summary.sheets) io.err(`  ${summary.sheets.length > 1 || summary.format === 'xlsx' ? `sheet "${s.name}": ` : ''}header on row ${s.headerRow + 1}, ${s.questions} rows; ${s.choice}`);
    if (summary.skippedSheets.length > 0) io.err(`  no questions on: ${summary.skippedSheets.map((s) => `"${s}"`).join(', ')}`);
    const b = summary.byAnswer;
    const k = summary.byKind;
    const asked = summary.questions - k['not-a-question'];
    io.out(`${asked} questions: ${asked - b['Needs review']} drafted, ${b['Needs review']} need review${summary.reused ? `, ${summary.reused} approved answers reused` : ''}${k['not-a-question'] ? ` (${k['not-a-question']} rows are not questions: left blank)` : ''}`);
    io.out(`  control questions ${k.control}: Yes ${b.Yes}, No ${b.No}, Partial ${b.Partial}, Not applicable ${b['Not applicable']}; facts ${k.factual}, frequencies ${k.frequency}, descriptions ${k.descriptive}; answered in text ${b['Answered in text']}`);
  }
  for (const p of summary.outputs) io.out(p);
  return 0;
}

export function registerAnswer(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'answer <questionnaire>',
    'Draft answers to a security questionnaire (XLSX, CSV or TSV) from the evaluated evidence and the organisation profile, with citations',
    (yy) =>
      yy
        .positional('questionnaire', { type: 'string', demandOption: true, describe: 'The questionnaire as received: an Excel workbook (.xlsx), CSV or tab-separated text (UTF-8 or UTF-16)' })
        .option('snapshot', { type: 'string', defaultDescription: 'the newest under paths.snapshots of srmap.yaml, else the embedded sample', describe: 'Evidence snapshot the answers are grounded in' })
        .option('out', { type: 'string', describe: 'Output name: NAME.xlsx (a copy of the workbook) and NAME.csv', defaultDescription: '<questionnaire>-answered.xlsx / .csv beside the input' })
        .option('question-column', { type: 'string', describe: 'Header of the question column (found automatically when omitted)' })
        .option('id-column', { type: 'string', describe: 'Header of the question id column (found automatically when omitted)' })
        .option('framework', { type: 'array', string: true, describe: "Framework id(s) the answers cite; srmap.yaml's, or all, when omitted" })
        .option('library', { type: 'string', describe: 'CSV of approved answers (question, answer, response, owner, reviewed_on), preferred for close matches' })
        .option('catalog', catalogOption)
        .option('config', { type: 'string', describe: 'Working folder config (srmap.yaml): register, owners, exceptions, organisation profile', defaultDescription: './srmap.yaml when present; with neither it nor --snapshot, the sample working folder' })
        .option('register', { type: 'string', describe: 'Evidence register CSV (overrides paths.register of srmap.yaml)' })
        .option('owners', { type: 'string', describe: 'owners.yaml (overrides paths.owners)' })
        .option('exceptions', { type: 'string', describe: 'exceptions.yaml (overrides paths.exceptions)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'Print only the output paths (and warnings)' }),
    (args) => ctx.exit(runAnswer(args as unknown as AnswerArgs, ctx.io)),
  );
}
