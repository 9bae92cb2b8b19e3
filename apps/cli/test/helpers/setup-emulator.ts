/** The setup tests' emulator: two service principals offering the `scim` template, one with a job made from it. */
import { buildJob, DEMO_TENANT, type Emulator } from "@graphsync/emulator";
import { TOKEN } from "./commands.js";
import { startTestEmulator, target } from "./emulator.js";
import { run } from "./runtime.js";

export const SP = "11111111-2222-4333-8444-555555555555";
export const SP2 = "22222222-2222-4333-8444-555555555555";
export const JOB = "scim.0123456789abcdef0123456789abcdef";
/** The SecretToken the emulator's SCIM application accepts. */
export const TOKEN_VALUE = "scim-bearer-token-value-0123456789";

export function setupEmulator(options: { withJob?: boolean } = {}): Promise<Emulator> {
  const job = buildJob({ id: JOB, templateId: "scim", status: { code: "NotConfigured" } });
  return startTestEmulator({
    state: {
      tenantId: DEMO_TENANT.tenantId,
      servicePrincipals: [
        { id: SP, displayName: "Fabrikam (SCIM)", templates: ["scim"], jobs: options.withJob === false ? [] : [job] },
        { id: SP2, displayName: "Northwind (SCIM)", templates: ["scim"], jobs: [] },
      ],
    },
    acceptedSecretTokens: [TOKEN_VALUE],
  });
}

/** The CLI against `emulator`, with extra environment variables. */
export function cliWith(emulator: () => Emulator) {
  return (argv: string[], env: Record<string, string> = {}, stdin?: string) =>
    run([...argv, ...target(emulator())], {
      env: { GRAPHSYNC_TOKEN: TOKEN, ...env },
      ...(stdin !== undefined ? { stdin } : {}),
    });
}

/** The operations the emulator served that change something (reads and credential checks left out). */
export function writes(emulator: Emulator): string[] {
  return emulator.requests
    .list()
    .filter((r) => r.method !== "GET" && !/validate/i.test(r.operation ?? ""))
    .map((r) => `${r.operation} ${r.status}`);
}
