/**
 * @graphsync/types/spec: the OpenAPI description itself, for validators and tooling (the emulator validates
 * requests and responses against it). A separate entry point so that typed clients never bundle it.
 */

export type { OpenAPIDocument } from "./document-type.js";
export { openapiDocument } from "./generated/document.js";
export { SPEC_TITLE, SPEC_VERSION } from "./generated/meta.js";
