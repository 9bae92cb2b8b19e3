/**
 * The setup file of `graphsync apply` (YAML or JSON): which service principals, in which tenant, get which job
 * (template), secrets (by reference), schema and run state. Parsed and checked completely before anything is sent:
 * every problem at once, each with its path in the file; an unknown key gets a did-you-mean.
 *
 *   servicePrincipals:
 *     - id: 11111111-2222-3333-4444-555555555555   # object id (or appId)
 *       tenant: contoso.onmicrosoft.com           # optional: the tenant to sign in to
 *       template: scim                            # the job's template id
 *       job: scim.0123…                           # optional: the job, when several have this template
 *       secrets:                                  # env:NAME, file:path; inline only for keys that are no secret
 *         BaseAddress: https://scim.example.com/scim
 *         SecretToken: env:SCIM_TOKEN
 *       schema: schema.json                       # optional: relative to the setup file
 *       run: true                                 # optional: true starts the job, false pauses it
 */
import { quote, suggest } from "../core.js";
import { isSecretBearing, unknownKeyProblem } from "./secret-keys.js";

export interface SecretReference {
  key: string;
  /** env:NAME, file:path, or the value itself (only for keys that carry no secret). */
  reference: string;
  /** "servicePrincipals[0].secrets.SecretToken": for messages. */
  where: string;
}

export interface SetupTarget {
  /** "servicePrincipals[0]" */
  where: string;
  servicePrincipalId: string;
  tenant: string | undefined;
  templateId: string;
  jobId: string | undefined;
  secrets: SecretReference[];
  /** As written (relative to the setup file). */
  schema: string | undefined;
  run: boolean | undefined;
}

export interface SetupProblem {
  path: string;
  message: string;
}

const TOP_KEYS = ["servicePrincipals"];
const ENTRY_KEYS = ["id", "tenant", "template", "job", "secrets", "schema", "run"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], at: string): SetupProblem[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => {
      const guess = suggest(key, allowed);
      return {
        path: at ? `${at}.${key}` : key,
        message: `unknown key${guess ? ` (did you mean ${guess}?)` : ""}; allowed: ${allowed.join(", ")}`,
      };
    });
}

function text(value: unknown, path: string, problems: SetupProblem[], required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) problems.push({ path, message: "missing (a non-empty string)" });
    return undefined;
  }
  if (typeof value !== "string" || value.trim() === "") {
    problems.push({ path, message: `expected a non-empty string, got ${describe(value)}` });
    return undefined;
  }
  return value.trim();
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return typeof value === "string" ? `the string ${quote(value, 40)}` : `${typeof value} ${String(value)}`;
}

/** The setup's targets, or every problem of the document. */
export function checkSetup(document: unknown): { targets: SetupTarget[]; problems: SetupProblem[] } {
  const problems: SetupProblem[] = [];
  if (!isRecord(document)) {
    return {
      targets: [],
      problems: [
        { path: "(document)", message: `expected a mapping with servicePrincipals, got ${describe(document)}` },
      ],
    };
  }
  problems.push(...unknownKeys(document, TOP_KEYS, ""));
  const list = document.servicePrincipals;
  if (!Array.isArray(list) || list.length === 0) {
    problems.push({
      path: "servicePrincipals",
      message: `expected a non-empty list of service principals, got ${describe(list)}`,
    });
    return { targets: [], problems };
  }
  const targets: SetupTarget[] = [];
  list.forEach((entry, i) => {
    const target = checkEntry(entry, `servicePrincipals[${i}]`, problems);
    if (target) targets.push(target);
  });
  problems.push(...crossChecks(targets));
  return { targets, problems };
}

function checkEntry(entry: unknown, where: string, problems: SetupProblem[]): SetupTarget | undefined {
  if (!isRecord(entry)) {
    problems.push({ path: where, message: `expected a mapping (id, template, …), got ${describe(entry)}` });
    return undefined;
  }
  problems.push(...unknownKeys(entry, ENTRY_KEYS, where));
  const before = problems.length;
  const servicePrincipalId = text(entry.id, `${where}.id`, problems, true);
  const tenant = text(entry.tenant, `${where}.tenant`, problems, false);
  const templateId = text(entry.template, `${where}.template`, problems, true);
  const jobId = text(entry.job, `${where}.job`, problems, false);
  const schema = text(entry.schema, `${where}.schema`, problems, false);
  let run: boolean | undefined;
  if (entry.run !== undefined && entry.run !== null) {
    if (typeof entry.run === "boolean") run = entry.run;
    else problems.push({ path: `${where}.run`, message: `expected true or false, got ${describe(entry.run)}` });
  }
  const secrets = checkSecrets(entry.secrets, `${where}.secrets`, problems);
  if (problems.length > before || servicePrincipalId === undefined || templateId === undefined) return undefined;
  return { where, servicePrincipalId, tenant, templateId, jobId, secrets, schema, run };
}

function checkSecrets(value: unknown, where: string, problems: SetupProblem[]): SecretReference[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) {
    problems.push({ path: where, message: `expected a mapping of KEY: env:NAME | file:path, got ${describe(value)}` });
    return [];
  }
  const references: SecretReference[] = [];
  for (const [key, raw] of Object.entries(value)) {
    const path = `${where}.${key}`;
    const unknown = unknownKeyProblem(key);
    if (unknown) {
      problems.push({ path, message: unknown });
      continue;
    }
    const reference = typeof raw === "boolean" || typeof raw === "number" ? String(raw) : raw;
    if (typeof reference !== "string" || reference === "") {
      problems.push({ path, message: `expected env:NAME, file:path or a value, got ${describe(raw)}` });
    } else if (isSecretBearing(key) && !/^(env|file):./.test(reference)) {
      // Never echo it: it is probably the secret itself.
      problems.push({
        path,
        message: `${key} carries a secret and is never written in the setup file: write env:NAME (an environment variable) or file:path (a file holding the value); if this was a real secret, treat it as exposed and rotate it`,
      });
    } else {
      references.push({ key, reference, where: path });
    }
  }
  return references;
}

/** Problems between entries: the same job twice; two sets of secrets for one service principal. */
function crossChecks(targets: readonly SetupTarget[]): SetupProblem[] {
  const problems: SetupProblem[] = [];
  const jobs = new Map<string, string>();
  const secrets = new Map<string, string>();
  for (const target of targets) {
    const job = `${target.tenant ?? ""}/${target.servicePrincipalId}/${target.jobId ?? target.templateId}`;
    const first = jobs.get(job);
    if (first) problems.push({ path: target.where, message: `names the same job as ${first}; give each job once` });
    else jobs.set(job, target.where);
    if (target.secrets.length === 0) continue;
    const sp = `${target.tenant ?? ""}/${target.servicePrincipalId}`;
    const other = secrets.get(sp);
    if (other) {
      problems.push({
        path: `${target.where}.secrets`,
        message: `${other}.secrets already sets this service principal's secrets (Graph keeps one set per service principal); give them once`,
      });
    } else secrets.set(sp, target.where);
  }
  return problems;
}

/** Parses YAML or JSON text (YAML is a superset; the parser is loaded only here). */
export async function parseSetupText(
  source: string,
  name: string,
): Promise<{ document?: unknown; problems: SetupProblem[] }> {
  if (/\.json$/i.test(name)) {
    try {
      return { document: JSON.parse(source), problems: [] };
    } catch (error) {
      const at = /position (\d+)/.exec((error as Error).message)?.[1];
      return { problems: [{ path: "(document)", message: `not valid JSON${at ? ` (at character ${at})` : ""}` }] };
    }
  }
  const { parseDocument } = await import("yaml");
  const document = parseDocument(source, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    return {
      // The error's own text can quote the line, which could hold a value: position and kind only.
      problems: document.errors.map((error) => ({
        path: `line ${error.linePos?.[0]?.line ?? "?"}, column ${error.linePos?.[0]?.col ?? "?"}`,
        message: `not valid YAML (${error.code})`,
      })),
    };
  }
  return { document: document.toJS(), problems: [] };
}
