import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createDemoTenant,
  DEMO_TENANT,
  EmulatorStateError,
  MANUAL_CLOCK_START,
  type PersistedState,
} from "../src/index.js";
import { call, JOBS, jobPath, specErrors, start } from "./helpers.js";
import { spawnEmulator } from "./process.js";

const folder = mkdtempSync(join(tmpdir(), "graphsync-emulator-state-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(folder, `state-${++n}.json`);
const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as PersistedState;

function savedJob(state: PersistedState, ref: { servicePrincipalId: string; jobId: string }) {
  const sp = state.servicePrincipals.find((s) => s.id === ref.servicePrincipalId);
  const job = sp?.jobs.find((j) => j.job.id === ref.jobId);
  if (!job) throw new Error(`no ${ref.jobId} in the state file`);
  return job;
}

describe("state file", () => {
  it("is created from the demo tenant, and every change is on disk before it is acknowledged", async () => {
    const file = fresh();
    const emulator = await start({ stateFile: file });
    expect(read(file)).toMatchObject({ graphsyncEmulatorState: 1, seq: 0, tenantId: DEMO_TENANT.tenantId });
    expect((await call(emulator, "POST", jobPath(JOBS.paused, "start"))).status).toBe(204);
    // Read right after the answer, without closing: write-ahead.
    const saved = read(file);
    expect(saved.seq).toBe(1);
    expect(savedJob(saved, JOBS.paused).job.status?.code).toBe("Active");
    expect(savedJob(saved, JOBS.paused).counters.starts).toBe(1);
    await emulator.close();
  });

  it("a restarted emulator continues where the last one stopped: jobs, runs, counters and the manual clock", async () => {
    const file = fresh();
    const first = await start({ stateFile: file });
    await call(first, "POST", jobPath(JOBS.paused, "start"));
    await call(first, "POST", jobPath(JOBS.active, "start"));
    first.clock.advance(10 * 60_000);
    const expected = first.state.getJob(JOBS.paused.servicePrincipalId, JOBS.paused.jobId);
    await first.close();
    const second = await start({ stateFile: file });
    expect(second.clock.now()).toBe(MANUAL_CLOCK_START + 10 * 60_000);
    expect(second.state.getJob(JOBS.paused.servicePrincipalId, JOBS.paused.jobId)).toEqual(expected);
    expect(second.state.counters(JOBS.active.servicePrincipalId, JOBS.active.jobId)).toMatchObject({
      starts: 1,
      repeatedStarts: 1,
    });
    second.clock.advance(60 * 60_000);
    const later = second.state.getJob(JOBS.paused.servicePrincipalId, JOBS.paused.jobId);
    expect(Date.parse(later?.status?.lastExecution?.timeBegan ?? "")).toBeGreaterThan(
      Date.parse(expected?.status?.lastExecution?.timeBegan ?? ""),
    );
    await second.close();
  });

  it("loads a hand-written tenant (plain Graph payloads) and refuses an invalid one, naming the file and the field", async () => {
    const plain = fresh();
    const tenant = createDemoTenant(MANUAL_CLOCK_START);
    writeFileSync(plain, JSON.stringify({ ...tenant, servicePrincipals: tenant.servicePrincipals.slice(1, 2) }));
    const emulator = await start({ stateFile: plain });
    expect(emulator.state.servicePrincipals().map((sp) => sp.id)).toEqual([DEMO_TENANT.servicePrincipals.scim]);
    await emulator.close();
    expect(read(plain).graphsyncEmulatorState).toBe(1);

    const bad = fresh();
    const broken = structuredClone(tenant) as unknown as {
      servicePrincipals: Array<{ jobs: Array<{ schedule: { state: string } }> }>;
    };
    const job = broken.servicePrincipals[1]?.jobs[0];
    if (job) job.schedule.state = "Sometimes";
    writeFileSync(bad, JSON.stringify(broken));
    const error = await start({ stateFile: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorStateError);
    expect((error as EmulatorStateError).message).toContain(bad);
    expect((error as EmulatorStateError).pointer).toBe("/servicePrincipals/1/jobs/0/schedule/state");
    expect((error as Error).message).toContain("Active, Disabled, Paused");

    const duplicate = fresh();
    writeFileSync(
      duplicate,
      JSON.stringify({
        servicePrincipals: [
          { id: DEMO_TENANT.servicePrincipalId, jobs: [] },
          { id: DEMO_TENANT.servicePrincipalId.toUpperCase(), jobs: [] },
        ],
      }),
    );
    await expect(start({ stateFile: duplicate })).rejects.toThrow(/appears twice/);
  });

  it("refuses a file that is not JSON and leaves it untouched", async () => {
    const file = fresh();
    writeFileSync(file, '{"graphsyncEmulatorState": 1, "servicePrin');
    const error = await start({ stateFile: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorStateError);
    expect((error as Error).message).toMatch(/is not valid JSON/);
    expect(readFileSync(file, "utf8")).toBe('{"graphsyncEmulatorState": 1, "servicePrin');
  });

  it("removes temp files a killed emulator left behind", async () => {
    const file = fresh();
    const stale = join(folder, `.${file.split("/").pop()}.12345.7.tmp`);
    writeFileSync(stale, '{"torn": ');
    const emulator = await start({ stateFile: file });
    await emulator.close();
    expect(readdirSync(folder).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("survives SIGKILL in the middle of a burst of writes: the file is valid and holds every acknowledged write", async () => {
    const file = fresh();
    const first = spawnEmulator(["--port", "0", "--json", "--quiet", "--clock", "manual", "--state", file]);
    const ready = await first.ready;
    const jobs = [JOBS.active, JOBS.activeWithErrors, JOBS.paused, JOBS.notRun];
    const acknowledged = jobs.map(() => 0);
    let killed = false;
    const KILL_AFTER = 120;
    const writer = async (index: number) => {
      const job = jobs[index];
      if (!job) return;
      // Bounded: the kill comes long before this many writes.
      for (let i = 0; i < 5000 && !killed; i++) {
        try {
          const response = await fetch(`${ready.graphUrl}${jobPath(job, "start")}`, {
            method: "POST",
            headers: { authorization: `Bearer ${ready.token}` },
          });
          await response.arrayBuffer();
          if (response.status !== 204) throw new Error(`start answered ${response.status}`);
          if (killed) return;
          acknowledged[index] = (acknowledged[index] ?? 0) + 1;
          if (acknowledged.reduce((a, b) => a + b, 0) >= KILL_AFTER && !killed) {
            killed = true;
            first.child.kill("SIGKILL");
          }
        } catch (error) {
          if (killed) return;
          throw error;
        }
      }
    };
    await Promise.all(jobs.map((_, i) => writer(i)));
    expect((await first.exit).signal).toBe("SIGKILL");

    const saved = read(file);
    expect(saved.graphsyncEmulatorState).toBe(1);
    let total = 0;
    jobs.forEach((job, i) => {
      const starts = savedJob(saved, job).counters.starts;
      // Each writer's writes are sequential: the file has its first k, k = acknowledged or one more in flight.
      expect(starts).toBeGreaterThanOrEqual(acknowledged[i] ?? 0);
      expect(starts).toBeLessThanOrEqual((acknowledged[i] ?? 0) + 1);
      total += starts;
    });
    expect(saved.seq).toBe(total);
    for (const sp of saved.servicePrincipals)
      for (const job of sp.jobs) expect(specErrors("synchronizationJob", job.job)).toEqual([]);

    const second = spawnEmulator(["--port", "0", "--json", "--quiet", "--clock", "manual", "--state", file]);
    const again = await second.ready;
    const counters = await (await fetch(`${again.controlUrl}/counters`)).json();
    for (const job of jobs) {
      const entry = counters.jobs.find((j: { jobId: string }) => j.jobId === job.jobId);
      expect(entry.starts).toBe(savedJob(saved, job).counters.starts);
    }
    expect(readdirSync(folder).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    second.child.kill("SIGTERM");
    expect((await second.exit).code).toBe(0);
  });
});
