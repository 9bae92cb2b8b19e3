/**
 * The input of `upload --from`, readable as many times as the command needs (check, send, failed records): a
 * regular file is opened again each time; stdin, a pipe or a FIFO can be read only once, so the checking pass
 * copies it to a private temporary file (removed when the command ends) and the later passes read that.
 */
import { createReadStream } from "node:fs";
import { type FileHandle, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { openInput } from "../records.js";

export interface UploadSource {
  /** The name in messages: the path, or "stdin". */
  source: string;
  /** The first read (the checking pass). */
  first: AsyncIterable<Buffer | string>;
  /** Where the first read is copied, when the input cannot be read again. */
  spool: FileHandle | undefined;
  /** A fresh read of the same bytes (after the first read ended). */
  again(): AsyncIterable<Buffer | string>;
  close(): Promise<void>;
}

export async function openUploadSource(from: string, stdin: () => Readable): Promise<UploadSource> {
  const input = await openInput(from, from === "-" ? stdin() : (undefined as never));
  const read = (path: string) => createReadStream(path, { highWaterMark: 64 * 1024 });
  if (input.rereadable) {
    return {
      source: input.source,
      first: input.stream,
      spool: undefined,
      again: () => read(from),
      close: async () => {},
    };
  }
  const dir = await mkdtemp(join(tmpdir(), "graphsync-upload-"));
  const path = join(dir, "input");
  const spool = await open(path, "wx", 0o600);
  let closed = false;
  const closeSpool = async () => {
    if (!closed) {
      closed = true;
      await spool.close();
    }
  };
  return {
    source: input.source,
    first: input.stream,
    spool,
    again: () => {
      // The spool is complete once the first read ended; reading it needs no open write handle.
      void closeSpool();
      return read(path);
    },
    close: async () => {
      await closeSpool();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
