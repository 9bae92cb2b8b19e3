/**
 * The keys of `PUT …/synchronization/secrets` and validateCredentials: the members of Graph's `synchronizationSecret`
 * enum (v1.0 metadata), and which of them carry a secret. A secret-bearing value is never taken from the command
 * line (argv is readable by every local user and kept in shell history and CI logs): only from the environment, a
 * file or stdin.
 */
import { SECRET_BEARING_KEYS as CLIENT_SECRET_KEYS } from "@graphsync/client";
import { synchronizationSecretValues } from "@graphsync/types";
import { quote, suggest } from "../core.js";

/** The enum's members, in the spec's order (`None` is a placeholder, not a key anyone sets). */
export const SECRET_KEYS: readonly string[] = synchronizationSecretValues.filter((member) => member !== "None");

/**
 * The members whose value is a secret: the client's list (passwords, tokens, client and consumer secrets, keys, OAuth
 * codes, connection strings), and the on-premises agent's compatibility key, which the CLI keeps off argv too.
 * Identifiers, URLs and settings (UserName, ClientIdentifier, ConsumerKey, BaseAddress, SyncAll, …) are not secret
 * and may be given with --set.
 */
export const SECRET_BEARING_KEYS: ReadonlySet<string> = new Set([...CLIENT_SECRET_KEYS, "SyncAgentCompatibilityKey"]);

export function isSecretBearing(key: string): boolean {
  return SECRET_BEARING_KEYS.has(key);
}

/** Why `key` is not a member, with a did-you-mean (the match is case-sensitive, as Graph's enum is). */
export function unknownKeyProblem(key: string): string | undefined {
  if (SECRET_KEYS.includes(key)) return undefined;
  const sameIgnoringCase = SECRET_KEYS.find((member) => member.toLowerCase() === key.toLowerCase());
  if (sameIgnoringCase) return `${quote(key)} is not a secret key: keys are case-sensitive, write ${sameIgnoringCase}`;
  const guess = suggest(key, SECRET_KEYS);
  return `${quote(key)} is not a synchronization secret key${guess ? ` (did you mean ${guess}?)` : `; keys: ${SECRET_KEYS.join(", ")}`}`;
}
