/**
 * What `upload` keeps between runs, in the user's state directory (XDG_STATE_HOME or ~/.local/state/graphsync;
 * %LOCALAPPDATA%\graphsync on Windows): the checkpoint of each upload (how many batches the service accepted) and
 * the requests sent to each job in the last 24 hours (the service allows 6,000). Both are written atomically (a
 * temporary file renamed over the old one), so a run killed at any moment leaves the old or the new state.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

export type Env = Readonly<Record<string, string | undefined>>;

export function stateDirectory(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, "graphsync");
  if (platform === "win32" && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, "graphsync");
  return join(env.HOME || homedir(), ".local", "state", "graphsync");
}

export async function writeAtomically(path: string, value: unknown): Promise<void> {
  await mkdir(join(path, ".."), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    // A damaged state file is not the user's input: start over rather than refuse to work.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export interface CheckpointKey {
  servicePrincipalId: string;
  jobId: string;
  /** sha256 of the input's bytes. */
  inputHash: string;
  /** sha256 of the mapping file (empty without --map) and the duplicate policy: they change the batches. */
  optionsHash: string;
}

export interface Checkpoint extends CheckpointKey {
  version: 1;
  source: string;
  batches: number;
  /** The first `accepted` batches were answered 202. */
  accepted: number;
  /** When the first batch of this upload was sent (what --wait reads the logs from). */
  startedAt: string;
  updatedAt: string;
  done: boolean;
}

export function checkpointPath(dir: string, key: CheckpointKey): string {
  const id = sha256(JSON.stringify([key.servicePrincipalId, key.jobId, key.inputHash, key.optionsHash]));
  return join(dir, "upload-checkpoints", `${id.slice(0, 32)}.json`);
}

export async function readCheckpoint(path: string, key: CheckpointKey): Promise<Checkpoint | undefined> {
  const found = (await readJson(path)) as Partial<Checkpoint> | undefined;
  if (found?.version !== 1) return undefined;
  const same = (["servicePrincipalId", "jobId", "inputHash", "optionsHash"] as const).every((k) => found[k] === key[k]);
  return same && typeof found.accepted === "number" ? (found as Checkpoint) : undefined;
}

const DAY_MS = 24 * 3_600_000;
const MINUTE_MS = 60_000;

/** The requests sent to one job, counted per minute over the last 24 hours. */
export class DailyBudget {
  readonly path: string;
  #minutes: Record<string, number> = {};

  constructor(dir: string, servicePrincipalId: string, jobId: string) {
    this.path = join(dir, "upload-budget", `${sha256(`${servicePrincipalId}\u0000${jobId}`).slice(0, 32)}.json`);
  }

  async load(): Promise<void> {
    const found = (await readJson(this.path)) as { minutes?: Record<string, number> } | undefined;
    this.#minutes = found?.minutes && typeof found.minutes === "object" ? { ...found.minutes } : {};
  }

  /** Requests sent in the 24 hours before `now`. */
  used(now: number): number {
    let total = 0;
    for (const [minute, count] of Object.entries(this.#minutes)) {
      if (Number(minute) * MINUTE_MS > now - DAY_MS) total += count;
    }
    return total;
  }

  add(now: number, count = 1): void {
    const minute = String(Math.floor(now / MINUTE_MS));
    this.#minutes[minute] = (this.#minutes[minute] ?? 0) + count;
  }

  async save(now: number): Promise<void> {
    for (const minute of Object.keys(this.#minutes)) {
      if (Number(minute) * MINUTE_MS <= now - DAY_MS) delete this.#minutes[minute];
    }
    await writeAtomically(this.path, { minutes: this.#minutes });
  }
}
