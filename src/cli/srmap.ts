#!/usr/bin/env node
// The `srmap` command (package.json "bin", compiled to dist/cli/srmap.js). Imports nothing but the
// command tree, which loads only the command being run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader that stops early (`srmap frameworks show ID | head`) closes stdout: stop quietly, as other
// command-line tools do, instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});
const { runCli } = await import('./run-cli.js');
process.exitCode = await runCli(process.argv.slice(2));
