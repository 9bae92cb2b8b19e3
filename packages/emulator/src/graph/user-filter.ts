/**
 * `$filter` and `$expand` on the users: `eq` on the properties inbound provisioning fills (`employeeId eq '…'` is
 * the lookup graphsync makes), joined with `and` (binding tighter) and `or`; `$expand=manager`, optionally with
 * the manager's `$select`. Anything else is refused as Graph refuses an unsupported clause.
 */

import { GraphHttpError } from "../errors.js";
import { componentProperties } from "../spec.js";
import type { DirectoryUser } from "../store/directory.js";

const STRINGS = [
  "id",
  "employeeId",
  "userPrincipalName",
  "displayName",
  "givenName",
  "surname",
  "mail",
  "mailNickname",
  "jobTitle",
  "department",
  "companyName",
  "employeeType",
] as const;
const CLAUSE = /^(\w+)\s+eq\s+(?:'((?:[^']|'')*)'|(true|false))$/i;

export type UserPredicate = (user: DirectoryUser) => boolean;

function unsupported(filter: string): GraphHttpError {
  return new GraphHttpError({
    status: 400,
    code: "Request_UnsupportedQuery",
    message: `Unsupported or invalid query filter clause specified for resource 'User': '${filter.slice(0, 200)}' (the emulator supports eq on ${STRINGS.join(", ")} and accountEnabled, joined with and/or).`,
    target: "$filter",
  });
}

function clause(text: string, filter: string): UserPredicate {
  const match = CLAUSE.exec(text.trim());
  if (!match) throw unsupported(filter);
  const name = (match[1] as string).toLowerCase();
  if (name === "accountenabled" && match[3] !== undefined) {
    const wanted = match[3].toLowerCase() === "true";
    return (user) => user.accountEnabled === wanted;
  }
  const property = STRINGS.find((p) => p.toLowerCase() === name);
  if (!property || match[2] === undefined) throw unsupported(filter);
  // Directory string comparisons ignore case.
  const value = match[2].replaceAll("''", "'").toLowerCase();
  return (user) => user[property]?.toLowerCase() === value;
}

/** Splits on a keyword outside quoted strings. */
function split(text: string, keyword: "and" | "or"): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  const word = new RegExp(`^\\s${keyword}\\s`, "i");
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'") quoted = !quoted;
    else if (!quoted && word.test(text.slice(i, i + keyword.length + 2))) {
      parts.push(text.slice(start, i));
      start = i + keyword.length + 2;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export function parseUserFilter(filter: string | undefined): UserPredicate {
  if (filter === undefined) return () => true;
  const anyOf = split(filter, "or").map((group) => split(group, "and").map((c) => clause(c, filter)));
  return (user) => anyOf.some((all) => all.every((test) => test(user)));
}

const EXPAND = /^manager(?:\(\$select=([A-Za-z]+(?:,[A-Za-z]+)*)\))?$/i;

/** `$expand`: undefined (none), true (`manager`) or the manager's selected properties. */
export function parseExpand(value: string | undefined): true | string[] | undefined {
  if (value === undefined) return undefined;
  const match = EXPAND.exec(value.trim());
  if (!match) {
    throw GraphHttpError.badRequest(
      `Invalid $expand '${value.slice(0, 100)}': the emulator expands manager, or manager($select=id,displayName,…).`,
      "$expand",
    );
  }
  if (match[1] === undefined) return true;
  const known = componentProperties("user").filter((name) => !name.startsWith("@") && name !== "manager");
  return match[1].split(",").map((name) => {
    const property = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!property) {
      throw GraphHttpError.badRequest(
        `Invalid $expand: '${name.slice(0, 100)}' is not a property of microsoft.graph.user (use ${known.join(", ")}).`,
        "$expand",
      );
    }
    return property;
  });
}
