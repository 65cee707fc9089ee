/**
 * Factual questions about the organisation, answered from the organisation profile in srmap.yaml
 * (and, for where data lives, from the AWS regions the working folder or snapshot names). Never
 * from a control's status: a fact is either declared or the question goes to review. Pure.
 */
import type { OrganisationProfile, ProfileField } from '../domain/organisation-profile.js';
import { AWS_REGIONS, describeRegion } from './aws-regions.js';

export interface ProfileContext {
  profile: OrganisationProfile | undefined;
  /** The organisation name of srmap.yaml (or the snapshot). */
  organisation: string;
  /** AWS regions the estate runs in, and where that list came from. */
  regions: readonly string[];
  regionsSource: string;
}

export interface FactualAnswer {
  /** The short answer: Yes / No, the value itself, or Needs review. */
  answer: string;
  /** What the customer reads. */
  response: string;
  /** For the reviewer: where the fact came from. */
  internal: string;
  found: boolean;
}

const YES_NO = /^(is|are|was|were|will|would|does|do|did|has|have|can|could|should|may|any)\b/i;

const missing = (field: ProfileField, why = ''): FactualAnswer => ({
  answer: 'Needs review',
  response: '',
  internal: `No \`profile.${field}\` in srmap.yaml${why}: add it to answer this kind of question, or answer by hand.`,
  found: false,
});

/** The short answer of a statement that starts with Yes or No ("No. Customer data never trains models." -> No). */
function leadingYesNo(statement: string): string | undefined {
  const m = /^(yes|no)\b/i.exec(statement.trim());
  return m ? (m[1]?.toLowerCase() === 'yes' ? 'Yes' : 'No') : undefined;
}

function statement(field: ProfileField, value: string | undefined, question: string): FactualAnswer {
  if (value === undefined) return missing(field);
  const yn = YES_NO.test(question.trim()) ? leadingYesNo(value) : undefined;
  return { answer: yn ?? value, response: value, internal: `From profile.${field} in srmap.yaml.`, found: true };
}

/** The AWS regions a list of locations names, or the regions themselves. */
function regionsOf(ctx: ProfileContext): { regions: string[]; source: string } {
  const declared = ctx.profile?.dataLocations ?? [];
  const named = declared.flatMap((d) => Object.keys(AWS_REGIONS).filter((r) => new RegExp(`\\b${r}\\b`).test(d)));
  if (declared.length > 0) return { regions: [...new Set(named)], source: 'profile.dataLocations in srmap.yaml' };
  return { regions: [...ctx.regions], source: ctx.regionsSource };
}

const AREAS: readonly { re: RegExp; label: string; test: (code: string) => boolean }[] = [
  { re: /\b(EEA|European Economic Area)\b/i, label: 'the EEA', test: (c) => Object.values(AWS_REGIONS).some((p) => p.code === c && p.eea) },
  { re: /\b(EU|European Union)\b/, label: 'the EU', test: (c) => Object.values(AWS_REGIONS).some((p) => p.code === c && p.eu) },
  { re: /\bEurope\b/i, label: 'Europe', test: (c) => ['IE', 'GB', 'FR', 'DE', 'CH', 'SE', 'IT', 'ES'].includes(c) },
  { re: /\b(United States|USA|U\.S\.|US)\b/, label: 'the United States', test: (c) => c === 'US' },
  { re: /\b(United Kingdom|UK)\b/, label: 'the United Kingdom', test: (c) => c === 'GB' },
  { re: /\bCanada\b/i, label: 'Canada', test: (c) => c === 'CA' },
  { re: /\bAustralia\b/i, label: 'Australia', test: (c) => c === 'AU' },
];

function answerLocation(question: string, ctx: ProfileContext): FactualAnswer {
  const { regions, source } = regionsOf(ctx);
  const declared = ctx.profile?.dataLocations;
  const list = declared && declared.length > 0 ? declared.join('; ') : regions.map(describeRegion).join('; ');
  if (list === '') return missing('dataLocations', ' and no regions in srmap.yaml or the snapshot');
  const area = AREAS.find((a) => a.re.test(question));
  if (YES_NO.test(question.trim()) && area) {
    if (regions.length === 0) return { answer: 'Needs review', response: '', internal: `profile.dataLocations names no AWS region, so srmap cannot tell whether it is in ${area.label}: ${list}.`, found: false };
    const outside = /\boutside\b/i.test(question);
    const codes = regions.map((r) => AWS_REGIONS[r]?.code ?? '');
    const inside = regions.filter((_, i) => area.test(codes[i] ?? ''));
    const yes = outside ? inside.length < regions.length : inside.length > 0;
    const where = regions.map(describeRegion).join('; ');
    return {
      answer: yes ? 'Yes' : 'No',
      response: `${yes ? 'Yes' : 'No'}. Customer data is stored in: ${where}.`,
      internal: `Computed from the AWS regions of ${source} (${regions.join(', ')}) against ${outside ? 'outside ' : ''}${area.label}.`,
      found: true,
    };
  }
  return { answer: list, response: `Customer data is stored in: ${list}.`, internal: `From ${declared && declared.length > 0 ? 'profile.dataLocations in srmap.yaml' : source}.`, found: true };
}

const STANDARDS: readonly { re: RegExp; name: RegExp }[] = [
  { re: /\bSOC ?2\b/i, name: /\bSOC ?2\b/i },
  { re: /\bSOC ?1\b/i, name: /\bSOC ?1\b/i },
  { re: /\bISO(\/IEC)? ?27001\b/i, name: /\b27001\b/ },
  { re: /\bPCI\b|\battestation of compliance\b|\bAoC\b/i, name: /\bPCI\b/i },
  { re: /\bHITRUST\b/i, name: /\bHITRUST\b/i },
  { re: /\bFedRAMP\b/i, name: /\bFedRAMP\b/i },
];

function answerCertifications(question: string, ctx: ProfileContext): FactualAnswer {
  const certs = ctx.profile?.certifications;
  if (certs === undefined) return missing('certifications');
  const describe = (c: { name: string; detail?: string | undefined }) => (c.detail ? `${c.name} (${c.detail})` : c.name);
  const asked = STANDARDS.filter((s) => s.re.test(question));
  if (asked.length > 0) {
    const held = certs.filter((c) => asked.some((s) => s.name.test(c.name)));
    if (held.length > 0) return { answer: 'Yes', response: `Yes: ${held.map(describe).join('; ')}.`, internal: 'From profile.certifications in srmap.yaml.', found: true };
    return {
      answer: 'No',
      response: certs.length > 0 ? `No. ${ctx.organisation} holds: ${certs.map(describe).join('; ')}.` : 'No.',
      internal: 'profile.certifications in srmap.yaml lists none of the attestations asked about.',
      found: true,
    };
  }
  if (certs.length === 0) return { answer: 'No', response: 'No independent attestation is held at present.', internal: 'profile.certifications in srmap.yaml is empty.', found: true };
  return { answer: YES_NO.test(question.trim()) ? 'Yes' : certs.map((c) => c.name).join('; '), response: `${certs.map(describe).join('; ')}.`, internal: 'From profile.certifications in srmap.yaml.', found: true };
}

export function answerFromProfile(question: string, field: ProfileField, ctx: ProfileContext): FactualAnswer {
  const p = ctx.profile;
  switch (field) {
    case 'legalName':
      return p?.legalName ? statement(field, p.legalName, question) : { answer: ctx.organisation, response: ctx.organisation, internal: 'The organisation name of srmap.yaml (no profile.legalName).', found: true };
    case 'employees':
      return statement(field, p?.employees === undefined ? undefined : String(p.employees), question);
    case 'hosting': {
      if (p?.hosting) return statement(field, p.hosting, question);
      const { regions, source } = regionsOf(ctx);
      if (regions.length === 0) return missing('hosting', ' and no regions in srmap.yaml or the snapshot');
      const text = `Amazon Web Services (AWS), in ${regions.map(describeRegion).join('; ')}.`;
      return { answer: YES_NO.test(question.trim()) ? 'Yes' : text, response: YES_NO.test(question.trim()) ? `Yes: ${text}` : text, internal: `The evidence is collected from AWS; regions from ${source}.`, found: true };
    }
    case 'dataLocations':
      return answerLocation(question, ctx);
    case 'subProcessors': {
      const list = p?.subProcessors;
      if (list === undefined) return missing(field);
      const text = list.length === 0 ? 'None.' : list.map((s) => `${s.name} (${s.purpose}${s.location ? `, ${s.location}` : ''})`).join('; ');
      return { answer: YES_NO.test(question.trim()) ? (list.length > 0 ? 'Yes' : 'No') : text, response: list.length === 0 ? 'No sub-processor handles customer data.' : `${text}.`, internal: 'From profile.subProcessors in srmap.yaml.', found: true };
    }
    case 'certifications':
      return answerCertifications(question, ctx);
    default:
      return statement(field, p?.[field] as string | undefined, question);
  }
}
