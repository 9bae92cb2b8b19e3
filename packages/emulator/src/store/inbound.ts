/**
 * API-driven inbound provisioning in the store: the directory of users, the accepted uploads waiting for their
 * processing time, and their processing. Nothing runs in the background: `settle` processes what is due whenever
 * a request (or the control endpoint) looks, so a manual clock decides exactly when records are processed.
 */
import type { ProvisioningObjectSummary, ScimBulkOperation, User } from "@graphsync/types";
import type { EmulatorClock } from "../clock.js";
import type { Random } from "../random.js";
import { componentRef } from "../validate.js";
import { blankUser, Directory, type DirectoryUser } from "./directory.js";
import { processUpload } from "./upload-process.js";
import { type QueuedUpload, type UploadCounters, type UploadLimits, Uploads } from "./uploads.js";

/** The part of the state file inbound provisioning keeps. */
export interface InboundState {
  users: DirectoryUser[];
  /** Manager externalId → the ids of the users waiting for that record. */
  waiting: Array<[string, string[]]>;
  queue: QueuedUpload[];
  counters: UploadCounters[];
}

export interface InboundDeps {
  clock: EmulatorClock;
  random: Random;
  append(entry: ProvisioningObjectSummary): void;
  tenantId(): string;
  servicePrincipal(spId: string): { id: string; displayName: string | null };
  /** Whether the job is running (Active); throws the store's 404 for an unknown job. */
  running(spId: string, jobId: string): boolean;
  /** Counts a write and returns the new sequence number. */
  write(): number;
}

export interface UploadRequest {
  servicePrincipalId: string;
  jobId: string;
  operations: ScimBulkOperation[];
  appId: string | null;
  limits: UploadLimits;
  delayMs: number;
}

const text = { type: ["string", "null"] };
/** The state file's `directory` (checked on load; users are the spec's user plus the manager's id). */
export const INBOUND_SCHEMA = {
  type: "object",
  required: ["users", "waiting", "queue", "counters"],
  properties: {
    users: {
      type: "array",
      items: {
        allOf: [
          { $ref: componentRef("user") },
          { type: "object", required: ["id", "accountEnabled", "managerId"], properties: { managerId: text } },
        ],
      },
    },
    waiting: { type: "array", items: { type: "array", minItems: 2, maxItems: 2 } },
    queue: {
      type: "array",
      items: {
        type: "object",
        required: ["seq", "dueAt", "servicePrincipalId", "jobId", "operations"],
        properties: { dueAt: { type: "number" }, operations: { type: "array" } },
      },
    },
    counters: { type: "array", items: { type: "object", required: ["servicePrincipalId", "jobId", "received"] } },
  },
};

/** A tenant's `users`: plain Graph users (a manager as `{ id }`). */
export const TENANT_USERS_SCHEMA = { type: "array", items: { $ref: componentRef("user") } };

export class Inbound {
  readonly directory = new Directory();
  readonly uploads = new Uploads();

  constructor(private readonly deps: InboundDeps) {}

  /** Replaces everything: a saved state's, or a plain tenant's users (nothing queued, no counters). */
  replace(state: InboundState | undefined, users: readonly User[] = []): void {
    if (state) {
      this.directory.replace(state.users, state.waiting);
      this.uploads.replace(state.queue, state.counters);
      return;
    }
    this.directory.replace(users.map(fromGraph));
    this.uploads.replace();
  }

  saved(): InboundState {
    return { ...this.directory.saved(), ...this.uploads.saved() };
  }

  /** The users as a plain tenant lists them (a manager as `{ id }`): what `replace` reads back. */
  plainUsers(): User[] {
    return this.directory.all().map((user) => ({
      ...this.directory.view(user),
      ...(user.managerId !== null ? { manager: { id: user.managerId } } : {}),
    }));
  }

  /** Admits (or throws 429), counts and, for a running job, queues one request. */
  upload(request: UploadRequest): void {
    const { servicePrincipalId: spId, jobId } = request;
    const running = this.deps.running(spId, jobId);
    const now = this.deps.clock.now();
    this.uploads.admit(spId, jobId, now, request.limits);
    const seq = this.deps.write();
    const queued: QueuedUpload = {
      seq,
      dueAt: now + request.delayMs,
      servicePrincipalId: spId,
      jobId,
      appId: request.appId,
      operations: request.operations,
    };
    this.uploads.accept(queued, running);
  }

  /** Processes every request due by now; returns how many (a write when more than 0). */
  settle(): number {
    const due = this.uploads.takeDue(this.deps.clock.now());
    for (const upload of due) {
      processUpload(upload, upload.dueAt, {
        directory: this.directory,
        random: this.deps.random.fork(`upload/${upload.seq}`),
        tenantId: this.deps.tenantId(),
        servicePrincipal: this.servicePrincipalOf(upload.servicePrincipalId),
        append: this.deps.append,
      });
      this.uploads.processed(upload);
    }
    if (due.length) this.deps.write();
    return due.length;
  }

  private servicePrincipalOf(spId: string): { id: string; displayName: string | null } {
    try {
      return this.deps.servicePrincipal(spId);
    } catch {
      // Deleted since the request was accepted: the entry still names it.
      return { id: spId, displayName: null };
    }
  }
}

/** A plain Graph user as the directory keeps it. */
function fromGraph(input: User): DirectoryUser {
  const user = blankUser(input.id);
  const { manager, "@odata.context": _context, ...rest } = input;
  Object.assign(user, rest);
  user.businessPhones = [...(input.businessPhones ?? [])];
  user.employeeOrgData = { costCenter: null, division: null, ...input.employeeOrgData };
  user.accountEnabled = input.accountEnabled ?? true;
  user.managerId = manager?.id ?? null;
  return user;
}
