/**
 * The pages' Content Security Policy (a meta tag): nothing may load from anywhere (no network, no
 * frame, no form, no base), and only the page's own inline script and style run, named by their
 * sha256. Our own text only (keywords and base64), so it needs no escaping in the attribute. Pure
 * but for node:crypto.
 */
import { createHash } from 'node:crypto';

export function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

export function contentSecurityPolicy(inline: { scripts: readonly string[]; styles: readonly string[] }): string {
  const scripts = inline.scripts.map(cspHash).join(' ');
  const styles = inline.styles.map(cspHash).join(' ');
  return [
    "default-src 'none'",
    `script-src ${scripts || "'none'"}`,
    `style-src ${styles || "'none'"}`,
    "img-src 'none'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}
