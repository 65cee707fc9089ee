/**
 * Once per `vitest run`: the end-to-end tests run the compiled CLI (dist/), as a user installs it,
 * so dist/ is built first when it is not built from the current sources (a no-op otherwise).
 */
import { build } from '../src/tools/build.js';

export default async function setup(): Promise<void> {
  await build({ ifStale: true });
}
