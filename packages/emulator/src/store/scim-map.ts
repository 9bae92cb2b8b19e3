/**
 * The API-driven inbound template's default attribute mappings (API2AAD): what a SCIM user record writes to an
 * Entra user. Pure; the directory applies the result. Attributes a record leaves out are left as they are.
 */
import type { ScimUser } from "@graphsync/types";

export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** The user properties the mappings write (the `user` component's, minus id and manager). */
export interface MappedUser {
  accountEnabled?: boolean;
  employeeId?: string;
  employeeType?: string;
  givenName?: string;
  surname?: string;
  displayName?: string;
  userPrincipalName?: string;
  mailNickname?: string;
  mail?: string;
  jobTitle?: string;
  department?: string;
  companyName?: string;
  costCenter?: string;
  division?: string;
  mobilePhone?: string;
  businessPhone?: string;
  streetAddress?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
  preferredLanguage?: string;
}

type Typed = { type?: string; primary?: boolean };

/** The value of `type` (work by default), else the primary one, else the first. */
function pick<T extends Typed>(list: readonly T[] | undefined, type: string): T | undefined {
  if (!list?.length) return undefined;
  return list.find((v) => v.type?.toLowerCase() === type) ?? list.find((v) => v.primary) ?? list[0];
}

const set = <K extends keyof MappedUser>(out: MappedUser, key: K, value: MappedUser[K] | undefined) => {
  if (value !== undefined) out[key] = value;
};

/** The record's attributes, as the default mappings write them. */
export function mapScimUser(user: ScimUser): MappedUser {
  const out: MappedUser = { employeeId: user.externalId };
  set(out, "accountEnabled", user.active);
  set(out, "givenName", user.name?.givenName);
  set(out, "surname", user.name?.familyName);
  set(out, "displayName", user.displayName);
  set(out, "userPrincipalName", user.userName);
  if (user.userName !== undefined) set(out, "mailNickname", user.userName.split("@")[0]);
  set(out, "jobTitle", user.title);
  set(out, "employeeType", user.userType);
  set(out, "preferredLanguage", user.preferredLanguage);
  set(out, "mail", pick(user.emails, "work")?.value);
  set(out, "businessPhone", user.phoneNumbers?.find((p) => p.type?.toLowerCase() !== "mobile")?.value);
  set(out, "mobilePhone", user.phoneNumbers?.find((p) => p.type?.toLowerCase() === "mobile")?.value);
  const address = pick(user.addresses, "work");
  set(out, "streetAddress", address?.streetAddress);
  set(out, "city", address?.locality);
  set(out, "state", address?.region);
  set(out, "postalCode", address?.postalCode);
  set(out, "country", address?.country);
  const enterprise = user[ENTERPRISE] as ScimUser[typeof ENTERPRISE];
  set(out, "department", enterprise?.department);
  set(out, "companyName", enterprise?.organization);
  set(out, "costCenter", enterprise?.costCenter);
  set(out, "division", enterprise?.division);
  return out;
}

/** The manager's externalId a record names (`enterprise.manager.value`), if any. */
export function managerOf(user: ScimUser): string | undefined {
  const enterprise = user[ENTERPRISE] as ScimUser[typeof ENTERPRISE];
  const value = enterprise?.manager?.value;
  return value ? value : undefined;
}

/** A display form of a record for log entries: its displayName, else its userName, else its externalId. */
export function recordName(user: ScimUser): string {
  return user.displayName ?? user.userName ?? user.externalId;
}

const UPN = /^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Why Entra would refuse these attributes (a failure in the log entry), or undefined. */
export function refusal(
  mapped: MappedUser,
  creating: boolean,
): { code: string; reason: string; action: string } | undefined {
  if (creating) {
    const missing = (["userPrincipalName", "displayName"] as const).filter((k) => mapped[k] === undefined);
    if (missing.length) {
      const from = missing.map((k) => (k === "userPrincipalName" ? "userName" : "displayName"));
      return {
        code: "AzureActiveDirectoryRequiredPropertyMissing",
        reason: `Creating a user needs ${missing.join(" and ")}, which the record does not give (SCIM ${from.join(" and ")}).`,
        action: `Add ${from.join(" and ")} to the record, or map another attribute to ${missing.join(" and ")}, and upload it again.`,
      };
    }
  }
  if (mapped.userPrincipalName !== undefined && !UPN.test(mapped.userPrincipalName)) {
    return {
      code: "AzureActiveDirectoryInvalidUserPrincipalName",
      reason: `The userPrincipalName '${mapped.userPrincipalName.slice(0, 100)}' is not valid: it must be alias@domain with a verified domain of the tenant.`,
      action: "Correct userName in the source record and upload it again.",
    };
  }
  return undefined;
}
