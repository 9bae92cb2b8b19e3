/** Emulators for the tests: in-process on 127.0.0.1:0, with a manual clock unless a test needs real time. */

import {
  buildJob,
  DEMO_TENANT,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
  type TenantInput,
} from "@graphsync/emulator";
import type { Clock } from "../../src/clock.js";

export { DEMO_TENANT };
export const SP = DEMO_TENANT.servicePrincipalId;
export const JOBS = DEMO_TENANT.jobs;

const running = new Set<Emulator>();

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ clock: "manual", seed: "graphsync-cli-tests", ...options });
  running.add(emulator);
  return emulator;
}

export async function closeEmulators(): Promise<void> {
  await Promise.all([...running].map((emulator) => emulator.close()));
  running.clear();
}

/** The CLI's view of time = the emulator's (sleeping advances the manual clock: --wait takes no real time). */
export function clockOf(emulator: Emulator): Clock {
  return { now: () => emulator.clock.now(), sleep: (ms, signal) => emulator.clock.sleep(ms, signal) };
}

/** Options that point the CLI at an emulator. */
export function target(emulator: Emulator): string[] {
  return ["--base-url", emulator.graphUrl()];
}

const pausedJob = (id: string) => buildJob({ id, templateId: "scim", status: { code: "Paused" } });

export interface BulkTenant {
  tenant: TenantInput;
  records: { servicePrincipalId: string; jobId: string }[];
}

/** `count` Paused jobs spread over a few service principals: the input of bulk-start tests. */
export function bulkTenant(count: number, perPrincipal = 50): BulkTenant {
  const records: BulkTenant["records"] = [];
  const servicePrincipals: TenantInput["servicePrincipals"] = [];
  for (let i = 0; i < count; i++) {
    const p = Math.floor(i / perPrincipal);
    const spId = `${String(p).padStart(8, "0")}-0000-4000-8000-${String(p).padStart(12, "0")}`;
    if (!servicePrincipals[p]) servicePrincipals[p] = { id: spId, jobs: [] };
    const jobId = `scim.${i.toString(16).padStart(32, "0")}`;
    servicePrincipals[p].jobs.push(pausedJob(jobId));
    records.push({ servicePrincipalId: spId, jobId });
  }
  return { tenant: { tenantId: DEMO_TENANT.tenantId, servicePrincipals }, records };
}

export function toCsv(records: BulkTenant["records"], eol = "\n"): string {
  return `servicePrincipalId,jobId${eol}${records.map((r) => `${r.servicePrincipalId},${r.jobId}`).join(eol)}${eol}`;
}
