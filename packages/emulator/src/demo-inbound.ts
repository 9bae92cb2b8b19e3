/**
 * The demo tenant's API-driven inbound provisioning application (README "The seeded tenant"): an Active API2AAD
 * job that bulkUpload feeds, and the directory users it starts with (two employees, one managing the other).
 */
import type { SynchronizationJob, User } from "@graphsync/types";
import { DAY, execution, MINUTE } from "./demo-execution.js";
import { buildJob } from "./job-builder.js";
import { formatTime } from "./time.js";

export const INBOUND_SP = "6b1f0e2d-3c4a-4b5e-9f60-7a8b9c0d1e2f";
export const INBOUND_APP_ID = "7c2a1d3e-4b5f-4c6d-8e7f-9a0b1c2d3e4f";
export const INBOUND_DISPLAY_NAME = "API-driven inbound provisioning to Microsoft Entra ID";
export const INBOUND_JOB = "API2AAD.0c5a3e7f9b1d4c2a8e6f0a1b2c3d4e5f";

/** Active and in steady state: it processes what bulkUpload sends. */
export function inboundJob(now: number): SynchronizationJob {
  return buildJob({
    id: INBOUND_JOB,
    templateId: "API2AAD",
    status: {
      code: "Active",
      // Its last cycle, 40 minutes ago, had nothing to process: its cycles process only what is uploaded.
      lastExecution: execution(now, 40 * MINUTE, 2, {}),
      lastSuccessfulExecution: execution(now, 40 * MINUTE, 2, {}),
      steadyStateFirstAchievedTime: formatTime(now - 3 * DAY),
      steadyStateLastAchievedTime: formatTime(now - 40 * 60 * 1000),
      synchronizedEntryCountByType: [{ key: "Worker to user", value: 2 }],
    },
  });
}

/** Two users an HR system already provisioned (employeeIds 100001 and 100002; the first manages the second). */
export function demoUsers(): User[] {
  const base = {
    accountEnabled: true,
    companyName: "Contoso",
    businessPhones: [],
    employeeType: "Employee",
    country: "US",
  };
  return [
    {
      ...base,
      id: "0f3c2b1a-6e5d-4c7b-9a8f-1e2d3c4b5a60",
      employeeId: "100001",
      givenName: "Megan",
      surname: "Bowen",
      displayName: "Megan Bowen",
      userPrincipalName: "megan.bowen@contoso.com",
      mailNickname: "megan.bowen",
      mail: "megan.bowen@contoso.com",
      jobTitle: "Director of Operations",
      department: "Operations",
    },
    {
      ...base,
      id: "1a4d3c2b-7f6e-4d8c-8b9a-2f3e4d5c6b71",
      employeeId: "100002",
      givenName: "Alex",
      surname: "Wilber",
      displayName: "Alex Wilber",
      userPrincipalName: "alex.wilber@contoso.com",
      mailNickname: "alex.wilber",
      mail: "alex.wilber@contoso.com",
      jobTitle: "Operations Analyst",
      department: "Operations",
      manager: { id: "0f3c2b1a-6e5d-4c7b-9a8f-1e2d3c4b5a60" },
    },
  ];
}
