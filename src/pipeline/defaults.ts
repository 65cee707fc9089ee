/** Defaults shared by the commands that evaluate a snapshot (kept apart so a command loads no renderer it does not use). */

/** Failing resources listed per rule (PDF, OSCAL observations) before pointing to evidence.csv, which lists all. */
export const DEFAULT_FAILING_CAP = 25;

/** Snapshots in a pack's trend (`report --history`), the reported one included. */
export const DEFAULT_HISTORY_LIMIT = 8;
