#!/usr/bin/env node
// The `srmap` command (package.json "bin", compiled to dist/cli/srmap.js). Imports nothing but the
// command tree, which loads only the command being run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { runCli } = await import('./run-cli.js');
process.exitCode = await runCli(process.argv.slice(2));
