#!/usr/bin/env node
// Runs the TypeScript CLI in place (tsx), so `npx srmap` works straight after `npm install`.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { register } = await import('tsx/esm/api');
register();
await import('./main.ts');
