/**
 * The synchronization secrets of a service principal, and validateCredentials. Secret-bearing values (tokens,
 * passwords, client secrets) are kept only as salted SHA-256 digests, so neither a state file nor any answer, log or
 * error can hold them in clear; other settings (BaseAddress, SyncNotificationSettings…) are kept as sent.
 */
import { createHash } from "node:crypto";
import {
  type SynchronizationSecret,
  type SynchronizationSecretKeyStringValuePair,
  secretBearingKeys,
} from "@graphsync/types";
import type { GraphErrorDetail } from "../errors.js";

export type StoredSecret =
  | { key: SynchronizationSecret; value: string | null }
  | { key: SynchronizationSecret; digest: string; salt: string };

/** Keys whose values are credentials. */
export const SECRET_BEARING: ReadonlySet<string> = new Set(secretBearingKeys);

const digestOf = (value: string, salt: string) => createHash("sha256").update(`${salt}:${value}`).digest("hex");

/** `pairs` merged by key into `saved` (a null value removes the key); secret-bearing values digested. */
export function mergeSecrets(
  saved: readonly StoredSecret[],
  pairs: readonly SynchronizationSecretKeyStringValuePair[],
  salt: () => string,
): StoredSecret[] {
  const byKey = new Map(saved.map((s) => [s.key, s]));
  for (const { key, value } of pairs) {
    if (value === null || value === undefined) byKey.delete(key);
    else if (SECRET_BEARING.has(key)) {
      const s = salt();
      byKey.set(key, { key, digest: digestOf(value, s), salt: s });
    } else byKey.set(key, { key, value });
  }
  return [...byKey.values()];
}

/** What validateCredentials can see of one credential: whether it is there, its clear value when not secret. */
interface Credential {
  present: boolean;
  clear?: string;
  matches: (accepted: readonly string[]) => boolean;
}

function fromPairs(pairs: readonly SynchronizationSecretKeyStringValuePair[]): Map<string, Credential> {
  const out = new Map<string, Credential>();
  for (const { key, value } of pairs) {
    const v = value ?? "";
    out.set(key, { present: v !== "", clear: v, matches: (accepted) => accepted.includes(v) });
  }
  return out;
}

function fromSaved(saved: readonly StoredSecret[]): Map<string, Credential> {
  const out = new Map<string, Credential>();
  for (const s of saved) {
    if ("digest" in s)
      out.set(s.key, { present: true, matches: (accepted) => accepted.some((a) => digestOf(a, s.salt) === s.digest) });
    else
      out.set(s.key, {
        present: (s.value ?? "") !== "",
        clear: s.value ?? "",
        matches: (a) => a.includes(s.value ?? ""),
      });
  }
  return out;
}

export interface CheckInput {
  required: readonly SynchronizationSecret[];
  /** The credentials sent, or (useSavedCredentials) the saved ones. */
  credentials: { sent: readonly SynchronizationSecretKeyStringValuePair[] } | { saved: readonly StoredSecret[] };
  /** SecretToken values the target application accepts (undefined: any non-empty one). */
  acceptedSecretTokens: readonly string[] | undefined;
}

/** Every problem with the credentials (none: they work). Names keys, never values. */
export function credentialProblems(input: CheckInput): GraphErrorDetail[] {
  const creds = "sent" in input.credentials ? fromPairs(input.credentials.sent) : fromSaved(input.credentials.saved);
  const problems: GraphErrorDetail[] = [];
  for (const key of input.required) {
    if (!creds.get(key)?.present)
      problems.push({ code: "CredentialMissing", message: `${key} is missing.`, target: key });
  }
  const base = creds.get("BaseAddress");
  if (base?.present && base.clear !== undefined) {
    const problem = baseAddressProblem(base.clear);
    if (problem)
      problems.push({ code: "InvalidBaseAddress", message: `BaseAddress ${problem}.`, target: "BaseAddress" });
  }
  const token = creds.get("SecretToken");
  if (token?.present && input.acceptedSecretTokens && !token.matches(input.acceptedSecretTokens)) {
    problems.push({
      code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
      message: "The target application rejected the SecretToken (401 Unauthorized).",
      target: "SecretToken",
    });
  }
  return problems;
}

/** Why a BaseAddress is unusable (without quoting it: it may carry credentials), or undefined. */
function baseAddressProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not an https URL (it is not a URL at all)";
  }
  if (url.protocol !== "https:") return `is not an https URL (its scheme is ${url.protocol.slice(0, 20)})`;
  if (url.username || url.password) return "must not carry a user name or password (put those in the secrets)";
  return undefined;
}
