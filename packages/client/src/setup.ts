/**
 * Setting a job up (reference §3): the templates of an application, creating and deleting a job, checking
 * credentials and saving the synchronization secrets. Standalone functions of a client, like jobs.ts, so a
 * program that only starts jobs does not carry them.
 *
 * Secret values are never put in an error, a message or a ValidationError's `value`: only their keys are.
 */
import {
  synchronizationSecretValues as SECRET_KEYS,
  type SynchronizationJob,
  type SynchronizationSecret,
  type SynchronizationSecretKeyStringValuePair,
  type SynchronizationTemplate,
  secretBearingKeys,
} from "@graphsync/types";
import {
  createSynchronizationJob as CREATE,
  deleteSynchronizationJob as DELETE,
  setSynchronizationSecrets as SECRETS,
  listSynchronizationTemplates as TEMPLATES,
  validateSynchronizationCredentials as VALIDATE,
  validateSynchronizationJobCredentials as VALIDATE_JOB,
} from "@graphsync/types/operations";
import { isObject } from "./answers.js";
import type { JsonBody } from "./call.js";
import { type GraphSyncCore, internalsOf } from "./core.js";
import { invalid, throwAll, ValidationError } from "./errors.js";
import type { ActionResult } from "./jobs.js";
import { type PageOptions, paged } from "./paging.js";
import { jobPath, objectOf, prepare, principalPath } from "./prepare.js";
import type { CallOptions } from "./transport.js";

export type { SynchronizationSecret, SynchronizationSecretKeyStringValuePair, SynchronizationTemplate };

const JOBS = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs";
const JOB = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}";
const VALIDATE_PATH = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/validateCredentials";
const VALIDATE_JOB_PATH =
  "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/validateCredentials";
const SECRETS_PATH = "/servicePrincipals/{servicePrincipalId}/synchronization/secrets";

/**
 * Secrets as the service takes them (`[{ key, value }]`) or as an object (`{ BaseAddress: "https://…",
 * SecretToken: token }`). Keys are members of `synchronizationSecret`; values are strings.
 */
export type SecretsInput =
  | readonly SynchronizationSecretKeyStringValuePair[]
  | Partial<Record<SynchronizationSecret, string | null>>;

/**
 * The `synchronizationSecret` keys whose values are credentials (tokens, passwords, client secrets, connection
 * strings): a tool should take them only from the environment, a file or stdin, and never print them.
 */
export const SECRET_BEARING_KEYS: readonly SynchronizationSecret[] = secretBearingKeys;

export type ListTemplatesOptions = PageOptions;

export interface ValidateCredentialsOptions extends CallOptions {
  /** The credentials to check; with `useSavedCredentials`, the saved secrets are checked instead. */
  credentials?: SecretsInput;
  useSavedCredentials?: boolean;
  /** The template the credentials are for (when no job exists yet). */
  templateId?: string;
  applicationIdentifier?: string;
}

/**
 * Every template of a service principal (what a job can be created from), following `@odata.nextLink`.
 * Checked when called; requests start when iteration does.
 */
export function listTemplates(
  client: GraphSyncCore,
  servicePrincipalId: string,
  options?: ListTemplatesOptions,
): AsyncIterableIterator<SynchronizationTemplate> {
  const { api } = internalsOf(client);
  const path = principalPath(servicePrincipalId);
  return paged(
    client,
    TEMPLATES,
    options,
    (init, $top) =>
      api.GET("/servicePrincipals/{servicePrincipalId}/synchronization/templates", {
        ...init,
        params: { path, query: $top ? { $top } : {} },
      }),
    "templates",
  );
}

/** Creates a job from a template (201): it starts `NotConfigured`, with the template's schema. Never retried. */
export async function createJob(
  client: GraphSyncCore,
  servicePrincipalId: string,
  templateId: string,
  options?: CallOptions,
): Promise<SynchronizationJob> {
  const path = principalPath(servicePrincipalId);
  if (typeof templateId !== "string" || !/^[^\p{Cc}]{1,256}$/u.test(templateId)) {
    throw invalid("templateId", templateId, "the id of one of the service principal's templates (1 to 256 characters)");
  }
  const { api, init, done } = prepare(client, CREATE, options);
  const { data, answer } = await done(
    api.POST(JOBS, { ...init, params: { path }, body: { templateId } satisfies JsonBody<typeof JOBS, "post"> }),
  );
  return objectOf(data, answer);
}

/** Deletes a job, its schema and its state (204). A retried delete that had arrived answers 404. */
export async function deleteJob(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options?: CallOptions,
): Promise<ActionResult> {
  const path = jobPath(servicePrincipalId, jobId);
  const { api, init, done } = prepare(client, DELETE, options);
  const { status, info } = await done(api.DELETE(JOB, { ...init, params: { path } }));
  return { ...info, status };
}

/**
 * Checks credentials before a job exists (for `options.templateId`): resolves (204) when they work; rejects with
 * the service's GraphError (400, saying what failed) when they do not.
 */
export async function validateCredentials(
  client: GraphSyncCore,
  servicePrincipalId: string,
  options: ValidateCredentialsOptions,
): Promise<ActionResult> {
  const path = principalPath(servicePrincipalId);
  const body = validationBody(options);
  const { api, init, done } = prepare(client, VALIDATE, options);
  const { status, info } = await done(
    api.POST(VALIDATE_PATH, { ...init, params: { path }, body: body satisfies JsonBody<typeof VALIDATE_PATH, "post"> }),
  );
  return { ...info, status };
}

/** Checks credentials (or, with `useSavedCredentials`, the saved secrets) for a job: 204, or a 400 GraphError. */
export async function validateJobCredentials(
  client: GraphSyncCore,
  servicePrincipalId: string,
  jobId: string,
  options: ValidateCredentialsOptions,
): Promise<ActionResult> {
  const path = jobPath(servicePrincipalId, jobId);
  const body = validationBody(options);
  const { api, init, done } = prepare(client, VALIDATE_JOB, options);
  const { status, info } = await done(
    api.POST(VALIDATE_JOB_PATH, {
      ...init,
      params: { path },
      body: body satisfies JsonBody<typeof VALIDATE_JOB_PATH, "post">,
    }),
  );
  return { ...info, status };
}

/** Saves secrets for every job of the service principal (204); keys not sent keep their saved values. */
export async function setSecrets(
  client: GraphSyncCore,
  servicePrincipalId: string,
  secrets: SecretsInput,
  options?: CallOptions,
): Promise<ActionResult> {
  const path = principalPath(servicePrincipalId);
  const value = secretPairs("secrets", secrets);
  if (!value.length) throw invalid("secrets", undefined, "at least one secret");
  const { api, init, done } = prepare(client, SECRETS, options);
  const { status, info } = await done(
    api.PUT(SECRETS_PATH, {
      ...init,
      params: { path },
      body: { value } satisfies JsonBody<typeof SECRETS_PATH, "put">,
    }),
  );
  return { ...info, status };
}

function validationBody(options: ValidateCredentialsOptions): JsonBody<typeof VALIDATE_PATH, "post"> {
  if (typeof options !== "object" || options === null)
    throw invalid("options", options, "an object with credentials or useSavedCredentials");
  const { credentials, useSavedCredentials, templateId, applicationIdentifier } = options;
  const problems: ValidationError[] = [];
  const check = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(error);
    }
  };
  let pairs: SynchronizationSecretKeyStringValuePair[] = [];
  check(() => {
    if (credentials !== undefined) pairs = secretPairs("credentials", credentials);
  });
  check(() => {
    if (useSavedCredentials !== undefined && typeof useSavedCredentials !== "boolean")
      throw invalid("useSavedCredentials", useSavedCredentials, "true or false");
    if (!useSavedCredentials && credentials === undefined)
      throw invalid("credentials", undefined, "credentials to check, or useSavedCredentials: true");
  });
  for (const [field, value] of [
    ["templateId", templateId],
    ["applicationIdentifier", applicationIdentifier],
  ] as const) {
    check(() => {
      if (value !== undefined && (typeof value !== "string" || !value))
        throw invalid(field, value, "a non-empty string");
    });
  }
  throwAll(problems);
  return {
    ...(applicationIdentifier !== undefined && { applicationIdentifier }),
    ...(templateId !== undefined && { templateId }),
    ...(useSavedCredentials !== undefined && { useSavedCredentials }),
    credentials: pairs,
  };
}

/**
 * `input` as the service's `[{ key, value }]`, checking every key against `synchronizationSecret` and every value
 * is a string (or null). Problems name the key and the position, never the value. @throws {ValidationError}
 */
export function secretPairs(field: string, input: SecretsInput): SynchronizationSecretKeyStringValuePair[] {
  const entries: unknown[] = Array.isArray(input)
    ? input
    : isObject(input)
      ? Object.entries(input).map(([key, value]) => ({ key, value }))
      : [undefined];
  if (!Array.isArray(input) && !isObject(input))
    throw invalid(field, undefined, "an array of { key, value } or an object of key: value");
  const problems: ValidationError[] = [];
  const pairs: SynchronizationSecretKeyStringValuePair[] = [];
  for (const [i, entry] of entries.entries()) {
    const problem = pairProblem(`${field}[${i}]`, entry);
    if (problem) problems.push(problem);
    else pairs.push(entry as SynchronizationSecretKeyStringValuePair);
  }
  throwAll(problems);
  return pairs;
}

/** What is wrong with one `{ key, value }` (undefined when nothing): names the key, never the value. */
function pairProblem(where: string, entry: unknown): ValidationError | undefined {
  if (!isObject(entry)) return invalid(where, undefined, "an object { key, value }");
  const { key, value } = entry;
  if (!(SECRET_KEYS as readonly unknown[]).includes(key)) {
    const near = SECRET_KEYS.find((k) => typeof key === "string" && k.toLowerCase() === key.toLowerCase());
    return near
      ? invalid(`${where}.key`, key, `a member of synchronizationSecret (did you mean ${near}?)`)
      : invalid(`${where}.key`, key, "a member of synchronizationSecret", SECRET_KEYS);
  }
  if (value !== null && typeof value !== "string")
    return invalid(`${where}.value`, undefined, `a string for ${key as string} (got ${typeof value})`);
  return undefined;
}
