/**
 * `startEmulator`: bootstrap (bootstrap.ts), an HTTP(S) server on loopback with the dispatcher (dispatch.ts),
 * header and request timeouts against slow clients, and a `close()` that leaves no socket, timer or server behind.
 */
import { once } from "node:events";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import { type Booted, bootstrap } from "./bootstrap.js";
import { createClientErrorHandler, createDispatcher } from "./dispatch.js";
import type { Emulator } from "./emulator-api.js";
import { describeError, EmulatorStartError } from "./errors.js";
import { createFacade } from "./facade.js";
import type { EmulatorOptions, ResolvedOptions } from "./options.js";

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

function createServer({ core, opts, routes }: Booted): Server {
  const { limits } = opts;
  const serverOptions = {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 2))),
    maxHeaderSize: limits.maxHeaderBytes,
    requireHostHeader: false,
    noDelay: true,
  };
  const listener = createDispatcher(core, routes);
  const server: Server = core.tls
    ? createHttpsServer({ ...serverOptions, cert: core.tls.cert, key: core.tls.key }, listener)
    : createHttpServer(serverOptions, listener);
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.on("clientError", createClientErrorHandler(core));
  if (core.tls) server.on("tlsClientError", (_error: Error, socket: Socket) => socket.destroy());
  return server;
}

async function listen(server: Server, opts: ResolvedOptions): Promise<number> {
  try {
    server.listen({ port: opts.port, host: opts.host, backlog: 2048 });
    await once(server, "listening");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EADDRINUSE"
        ? `port ${opts.port} on ${opts.host} is in use: choose another port, or 0 for a free one`
        : code === "EACCES"
          ? `no permission to listen on port ${opts.port} of ${opts.host}`
          : code === "EADDRNOTAVAIL" || code === "ENOTFOUND"
            ? `cannot listen on ${opts.host}: not an address of this machine`
            : describeError(error);
    throw new EmulatorStartError(`cannot start the emulator: ${reason}`, { cause: error });
  }
  const address = server.address();
  return typeof address === "object" && address ? address.port : opts.port;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const booted = await bootstrap(options);
  const { core, opts, delays } = booted;
  const server = createServer(booted);
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listen(server, opts);
  const origin = `${core.tls ? "https" : "http"}://${urlHost(opts.host)}:${port}`;
  core.origin = origin;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      delays.cancelAll();
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await stopped;
      if (core.stateFile) {
        await core.stateFile.idle();
        await core.stateFile
          .save()
          .catch((error: unknown) =>
            core.log({ level: "error", event: "persist-error", message: `final save failed: ${describeError(error)}` }),
          );
      }
      // libuv releases a closed handle one loop turn after its close callback: wait, so that nothing of ours
      // shows in process.getActiveResourcesInfo() once close() resolves.
      for (let turn = 0; turn < 2; turn++) await nextTurn();
      core.log({ level: "info", event: "closed", message: `emulator at ${origin} closed` });
    })();
    return closing;
  };

  core.log({ level: "info", event: "ready", message: `emulator listening on ${origin} (Graph: ${origin}/v1.0)` });
  return createFacade(booted, { origin, port, connections: () => sockets.size, close });
}
