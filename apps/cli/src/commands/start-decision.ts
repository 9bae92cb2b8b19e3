/**
 * Safe start's rule: what start should do for a job in a given state. Pure, shared by the single and the bulk start;
 * the table in the README is this function.
 */
import type { SynchronizationJob } from "@graphsync/types";
import { quote } from "../core.js";

export type StartDecision = { start: true; note: string } | { start: false; reason: string; hint: string };

const ACTIVE_HINT =
  "Microsoft warns that calling start repeatedly on a running job can make the service stop it; start is meant for Paused or Quarantine jobs. To process everything again use 'graphsync jobs restart'; to start anyway, add --force.";

export function decideStart(job: SynchronizationJob, force: boolean): StartDecision {
  const code = job.status?.code;
  switch (code) {
    case "Paused":
      return { start: true, note: "it was Paused: it continues from where it stopped." };
    case "Quarantine": {
      const reason = job.status?.quarantine?.reason;
      return {
        start: true,
        note: `it was in Quarantine${reason ? ` (${reason})` : ""}: start clears the quarantine; if the cause is not fixed, the service quarantines it again.`,
      };
    }
    case "NotRun":
      return { start: true, note: "it has never run: this starts its first cycle." };
    case "NotConfigured":
      if (force) return { start: true, note: "it is NotConfigured: starting anyway because of --force." };
      return {
        start: false,
        reason: "it is NotConfigured (provisioning was never set up)",
        hint: "save its admin credentials and mappings first (portal: Provisioning > Admin credentials > Test connection > Save); start then begins its first cycle. --force sends the start anyway.",
      };
    case "Active":
      if (force) return { start: true, note: "it is Active: starting anyway because of --force." };
      return { start: false, reason: "it is Active (already running)", hint: ACTIVE_HINT };
    default:
      if (force)
        return { start: true, note: `its status is ${quote(String(code))}: starting anyway because of --force.` };
      return {
        start: false,
        reason: `its status ${code === undefined ? "is missing" : `${quote(String(code))} is not one graphsync knows`}`,
        hint: "read it with 'graphsync jobs get'; add --force to start it anyway.",
      };
  }
}
