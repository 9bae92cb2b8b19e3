// A failed TLS handshake sent nothing: the client fails at once (no retries), says so, and hints at the fix. The
// emulator serves HTTPS with its own test CA, which the client here is not given.
import { createGraphSyncClient, NetworkError, type RetryEvent } from "@graphsync/client";
import { DEMO_TENANT, startEmulator } from "@graphsync/emulator";
import { expect, it } from "vitest";

const { servicePrincipalId: sp, jobId } = DEMO_TENANT.jobs.paused;

it("an untrusted certificate is a NetworkError with tls: true, sent: false, after one attempt", async () => {
  const emulator = await startEmulator({ tls: true, clock: "manual", log: "silent" });
  try {
    const retries: RetryEvent[] = [];
    const graph = createGraphSyncClient({
      baseUrl: emulator.graphUrl(),
      accessToken: emulator.token,
      retry: { maxAttempts: 5, baseDelayMs: 1, onRetry: (e) => retries.push(e) },
    });
    for (const call of [() => graph.startJob(sp, jobId), () => graph.getJob(sp, jobId)]) {
      const error = (await call().catch((e: unknown) => e)) as NetworkError;
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ tls: true, sent: false, attempts: 1 });
      expect(error.message).toContain("(not sent; TLS failed");
      expect(error.message).toContain("NODE_EXTRA_CA_CERTS");
    }
    expect(retries).toEqual([]);
    expect(emulator.state.startCount(sp, jobId)).toBe(0);
  } finally {
    await emulator.close();
  }
});
