import { GraphHttpError } from "../errors.js";
import { RESTART_SCOPES, type RestartScope } from "../store/job-machine.js";

/** The members of a resetScope flags value ("Watermark, Escrows"); [] for none. */
export function parseResetScope(value: unknown): RestartScope[] {
  if (value === undefined || value === null) return [];
  const members = String(value)
    .split(",")
    .map((m) => m.trim())
    .filter(Boolean);
  for (const member of members) {
    if (!RESTART_SCOPES.includes(member as RestartScope)) {
      throw GraphHttpError.badRequest(
        `criteria.resetScope: '${member.slice(0, 100)}' is not a restart scope: use one or more of ${RESTART_SCOPES.join(", ")}, separated by commas.`,
        "criteria.resetScope",
      );
    }
  }
  return members as RestartScope[];
}
