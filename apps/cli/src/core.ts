/**
 * The modules every command shares, imported through this one file. Besides naming the CLI's common vocabulary, it
 * keeps the bundle fast to start: esbuild puts modules reached from the same entry points into one chunk, so routing
 * every shared import through here keeps the --help path to a shared chunk or two instead of six.
 */
export * from "./args.js";
export * from "./clock.js";
export * from "./duration.js";
export * from "./errors.js";
export * from "./options.js";
export * from "./output.js";
export * from "./redact.js";
export * from "./suggest.js";
