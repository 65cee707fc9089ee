/**
 * The organisation profile in srmap.yaml (`profile:`): the facts a questionnaire asks about the
 * organisation itself, which no evidence decides (name, where data lives, sub-processors, ...).
 * srmap answers factual questions from it, or sends them to review when a fact is missing.
 */
import { z } from 'zod';

const text = z.string().trim().min(1);

export const OrganisationProfileSchema = z.strictObject({
  legalName: text.optional().describe('Registered name; defaults to `organisation`.'),
  product: text.optional().describe('The product or service questionnaires assess.'),
  headquarters: text.optional().describe('Registered office or head office address or country.'),
  website: text.optional(),
  employees: z.union([z.number().int().positive(), text]).optional().describe('Headcount, e.g. 420 or "about 400".'),
  securityContact: text.optional().describe('Who answers for security, with an email: "Dana Whitfield, CISO, security@example.com".'),
  privacyContact: text.optional().describe('Privacy officer or DPO, with an email.'),
  hosting: text.optional().describe('Where the service runs; defaults to AWS in the regions of srmap.yaml.'),
  dataLocations: z.array(text).optional().describe('Where customer data is stored, e.g. "Ireland (AWS eu-west-1)"; defaults to the regions of srmap.yaml.'),
  subProcessors: z
    .array(z.strictObject({ name: text, purpose: text, location: text.optional() }))
    .optional()
    .describe('Third parties that process customer data.'),
  certifications: z
    .array(z.strictObject({ name: text, detail: text.optional() }))
    .optional()
    .describe('Independent attestations the organisation holds, e.g. { name: SOC 2 Type II, detail: "period 2025-10-01 to 2026-09-30" }.'),
  insurance: text.optional().describe('Cyber insurance cover, as you would state it to a customer.'),
  aiUse: text.optional().describe('Whether and how the service uses AI or machine learning, and whether customer data trains models.'),
  breachHistory: text.optional().describe('The statement you make about past breaches.'),
  offshoreAccess: text.optional().describe('Whether staff outside the hosting country can reach customer data.'),
});
export type OrganisationProfile = z.output<typeof OrganisationProfileSchema>;
export type ProfileField = keyof OrganisationProfile;
export const PROFILE_FIELDS = Object.keys(OrganisationProfileSchema.shape) as ProfileField[];
