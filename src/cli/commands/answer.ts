import type { Argv } from 'yargs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { loadCatalog } from '../../catalog/load-catalog.js';
import { ANSWERS } from '../../answer/draft-answer.js';
import { answerQuestionnaire } from '../../pipeline/answer-questionnaire.js';
import { catalogOption, type CommandContext, type Io } from '../command-context.js';
import { PACKAGE_ROOT, SAMPLE_SNAPSHOT_DIR, SAMPLE_WORKSPACE_CONFIG } from '../paths.js';
import { existsSync } from 'node:fs';
import { CONFIG_FILE } from '../../collect/manual/read-working-folder.js';
import { findLatestSnapshot } from '../../store/find-snapshots.js';
import { resolveWorkingFolder, type WorkingFolderArgs } from '../working-folder-options.js';

export interface AnswerArgs extends WorkingFolderArgs {
  questionnaire: string;
  snapshot?: string;
  out?: string;
  'question-column'?: string;
  'id-column'?: string;
  library?: string;
  catalog: string;
  quiet: boolean;
}

export async function runAnswer(args: AnswerArgs, io: Io): Promise<number> {
  const catalogDir = resolve(args.catalog);
  const catalog = await loadCatalog(catalogDir);
  // Without --snapshot or ./srmap.yaml, the embedded sample and its working folder.
  const useSample = args.snapshot === undefined && args.config === undefined && !existsSync(CONFIG_FILE);
  const working = await resolveWorkingFolder(useSample ? { ...args, config: SAMPLE_WORKSPACE_CONFIG } : args, catalog);
  const paths = working?.config?.paths ?? {};
  const snapshot = args.snapshot ?? (working && paths.snapshots ? await findLatestSnapshot(resolve(working.dir, paths.snapshots)) : undefined) ?? SAMPLE_SNAPSHOT_DIR;
  const input = resolve(args.questionnaire);
  const outPath = resolve(args.out ?? join(dirname(input), `${basename(input, extname(input))}-answered.csv`));
  const summary = await answerQuestionnaire({
    catalog,
    catalogDir,
    templatesDir: join(PACKAGE_ROOT, 'templates'),
    questionnairePath: input,
    snapshotDir: resolve(snapshot),
    outPath,
    ...(working ? { working } : {}),
    ...(args['question-column'] ? { questionColumn: args['question-column'] } : {}),
    ...(args['id-column'] ? { idColumn: args['id-column'] } : {}),
    ...(args.library ? { libraryPath: resolve(args.library) } : {}),
  });
  if (!args.quiet) {
    const q = summary.questionnaire;
    io.err(`Read ${args.questionnaire}: ${q.encoding}, ${q.delimiter === '\t' ? 'tab' : `"${q.delimiter}"`}-separated, header on line ${q.headerRow + 1}; ${q.choice}`);
    const review = summary.byAnswer['Needs review'];
    io.out(`${summary.questions} questions: ${summary.questions - review} answered, ${review} need review${summary.reused ? `, ${summary.reused} approved answers reused` : ''}`);
    io.out(`  ${ANSWERS.map((a) => `${a} ${summary.byAnswer[a]}`).join(', ')}`);
  }
  io.out(summary.outPath);
  return 0;
}

export function registerAnswer(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'answer <questionnaire>',
    'Draft answers to a security questionnaire (CSV or TSV) from the evaluated evidence, with citations',
    (yy) =>
      yy
        .positional('questionnaire', { type: 'string', demandOption: true, describe: 'The questionnaire as exported: CSV or TSV, UTF-8 or UTF-16' })
        .option('snapshot', { type: 'string', defaultDescription: 'the newest under paths.snapshots of srmap.yaml, else the embedded sample', describe: 'Evidence snapshot the answers are grounded in' })
        .option('out', { type: 'string', describe: 'Output CSV', defaultDescription: '<questionnaire>-answered.csv beside the input' })
        .option('question-column', { type: 'string', describe: 'Header of the question column (found automatically when omitted)' })
        .option('id-column', { type: 'string', describe: 'Header of the question id column (found automatically when omitted)' })
        .option('library', { type: 'string', describe: 'CSV of approved answers (question, answer, explanation) to reuse for close matches' })
        .option('catalog', catalogOption)
        .option('config', { type: 'string', describe: 'Working folder config (srmap.yaml): register, owners, exceptions', defaultDescription: './srmap.yaml when present; with neither it nor --snapshot, the sample working folder' })
        .option('register', { type: 'string', describe: 'Evidence register CSV (overrides paths.register of srmap.yaml)' })
        .option('owners', { type: 'string', describe: 'owners.yaml (overrides paths.owners)' })
        .option('exceptions', { type: 'string', describe: 'exceptions.yaml (overrides paths.exceptions)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'Print only the output path' }),
    (args) => ctx.exit(runAnswer(args as unknown as AnswerArgs, ctx.io)),
  );
}
