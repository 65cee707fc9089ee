/**
 * cuecs.csv: one row per complementary user entity control of the catalog (the PDF section
 * "Complementary user entity controls"), with its status in this framework's evaluation and each
 * mapped control's. Columns are only ever added at the end. srmap's words, never the report's.
 */
import { toDay } from '../../domain/dates.js';
import type { PackInput } from '../../domain/result.js';

export const CUECS_COLUMNS = [
  'framework', 'cuec_id', 'area', 'topic', 'attestation_kind', 'status', 'control_count', 'control_ids',
  'control_statuses', 'controls_not_in_framework', 'as_of', 'snapshot_id',
] as const;

const LIST = ';';

export function toCuecRows(input: PackInput): string[][] {
  const { result, evidence } = input;
  const asOf = toDay(evidence.manifest.createdAt);
  return (input.cuecs ?? []).map((c) => [
    result.framework.id,
    c.id,
    c.area,
    c.topic,
    c.attestation,
    c.status,
    String(c.controls.length),
    c.controls.map((k) => k.controlId).join(LIST),
    c.controls.map((k) => `${k.controlId}=${k.status}`).join(LIST),
    c.controls.filter((k) => !k.inFramework).map((k) => k.controlId).join(LIST),
    asOf,
    evidence.manifest.id,
  ]);
}
