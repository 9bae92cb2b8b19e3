// The README's first command, until the CLI lands: shows what @graphsync/types was generated from and the
// contract of the start action.
import { SPEC_VERSION, synchronizationStatusCodeValues } from "@graphsync/types";
import { openapiDocument } from "@graphsync/types/spec";

const path = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/start";
const start = openapiDocument.paths[path].post;
console.log(`@graphsync/types generated from spec ${SPEC_VERSION}`);
console.log(`POST ${path}`);
console.log(`  operationId: ${start.operationId}`);
console.log(`  body: optional (${start.requestBody.required ? "required" : "not required"})`);
console.log(
  `  success: ${Object.keys(start.responses)
    .filter((s) => s.startsWith("2"))
    .join(", ")}`,
);
console.log(`  status codes a job can be in: ${synchronizationStatusCodeValues.join(", ")}`);
