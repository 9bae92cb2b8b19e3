/**
 * A small stateful Graph on node:http for the setup commands' tests (until the emulator serves these endpoints):
 * templates, jobs created from them (NotConfigured, with the template's schema), secrets merged by key, credentials
 * validated like the service (BaseAddress must be an https URL, SecretToken must be present), schema GET/PUT (no
 * PATCH: 404 like the service), parseExpression, start and pause. Every request is recorded for assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { scimSchema } from "./schema-fixture.js";

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

/** A request body as the tests send them (JSON objects). */
// biome-ignore lint/suspicious/noExplicitAny: request bodies are read loosely here, as a server would
type Body = any;

interface Job {
  id: string;
  templateId: string;
  status: { code: string };
  schema: unknown;
}

export class SetupGraph {
  readonly requests: Recorded[] = [];
  readonly jobs = new Map<string, Job[]>();
  readonly secrets = new Map<string, Map<string, string>>();
  readonly servicePrincipals: string[];
  #server: Server | undefined;
  #next = 0;

  constructor(servicePrincipals: string[]) {
    this.servicePrincipals = servicePrincipals;
    for (const sp of servicePrincipals) this.jobs.set(sp, []);
  }

  async start(): Promise<string> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/v1.0`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** Requests other than reads. */
  writes(): Recorded[] {
    return this.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("validateCredentials"));
  }

  addJob(sp: string, templateId: string, code = "NotConfigured"): Job {
    const job = {
      id: `${templateId}.${String(++this.#next).padStart(32, "0")}`,
      templateId,
      status: { code },
      schema: scimSchema(),
    };
    this.jobs.get(sp)?.push(job);
    return job;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname.replace(/^\/v1\.0/, ""));
    const body = text ? JSON.parse(text) : null;
    const method = req.method ?? "GET";
    this.requests.push({ method, path, body });
    const answer = this.#route(method, path, body);
    const payload = answer.body === undefined ? "" : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      "content-type": "application/json",
      "request-id": "00000000-0000-4000-8000-000000000000",
      "content-length": Buffer.byteLength(payload),
    });
    res.end(payload);
  }

  #route(method: string, path: string, body: Body): { status: number; body?: unknown } {
    const m = /^\/servicePrincipals\/([^/]+)\/synchronization\/(.*)$/.exec(path);
    const jobs = m ? this.jobs.get(m[1] as string) : undefined;
    if (!m || !jobs) return error(404, "Request_ResourceNotFound", `Resource '${m?.[1]}' does not exist.`);
    const sp = m[1] as string;
    const rest = m[2] as string;
    if (method === "GET" && rest === "templates") {
      return {
        status: 200,
        body: {
          value: [
            {
              id: "scim",
              applicationId: "8adf8e6e-67b2-4cf2-a259-e3dc5476c621",
              default: true,
              discoverable: true,
              factoryTag: "CustomSCIM",
              description: "SCIM 2.0 provisioning",
              metadata: [],
            },
          ],
        },
      };
    }
    if (rest === "secrets" && method === "PUT") {
      const saved = this.secrets.get(sp) ?? new Map<string, string>();
      for (const pair of body.value) saved.set(pair.key, pair.value);
      this.secrets.set(sp, saved);
      return { status: 204 };
    }
    if (rest === "jobs" && method === "GET") return { status: 200, body: { value: jobs.map(view) } };
    if (rest === "jobs" && method === "POST") {
      if (body.templateId !== "scim") return error(400, "BadRequest", `Template '${body.templateId}' does not exist.`);
      return { status: 201, body: view(this.addJob(sp, body.templateId)) };
    }
    if (rest === "jobs/validateCredentials" && method === "POST") return this.#validate(sp, body);
    const j = /^jobs\/([^/]+)(\/.*)?$/.exec(rest);
    const job = jobs.find((x) => x.id === j?.[1]);
    if (!j || !job) return error(404, "NotFound", "The job was not found.");
    return this.#jobRoute(method, j[2] ?? "", job, sp, body);
  }

  #jobRoute(method: string, tail: string, job: Job, sp: string, body: Body): { status: number; body?: unknown } {
    const key = `${method} ${tail}`;
    switch (key) {
      case "GET ":
        return { status: 200, body: view(job) };
      case "DELETE ":
        this.jobs.set(
          sp,
          (this.jobs.get(sp) ?? []).filter((x) => x !== job),
        );
        return { status: 204 };
      case "POST /validateCredentials":
        return this.#validate(sp, body);
      case "GET /schema":
        return {
          status: 200,
          body: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#schema", ...(job.schema as object) },
        };
      case "PUT /schema":
        job.schema = body;
        if (job.status.code === "Active") job.status = { code: "Active" };
        return { status: 204 };
      case "POST /schema/parseExpression": {
        const expression = String(body.expression);
        const balanced =
          [...expression].reduce(
            (depth, c) => (depth < 0 ? depth : depth + (c === "(" ? 1 : c === ")" ? -1 : 0)),
            0,
          ) === 0;
        return balanced
          ? {
              status: 200,
              body: {
                parsingSucceeded: true,
                evaluationSucceeded: false,
                evaluationResult: [],
                parsedExpression: { type: "Function", name: expression.split("(")[0], expression, parameters: [] },
                error: null,
              },
            }
          : {
              status: 200,
              body: {
                parsingSucceeded: false,
                evaluationSucceeded: false,
                evaluationResult: [],
                parsedExpression: null,
                error: { code: "ParsingFailed", message: "Unbalanced parentheses at position 12" },
              },
            };
      }
      case "POST /start":
        job.status = { code: "Active" };
        return { status: 204 };
      case "POST /pause":
        job.status = { code: "Paused" };
        return { status: 204 };
      default:
        return error(404, "NotFound", "No HTTP resource was found that matches the request URI.");
    }
  }

  #validate(sp: string, body: Body): { status: number; body?: unknown } {
    const given = body.useSavedCredentials
      ? (this.secrets.get(sp) ?? new Map<string, string>())
      : new Map<string, string>((body.credentials ?? []).map((p: { key: string; value: string }) => [p.key, p.value]));
    const base = given.get("BaseAddress");
    if (!base?.startsWith("https://"))
      return error(400, "CredentialValidationUnavailable", "BaseAddress must be an https URL.");
    if (!given.get("SecretToken")) return error(400, "CredentialValidationUnavailable", "SecretToken is missing.");
    return { status: 204 };
  }
}

function view(job: Job) {
  return {
    id: job.id,
    templateId: job.templateId,
    status: job.status,
    schedule: { state: "Disabled", interval: "PT40M" },
    synchronizationJobSettings: [],
  };
}

function error(status: number, code: string, message: string) {
  return {
    status,
    body: {
      error: {
        code,
        message,
        innerError: { "request-id": "00000000-0000-4000-8000-000000000000", date: "2026-12-07T00:00:00" },
      },
    },
  };
}
