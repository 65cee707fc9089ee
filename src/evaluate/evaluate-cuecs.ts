/**
 * The status of each complementary user entity control (domain/cuec.ts) in one framework's pack:
 * the statuses of the common controls it is mapped to, from the framework's own evaluation,
 * combined by combineStatuses (the rule that combines a requirement's controls). A mapped control
 * no requirement of the framework names is evaluated over the same evidence (the framework's
 * scope) by the same evaluateControl, through the caller's lookup. Pure.
 */
import type { Cuec, CuecResult } from '../domain/cuec.js';
import type { ControlResult, FrameworkResult } from '../domain/result.js';
import { combineStatuses } from './combine-statuses.js';

/**
 * @param otherControl the result of a control the framework does not name, evaluated over the
 *   framework's evidence; undefined only for an id the catalog does not have (read-cuecs rejects it).
 */
export function evaluateCuecs(cuecs: readonly Cuec[], result: FrameworkResult, otherControl: (id: string) => ControlResult | undefined): CuecResult[] {
  return cuecs.map((cuec) => {
    const controls = cuec.controls.flatMap((id) => {
      const own = result.controls.get(id);
      const r = own ?? otherControl(id);
      return r ? [{ controlId: id, title: r.title, responsibility: r.responsibility, status: r.status, inFramework: own !== undefined }] : [];
    });
    return {
      id: cuec.id,
      area: cuec.area,
      topic: cuec.topic,
      attestation: cuec.attestation,
      status: combineStatuses(controls.map((c) => c.status)),
      controls,
    };
  });
}
