/**
 * Identifiers, uuids, dates and text for the OSCAL documents (OSCAL 1.1.2, JSON). Pure.
 *
 * - uuids are UUIDv5 (RFC 4122, SHA-1) over srmap's own namespace and a stable name, so the same
 *   snapshot always gives the same documents, and the same subject (a component, a POA&M item) keeps
 *   its uuid from one quarter to the next.
 * - OSCAL ids (control, group, part) are tokens (an NCName: a letter or `_` first, then letters,
 *   digits, `.`, `-`, `_`): a standard's identifier such as `164.312(a)(2)(iv)` or `8.4.2` is not
 *   one, so it is carried exactly as written in the control's `label` property and the id is
 *   derived from it.
 * - OSCAL strings (`StringDatatype`) are one line with no leading or trailing white space; markup
 *   fields are Markdown. Text that comes from AWS or the working folder (resource ids, annotations,
 *   report names, gap messages) is untrusted: it is put on one line with control characters made
 *   visible, and in markup inside a code span, so no tool renders it as markup or HTML.
 */
import { createHash } from 'node:crypto';
import { toVisibleText } from '../../domain/visible-text.js';

export const OSCAL_VERSION = '1.1.2';

/** The namespace of srmap's own properties (`props[].ns`): responsibility, statuses, counts. */
export const SRMAP_NS = 'urn:srmap:oscal';

/** srmap's UUIDv5 namespace (a fixed random uuid). */
const UUID_NAMESPACE = '8a3c1d0e-5b7f-4e2a-9c61-2f4d8b9e7a15';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** UUIDv5 (RFC 4122 section 4.3): SHA-1 of the namespace's bytes and the name, version 5, RFC 4122 variant. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The uuid of a subject: UUIDv5 of `parts` joined with `|`, in srmap's namespace. */
export function uuidFor(...parts: readonly string[]): string {
  return uuidForParts(parts);
}

/** `uuidFor` over parts already in an array (no spread into a call). */
export function uuidForParts(parts: readonly string[]): string {
  return uuidV5(UUID_NAMESPACE, parts.join('|'));
}

/**
 * A document's uuid: derived from its content (everything but the uuid itself), so it is the same
 * for the same content and changes when the document changes, as OSCAL asks of a document uuid.
 */
export function documentUuid(kind: string, content: unknown): string {
  return uuidFor('document', kind, createHash('sha256').update(JSON.stringify(content)).digest('hex'));
}

const TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;

export function isToken(s: string): boolean {
  return TOKEN.test(s);
}

/**
 * The OSCAL id of a requirement: `req-` and the identifier with `(x)` written `-x`, anything else
 * outside a token's characters as `_`: `164.312(a)(2)(iv)` -> `req-164.312-a-2-iv`, `8.4.2` ->
 * `req-8.4.2`, `A.8.24` -> `req-A.8.24`. The catalog checks the result is unique.
 */
export function requirementToken(id: string): string {
  return `req-${id.replace(/\(([^()]*)\)/g, '-$1').replace(/[^\p{L}\p{N}.\-_]/gu, '_')}`;
}

/** The OSCAL id of a common control (already kebab-case; prefixed only if it would not be a token). */
export function controlToken(id: string): string {
  return isToken(id) ? id : `_${id.replace(/[^\p{L}\p{N}.\-_]/gu, '_')}`;
}

/** The id of a requirement's statement part (what a finding targets). */
export function statementId(token: string): string {
  return `${token}_smt`;
}

/** ISO date-time with a time zone, as OSCAL's `DateTimeWithTimezoneDatatype` wants it. */
export function dateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.000Z$/, 'Z');
}

/** A calendar day (YYYY-MM-DD) as the start of that day, UTC. */
export function dayStart(day: string): string {
  return `${day}T00:00:00Z`;
}

/** A calendar day (YYYY-MM-DD) as the end of that day, UTC (an expiry or validity end). */
export function dayEnd(day: string): string {
  return `${day}T23:59:59Z`;
}

/** One line, white space folded, control characters visible: an OSCAL string (never empty: `fallback`). */
export function line(s: string | undefined, fallback = '-'): string {
  const out = toVisibleText(s ?? '').replace(/\s+/gu, ' ').trim();
  return out === '' ? fallback : out;
}

/** Untrusted text inside markup: one line, in a code span, so it is shown literally and never rendered. */
export function code(s: string | undefined): string {
  const text = line(s);
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(runs.reduce((n, r) => Math.max(n, r.length), 0) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Drops undefined values and empty arrays (OSCAL arrays have at least one item). Empty objects stay (`include-all: {}`). */
export function prune<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => prune(v as unknown)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      if (Array.isArray(v) && v.length === 0) continue;
      out[k] = prune(v);
    }
    return out as T;
  }
  return value;
}

export interface OscalProp {
  name: string;
  value: string;
  ns?: string;
  class?: string;
  remarks?: string;
}

/** A property in srmap's namespace. */
export function prop(name: string, value: string | number | boolean, cls?: string): OscalProp {
  return { name, ns: SRMAP_NS, value: line(String(value)), ...(cls === undefined ? {} : { class: controlToken(cls) }) };
}

/** A property in OSCAL's own namespace (no `ns`): only names OSCAL defines for the place it is used. */
export function nistProp(name: string, value: string): OscalProp {
  return { name, value: line(value) };
}
