import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pageHead } from '../../../src/render/html/page-head.js';
import { PAGE_STYLE } from '../../../src/render/html/page-style.js';

const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

describe('pageHead', () => {
  it('allows the given scripts and the stylesheet by hash, and puts the title in as given', () => {
    const head = pageHead('A &amp; B', ['console.log(1)']).join('\n');
    expect(head.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>')).toBe(true);
    expect(head.endsWith('</head>')).toBe(true);
    expect(head).toContain('<title>A &amp; B</title>');
    expect(head).toContain(hash('console.log(1)'));
    expect(head).toContain(hash(PAGE_STYLE));
    expect(head).toContain('<meta name="referrer" content="no-referrer">');
  });

  it('allows no script when given none', () => {
    expect(pageHead('t', []).join('\n')).not.toContain(hash('console.log(1)'));
  });
});
