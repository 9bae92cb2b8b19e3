/** The state file (README "Persistence"): atomic (temp file, fsync, rename) and write-ahead, with saves grouped. */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { open, readdir, readFile, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { EmulatorStateError } from "./errors.js";

export interface StateFile {
  /** Resolves once a save that started after this call (so includes every change made before it) is on disk. */
  save(): Promise<void>;
  /** Resolves when no save is running or queued. */
  idle(): Promise<void>;
  readonly path: string;
  /** Completed saves. */
  readonly saves: number;
}

/** Reads a state file: undefined when it does not exist; EmulatorStateError when it is not valid JSON. */
export async function readStateFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new EmulatorStateError("", `cannot read the state file: ${(error as Error).message}`, path, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new EmulatorStateError(
      "",
      `is not valid JSON (${(error as Error).message.replace(/^.*?(at position \d+|Unexpected end of JSON input).*$/s, "$1")}); fix or delete it`,
      path,
      { cause: error },
    );
  }
}

/** Removes temp files a killed emulator left behind (they never replace the state file, so they are garbage). */
export async function removeStaleTemps(path: string): Promise<void> {
  const folder = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith(".tmp"))
      .map((name) => unlink(join(folder, name)).catch(() => {})),
  );
}

async function syncFolder(folder: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(folder, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or fsync a folder; the rename is still atomic there.
  } finally {
    await handle?.close().catch(() => {});
  }
}

export function createStateFile(path: string, serialize: () => unknown): StateFile {
  const folder = dirname(path);
  let saves = 0;
  let current: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  const write = async (): Promise<void> => {
    // Serialized now, synchronously: the save includes exactly the changes made before it started.
    const text = `${JSON.stringify(serialize(), null, 2)}\n`;
    // A random name created exclusively: a file or link planted in the folder is never followed or reused.
    const temp = join(folder, `.${basename(path)}.${randomBytes(12).toString("hex")}.tmp`);
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => {});
      throw error;
    }
    await syncFolder(folder);
    saves++;
  };

  const save = (): Promise<void> => {
    if (!current) {
      current = write().finally(() => {
        current = undefined;
      });
      return current;
    }
    next ??= current
      .catch(() => {})
      .then(() => {
        next = undefined;
        return save();
      });
    return next;
  };

  return {
    save,
    idle: async () => {
      while (current || next) await (next ?? current)?.catch(() => {});
    },
    path,
    get saves() {
      return saves;
    },
  };
}
