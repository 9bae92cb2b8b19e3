/**
 * The emulated directory of users that inbound provisioning writes: users by id, found by employeeId (what a
 * record's externalId matches), and the manager references still waiting for their manager's record.
 */
import type { DirectoryObject, User } from "@graphsync/types";
import type { MappedUser } from "./scim-map.js";

/** A user as kept (and persisted): Graph's properties, with the manager as an id. */
export interface DirectoryUser {
  id: string;
  accountEnabled: boolean;
  employeeId: string | null;
  employeeType: string | null;
  givenName: string | null;
  surname: string | null;
  displayName: string | null;
  userPrincipalName: string | null;
  mailNickname: string | null;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
  companyName: string | null;
  employeeOrgData: { costCenter: string | null; division: string | null };
  mobilePhone: string | null;
  businessPhones: string[];
  streetAddress: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  preferredLanguage: string | null;
  managerId: string | null;
}

export interface ModifiedProperty {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}

const TEXT = [
  "employeeId",
  "employeeType",
  "givenName",
  "surname",
  "displayName",
  "userPrincipalName",
  "mailNickname",
  "mail",
  "jobTitle",
  "department",
  "companyName",
  "mobilePhone",
  "streetAddress",
  "city",
  "state",
  "postalCode",
  "country",
  "preferredLanguage",
] as const;

export function blankUser(id: string): DirectoryUser {
  const user = { id, accountEnabled: true, businessPhones: [], managerId: null } as unknown as DirectoryUser;
  for (const key of TEXT) user[key] = null;
  user.employeeOrgData = { costCenter: null, division: null };
  return user;
}

const show = (value: boolean | string | null): string | null =>
  typeof value === "boolean" ? (value ? "True" : "False") : value;

/** Writes `mapped` onto `user`; returns what changed, as provisioning logs name it. */
export function applyMapped(user: DirectoryUser, mapped: MappedUser): ModifiedProperty[] {
  const changes: ModifiedProperty[] = [];
  const change = (displayName: string, oldValue: boolean | string | null, newValue: boolean | string | null) => {
    if (oldValue !== newValue) changes.push({ displayName, oldValue: show(oldValue), newValue: show(newValue) });
  };
  if (mapped.accountEnabled !== undefined) {
    change("accountEnabled", user.accountEnabled, mapped.accountEnabled);
    user.accountEnabled = mapped.accountEnabled;
  }
  for (const key of TEXT) {
    const value = mapped[key];
    if (value === undefined) continue;
    change(key, user[key], value);
    user[key] = value;
  }
  for (const key of ["costCenter", "division"] as const) {
    const value = mapped[key];
    if (value === undefined) continue;
    change(`employeeOrgData.${key}`, user.employeeOrgData[key], value);
    user.employeeOrgData[key] = value;
  }
  if (mapped.businessPhone !== undefined && user.businessPhones[0] !== mapped.businessPhone) {
    change("businessPhones", user.businessPhones.join(",") || null, mapped.businessPhone);
    user.businessPhones = [mapped.businessPhone];
  }
  return changes;
}

export class Directory {
  private users = new Map<string, DirectoryUser>();
  private byEmployeeId = new Map<string, string>();
  /** Lower-case UPN → id: a 100,000-record upload checks every UPN for conflicts. */
  private byUpn = new Map<string, string>();
  /** Manager externalId → ids of the users whose manager it is, waiting for that record. */
  private waiting = new Map<string, Set<string>>();
  /** The reverse: user id → the manager externalId it waits for (so settling one user is O(1)). */
  private waitingFor = new Map<string, string>();

  replace(users: readonly DirectoryUser[], waiting: ReadonlyArray<[string, string[]]> = []): void {
    this.users = new Map(structuredClone([...users]).map((u) => [u.id.toLowerCase(), u]));
    this.byEmployeeId = new Map();
    this.byUpn = new Map();
    for (const user of this.users.values()) this.index(user);
    this.waiting = new Map(waiting.map(([manager, ids]) => [manager, new Set(ids)]));
    this.waitingFor = new Map(waiting.flatMap(([manager, ids]) => ids.map((id) => [id, manager] as const)));
  }

  saved(): { users: DirectoryUser[]; waiting: Array<[string, string[]]> } {
    return { users: [...this.users.values()], waiting: [...this.waiting].map(([m, ids]) => [m, [...ids]]) };
  }

  get size(): number {
    return this.users.size;
  }

  all(): DirectoryUser[] {
    return [...this.users.values()];
  }

  get(id: string): DirectoryUser | undefined {
    return this.users.get(id.toLowerCase());
  }

  /** By object id, or by user principal name (Graph takes either in `/users/{id}`). */
  find(idOrUpn: string): DirectoryUser | undefined {
    const key = idOrUpn.toLowerCase();
    const id = this.users.has(key) ? key : this.byUpn.get(key);
    return id === undefined ? undefined : this.users.get(id);
  }

  byEmployee(employeeId: string): DirectoryUser | undefined {
    const id = this.byEmployeeId.get(employeeId);
    return id === undefined ? undefined : this.users.get(id);
  }

  upnTaken(upn: string, except: string | undefined): boolean {
    const id = this.byUpn.get(upn.toLowerCase());
    return id !== undefined && id !== except?.toLowerCase();
  }

  add(user: DirectoryUser): void {
    this.users.set(user.id.toLowerCase(), user);
    this.index(user);
  }

  /** After an update: the employeeId or the UPN may have changed. */
  reindex(user: DirectoryUser, before: { employeeId: string | null; userPrincipalName: string | null }): void {
    const id = user.id.toLowerCase();
    if (before.employeeId !== null && this.byEmployeeId.get(before.employeeId) === id) {
      this.byEmployeeId.delete(before.employeeId);
    }
    const upn = before.userPrincipalName?.toLowerCase();
    if (upn !== undefined && this.byUpn.get(upn) === id) this.byUpn.delete(upn);
    this.index(user);
  }

  private index(user: DirectoryUser): void {
    const id = user.id.toLowerCase();
    if (user.employeeId !== null) this.byEmployeeId.set(user.employeeId, id);
    if (user.userPrincipalName !== null) this.byUpn.set(user.userPrincipalName.toLowerCase(), id);
  }

  /** Keeps `userId` waiting for the record with `managerExternalId`. */
  wait(managerExternalId: string, userId: string): void {
    this.stopWaiting(userId);
    this.waitingFor.set(userId, managerExternalId);
    let ids = this.waiting.get(managerExternalId);
    if (!ids) {
      ids = new Set();
      this.waiting.set(managerExternalId, ids);
    }
    ids.add(userId);
  }

  /** The manager of `userId` is settled (found or changed): it waits no more. */
  stopWaiting(userId: string): void {
    const manager = this.waitingFor.get(userId);
    if (manager === undefined) return;
    this.waitingFor.delete(userId);
    const ids = this.waiting.get(manager);
    ids?.delete(userId);
    if (ids && !ids.size) this.waiting.delete(manager);
  }

  /** Gives the users waiting for `manager`'s record their manager; returns how many. */
  resolveWaiting(manager: DirectoryUser): number {
    if (manager.employeeId === null) return 0;
    const ids = this.waiting.get(manager.employeeId);
    if (!ids) return 0;
    this.waiting.delete(manager.employeeId);
    let resolved = 0;
    for (const id of ids) {
      this.waitingFor.delete(id);
      const user = this.get(id);
      if (user && user.id !== manager.id) {
        user.managerId = manager.id;
        resolved++;
      }
    }
    return resolved;
  }

  /** The user as Graph answers it; `manager` only when expanded (then the manager or null). */
  view(user: DirectoryUser, expandManager?: readonly string[] | true): User {
    const { managerId, ...graph } = user;
    const view: User = structuredClone(graph);
    if (expandManager) {
      const manager = managerId === null ? undefined : this.get(managerId);
      view.manager = manager ? managerView(this.view(manager), expandManager) : null;
    }
    return view;
  }
}

/** `$expand=manager`: id and displayName, or the properties `manager($select=…)` names. */
function managerView(manager: User, select: readonly string[] | true): DirectoryObject {
  const keep = new Set(select === true ? ["id", "displayName"] : ["id", ...select]);
  const picked = Object.fromEntries(Object.entries(manager).filter(([k]) => keep.has(k)));
  return { "@odata.type": "#microsoft.graph.user", ...picked, id: manager.id };
}
