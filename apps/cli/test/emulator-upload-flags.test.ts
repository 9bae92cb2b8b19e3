// `graphsync emulator --upload-delay/--upload-limits` reach the emulator it serves: with a limit of 1 request per
// 5 s the second bulkUpload is throttled; bad values are usage errors (exit 2) naming the flag.
import { describe, expect, it } from "vitest";
import { runCli } from "../src/main.js";
import { fakeRuntime, run } from "./helpers/runtime.js";

const INBOUND_SP = "6b1f0e2d-3c4a-4b5e-9f60-7a8b9c0d1e2f";
const INBOUND_JOB = "API2AAD.0c5a3e7f9b1d4c2a8e6f0a1b2c3d4e5f";
const BODY = JSON.stringify({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
  Operations: [
    {
      method: "POST",
      bulkId: "1",
      path: "/Users",
      data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], externalId: "F1" },
    },
  ],
});

describe("graphsync emulator upload flags", () => {
  it("--upload-limits 1,10 throttles the second upload of a job", async () => {
    const controller = new AbortController();
    const runtime = fakeRuntime({ signal: controller.signal });
    const statuses: number[] = [];
    const write = runtime.out.write.bind(runtime.out);
    let started = false;
    runtime.out.write = (chunk: string) => {
      const ready = chunk.startsWith("{") ? (JSON.parse(chunk) as { graphUrl?: string; token?: string }) : undefined;
      if (ready?.graphUrl && !started) {
        started = true;
        const url = `${ready.graphUrl}/servicePrincipals/${INBOUND_SP}/synchronization/jobs/${INBOUND_JOB}/bulkUpload`;
        const headers = { authorization: `Bearer ${ready.token}`, "content-type": "application/scim+json" };
        const post = () => fetch(url, { method: "POST", headers, body: BODY }).then((r) => statuses.push(r.status));
        void post()
          .then(post)
          .finally(() => controller.abort(new Error("received SIGINT")));
      }
      return write(chunk);
    };
    const argv = ["emulator", "--port", "0", "--json", "--upload-delay", "0.5", "--upload-limits", "1,10"];
    expect(await runCli(argv, runtime)).toBe(0);
    expect(statuses).toEqual([202, 429]);
  });

  it.each([
    ["--upload-delay", "soon"],
    ["--upload-limits", "40"],
    ["--upload-limits", "0,6000"],
  ])("%s %s is a usage error", async (flag, value) => {
    const result = await run(["emulator", "--port", "0", flag, value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`invalid ${flag}`);
  });
});
