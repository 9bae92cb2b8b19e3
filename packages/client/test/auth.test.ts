// Token handling: caching, single-flight refresh, expiry, failures, and tokens never leaking into errors.
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  createGraphSyncClient,
  GraphError,
  type GraphSyncClient,
  REFRESH_MARGIN_MS,
  type TokenCredentialLike,
} from "../src/index.js";
import { JOB, recordingFetch, rejection, SP, TOKEN, testClient } from "./helpers.js";

const noContent = () => new Response(null, { status: 204 });

/** A credential that counts its calls and hands out numbered tokens; `release` lets a pending call finish. */
function countingCredential(lifetimeMs: number) {
  let calls = 0;
  const waiting: (() => void)[] = [];
  const credential: TokenCredentialLike = {
    async getToken(scopes) {
      calls++;
      expect(scopes).toBe("https://graph.microsoft.com/.default");
      const n = calls;
      await new Promise<void>((resolve) => waiting.push(resolve));
      return { token: `token-${n}`, expiresOnTimestamp: Date.now() + lifetimeMs };
    },
  };
  return {
    credential,
    calls: () => calls,
    release: () => {
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

function clientWith(credential: TokenCredentialLike) {
  const recorded = recordingFetch(noContent);
  const client = createGraphSyncClient({ credential, fetch: recorded.fetch, retry: false });
  return { client, calls: recorded.calls };
}

describe("credential tokens", () => {
  it("50 concurrent calls share one getToken call, and later calls use the cached token", async () => {
    const cred = countingCredential(3_600_000);
    const { client, calls } = clientWith(cred.credential);
    const all = Promise.all(Array.from({ length: 50 }, () => client.startJob(SP, JOB)));
    // Every call is now waiting for the one pending getToken.
    await Promise.resolve();
    expect(cred.calls()).toBe(1);
    cred.release();
    await all;
    await client.pauseJob(SP, JOB);
    expect(cred.calls()).toBe(1);
    expect(calls).toHaveLength(51);
    expect(new Set(calls.map((c) => c.init.headers.authorization))).toEqual(new Set(["Bearer token-1"]));
  });

  it("a token inside the refresh margin is refreshed before use", async () => {
    // Valid for one more minute: inside the two-minute margin, so every call asks again.
    const cred = countingCredential(REFRESH_MARGIN_MS / 2);
    const { client, calls } = clientWith(cred.credential);
    for (let i = 1; i <= 3; i++) {
      const call = client.startJob(SP, JOB);
      await Promise.resolve();
      cred.release();
      await call;
      expect(cred.calls()).toBe(i);
    }
    expect(calls.map((c) => c.init.headers.authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-2",
      "Bearer token-3",
    ]);
  });

  it("a failed refresh inside the margin falls back to the still-valid token; an expired one fails", async () => {
    let now = 0;
    let fail = false;
    const credential: TokenCredentialLike = {
      async getToken() {
        now++;
        if (fail) throw new Error("identity endpoint unreachable");
        return { token: `token-${now}`, expiresOnTimestamp: Date.now() + REFRESH_MARGIN_MS / 2 };
      },
    };
    const { client, calls } = clientWith(credential);
    await client.startJob(SP, JOB);
    fail = true;
    await client.startJob(SP, JOB);
    expect(calls.map((c) => c.init.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-1"]);

    const expired: TokenCredentialLike = {
      getToken: async () => {
        if (fail) throw new Error("identity endpoint unreachable");
        return { token: "short", expiresOnTimestamp: Date.now() - 1 };
      },
    };
    fail = false;
    const second = clientWith(expired);
    await second.client.startJob(SP, JOB);
    fail = true;
    expect(await rejection(second.client.startJob(SP, JOB))).toBeInstanceOf(AuthenticationError);
  });

  it("a 401 drops the cached token, so the next call asks the credential again", async () => {
    let n = 0;
    const credential: TokenCredentialLike = {
      getToken: async () => ({ token: `token-${++n}`, expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const { fetch, calls } = recordingFetch((_, i) =>
      i === 0
        ? new Response(JSON.stringify({ error: { code: "InvalidAuthenticationToken", message: "expired" } }), {
            status: 401,
          })
        : new Response(null, { status: 204 }),
    );
    const client = createGraphSyncClient({ credential, fetch });
    expect(await rejection(client.startJob(SP, JOB))).toBeInstanceOf(GraphError);
    await client.startJob(SP, JOB);
    expect(calls.map((c) => c.init.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("null, a non-string or a header-breaking token is an AuthenticationError that never quotes the token", async () => {
    for (const result of [null, undefined, { token: "" }, { token: 42 }, { token: `${TOKEN}\r\nX-Evil: 1` }]) {
      const { client, calls } = clientWith({ getToken: async () => result as never });
      const error = (await rejection(client.startJob(SP, JOB))) as AuthenticationError;
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ code: "NoToken", scope: "https://graph.microsoft.com/.default" });
      for (const text of [error.message, String(error), JSON.stringify(error)]) expect(text).not.toContain(TOKEN);
      expect(calls).toHaveLength(0);
    }
  });

  it("a throwing credential is an AuthenticationError carrying its message and cause", async () => {
    const cause = new Error("AADSTS7000215: Invalid client secret provided.");
    const { client, calls } = clientWith({
      getToken: async () => {
        throw cause;
      },
    });
    const error = (await rejection(client.startJob(SP, JOB))) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe("CredentialFailed");
    expect(error.message).toContain("AADSTS7000215");
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(error)).not.toContain("cause");
    expect(calls).toHaveLength(0);
    // The failure is not cached: the next call asks again.
    expect(await rejection(client.startJob(SP, JOB))).toBeInstanceOf(AuthenticationError);
  });
});

describe("accessToken", () => {
  it("a function is called for every call, and may be async", async () => {
    let n = 0;
    const { fetch, calls } = recordingFetch(noContent);
    const { client } = testClient(fetch, { accessToken: async () => `fn-${++n}` });
    await client.startJob(SP, JOB);
    await client.startJob(SP, JOB);
    expect(calls.map((c) => c.init.headers.authorization)).toEqual(["Bearer fn-1", "Bearer fn-2"]);
  });

  it("a throwing or empty function is an AuthenticationError", async () => {
    for (const accessToken of [
      () => {
        throw new Error("vault locked");
      },
      () => "",
    ]) {
      const { fetch, calls } = recordingFetch(noContent);
      const { client } = testClient(fetch, { accessToken });
      expect(await rejection(client.startJob(SP, JOB))).toBeInstanceOf(AuthenticationError);
      expect(calls).toHaveLength(0);
    }
  });
});

describe("waiting for a token", () => {
  const never: TokenCredentialLike = { getToken: () => new Promise(() => {}) };

  it("counts against the attempt's timeout", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    const client = createGraphSyncClient({ credential: never, fetch, timeoutMs: 20, retry: false });
    expect(await rejection(client.startJob(SP, JOB))).toMatchObject({ name: "TimeoutError", timeoutMs: 20 });
    expect(calls).toHaveLength(0);
  });

  it("a token function that never answers is cut short by the timeout and by an abort too", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    const hanging = () => new Promise<string>(() => {});
    const timed = createGraphSyncClient({ accessToken: hanging, fetch, timeoutMs: 20, retry: false });
    expect(await rejection(timed.startJob(SP, JOB))).toMatchObject({ name: "TimeoutError", timeoutMs: 20 });
    await expectAbortedAtOnce(createGraphSyncClient({ accessToken: hanging, fetch }));
    expect(calls).toHaveLength(0);
  });

  it("stops at once when the call is aborted", async () => {
    const { fetch, calls } = recordingFetch(noContent);
    await expectAbortedAtOnce(createGraphSyncClient({ credential: never, fetch }));
    expect(calls).toHaveLength(0);
  });
});

/** A start aborted as soon as it is made, while the token is awaited: an AbortError. */
async function expectAbortedAtOnce(client: GraphSyncClient) {
  const controller = new AbortController();
  const pending = client.startJob(SP, JOB, { signal: controller.signal });
  controller.abort();
  expect(await rejection(pending)).toMatchObject({ name: "AbortError" });
}
