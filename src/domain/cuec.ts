/**
 * Complementary user entity controls (CUECs): the controls a service organisation's SOC 2 report
 * expects its customers (the user entities) to operate, without which AWS's own controls do not
 * achieve their objectives for the customer. The catalog lists them in srmap's own words (the
 * report itself is AWS confidential: never its text), one file per AWS attestation that expects
 * them, each CUEC mapped to the common controls through which the organisation operates it. The
 * schema is strict (unknown keys are errors); read-cuecs.ts checks the cross-references.
 */
import { z } from 'zod';
import type { Responsibility, Status } from './status.js';

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, 'lower-case kebab-case id, e.g. encrypt-data-at-rest');

export const CuecSchema = z.strictObject({
  id: z.string().regex(/^CUEC-[0-9]{2,3}$/, 'CUEC-nn, e.g. CUEC-01').describe('Stable id of the CUEC in srmap, e.g. CUEC-01 (not the report\'s numbering).'),
  area: z.string().min(1).max(40).describe('The area it belongs to, a few words, e.g. Identity and access.'),
  topic: z.string().min(1).max(400).describe('What the customer is expected to operate, in srmap\'s own words (never the report\'s text).'),
  controls: z.array(id).min(1).describe('The common controls (frameworks/controls/) through which the organisation operates it.'),
});

export const CuecFileSchema = z.strictObject({
  attestation: id.describe('The attestation kind (frameworks/evidence-kinds.yaml) whose report expects these controls of its customers, e.g. aws-soc2-type2.'),
  cuecs: z.array(CuecSchema).min(1),
});

export type Cuec = z.infer<typeof CuecSchema> & {
  /** The attestation kind whose report expects it. */
  attestation: string;
};
export type CuecFile = z.infer<typeof CuecFileSchema>;

/** One mapped control of a CUEC, as the framework's one evaluation found it. */
export interface CuecControlResult {
  controlId: string;
  title: string;
  responsibility: Responsibility;
  status: Status;
  /** False when no requirement of this framework names the control (evaluated over the framework's scope all the same). */
  inFramework: boolean;
}

/** A CUEC with its status: its mapped controls' statuses combined by the evaluator's one rule. */
export interface CuecResult {
  id: string;
  area: string;
  topic: string;
  attestation: string;
  status: Status;
  controls: CuecControlResult[];
}
