/** Provisioning log entries for the tests, shaped as the service writes them, and a way to put them in an emulator. */
import type { Emulator } from "@graphsync/emulator";
import type { ProvisioningObjectSummary, ProvisioningStep } from "@graphsync/types";
import { DEMO_TENANT } from "./emulator.js";

export interface EntryInput {
  n: number;
  jobId: string;
  servicePrincipalId?: string;
  time: string;
  status?: "success" | "failure" | "skipped" | "warning";
  action?: ProvisioningObjectSummary["provisioningAction"];
  source?: { id: string; displayName: string };
  target?: { id: string; displayName: string };
  cycleId?: string;
  error?: { errorCode: string; reason: string; recommendedAction?: string | null; errorCategory?: string };
  steps?: ProvisioningStep[];
  modified?: { displayName: string; oldValue: string | null; newValue: string | null }[];
}

const hex = (n: number, width = 12) => n.toString(16).padStart(width, "0");
export const uuid = (n: number, prefix = "e") => `${prefix.repeat(8)}-0000-4000-8000-${hex(n)}`;

export function logEntry(input: EntryInput): ProvisioningObjectSummary {
  const status = input.status ?? "success";
  return {
    id: uuid(input.n, "a"),
    activityDateTime: input.time,
    tenantId: DEMO_TENANT.tenantId,
    jobId: input.jobId,
    cycleId: input.cycleId ?? uuid(1, "c"),
    changeId: uuid(input.n, "d"),
    durationInMilliseconds: 800,
    initiatedBy: { id: null, displayName: "Azure AD Provisioning Service", initiatorType: "system" },
    provisioningAction: input.action ?? "create",
    provisioningStatusInfo: {
      status,
      errorInformation: input.error
        ? {
            errorCode: input.error.errorCode,
            reason: input.error.reason,
            errorCategory: (input.error.errorCategory ?? "failure") as never,
            additionalDetails: null,
            recommendedAction: input.error.recommendedAction ?? null,
          }
        : null,
    },
    provisioningSteps: input.steps ?? [],
    modifiedProperties: input.modified ?? [],
    servicePrincipal: { id: input.servicePrincipalId ?? DEMO_TENANT.servicePrincipalId, displayName: "contoso.local" },
    sourceIdentity: {
      ...(input.source ?? { id: uuid(input.n, "5"), displayName: `user${input.n}` }),
      identityType: "User",
      details: {},
    },
    targetIdentity: {
      ...(input.target ?? { id: uuid(input.n, "7"), displayName: `user${input.n}` }),
      identityType: "User",
      details: {},
    },
  };
}

/** Replaces the emulator's provisioning logs with `entries` (oldest first, as it keeps them). */
export async function seedLogs(emulator: Emulator, entries: readonly ProvisioningObjectSummary[]): Promise<void> {
  const state = emulator.state.serialize();
  state.provisioningLogs = [...entries];
  await emulator.state.replace(state);
}

/** An ISO time `minutes` before the emulator's clock. */
export const minutesAgo = (emulator: Emulator, minutes: number) =>
  new Date(emulator.clock.now() - minutes * 60_000).toISOString();
