/**
 * The document head every srmap page shares: its Content Security Policy (the page's own scripts and
 * the stylesheet, by hash, nothing else), no referrer, the viewport, the title and the inline
 * stylesheet. Pure; `titleHtml` is already escaped by the caller.
 */
import { contentSecurityPolicy } from './content-security-policy.js';
import { PAGE_STYLE } from './page-style.js';

export function pageHead(titleHtml: string, scripts: readonly string[]): string[] {
  const csp = contentSecurityPolicy({ scripts, styles: [PAGE_STYLE] });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${titleHtml}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
  ];
}
