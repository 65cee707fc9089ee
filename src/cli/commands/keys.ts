/**
 * srmap keys init DIR: an Ed25519 key pair to sign snapshots, packs and bundles with. The private
 * key (mode 0600) stays with whoever runs collect, report or bundle with it (--signing-key,
 * SRMAP_SIGNING_KEY, paths.signingKey); the public key goes to the auditor, who checks with
 * `srmap verify SNAPSHOT|PACK|FILE.zip --public-key FILE`.
 */
import type { Argv } from 'yargs';
import { initSigningKeys } from '../../sign/signing-keys.js';
import type { CommandContext, Io } from '../command-context.js';

export async function runKeysInit(dir: string, io: Io): Promise<number> {
  const keys = await initSigningKeys(dir);
  io.out(`private key ${keys.privateKey} (mode 0600: keep it secret, outside every snapshot, pack and output folder; sign with --signing-key, SRMAP_SIGNING_KEY or paths.signingKey in srmap.yaml)`);
  io.out(`public key  ${keys.publicKey} (give it to the auditor: srmap verify SNAPSHOT|PACK --public-key FILE)`);
  io.out(`key id      ${keys.keyId} (sha256 of the public key; a signed manifest names it)`);
  return 0;
}

export function registerKeys(y: Argv, ctx: CommandContext): Argv {
  return y.command(
    'keys',
    'Make an Ed25519 key pair to sign snapshots, packs and bundles with (keys init DIR)',
    (yy) =>
      yy
        .command(
          'init <dir>',
          'Write srmap-signing-key.pem (private, mode 0600) and srmap-signing-key.pub.pem (public) into DIR',
          (z) => z.positional('dir', { type: 'string', demandOption: true, describe: 'Folder for the key pair (outside every snapshot and pack)' }),
          (args) => ctx.exit(runKeysInit(String(args.dir), ctx.io)),
        )
        .demandCommand(1, 'Say what to do: srmap keys init DIR'),
    () => undefined,
  );
}
