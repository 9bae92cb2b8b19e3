// The baseline of the upload benchmark: what Microsoft's CSV2SCIM sample does, in Node.js. It reads the CSV a line at
// a time (as PowerShell's Import-Csv pipeline does), turns each row into a SCIM User with a fixed attribute mapping
// (the sample's AttributeMapping.psd1, written as code), groups 50 operations per BulkRequest with a random-GUID
// bulkId each, and POSTs the requests one after another as fast as they go: no pacing, no retry, no Retry-After. A
// request answered anything but 2xx is reported and skipped: its records are lost. Usage:
//   GRAPH_TOKEN=… node csv2scim.mjs <file.csv> <bulkUpload URL>
// Prints one JSON line at the end: records read, requests sent and accepted, records lost, answers by status.
// The benchmark's generated CSV has no quoted field, so a row is split on commas (Import-Csv would unquote).
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

const [file, url] = process.argv.slice(2);
if (!file || !url) throw new Error("usage: node csv2scim.mjs <file.csv> <bulkUpload URL>");
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const BATCH = 50;

/** The sample's mapping: empty cells are left out, as ConvertTo-ScimPayload does. */
function toScimUser(row) {
  const user = {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
    externalId: row.WorkerID,
    userName: row.UserID,
    name: { givenName: row.FirstName, familyName: row.LastName },
    displayName: row.FullName,
    active: row.WorkerStatus === "Active",
    userType: row.WorkerType,
    title: row.JobTitle,
    emails: [{ type: "work", value: row.Email, primary: true }],
    phoneNumbers: [
      { type: "work", value: row.OfficePhone },
      { type: "mobile", value: row.MobilePhone },
    ],
    addresses: [
      {
        type: "work",
        streetAddress: row.StreetAddress,
        locality: row.City,
        postalCode: row.ZipCode,
        country: row.CountryCode,
      },
    ],
    [ENTERPRISE]: {
      employeeNumber: row.WorkerID,
      costCenter: row.CostCenter,
      organization: row.Company,
      division: row.Division,
      department: row.Department,
      ...(row.ManagerID ? { manager: { value: row.ManagerID } } : {}),
    },
  };
  return user;
}

const result = { records: 0, requests: 0, accepted: 0, lostRecords: 0, statuses: {} };

async function post(users) {
  const body = {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
    Operations: users.map((data) => ({ method: "POST", bulkId: crypto.randomUUID(), path: "/Users", data })),
    failOnErrors: null,
  };
  result.requests++;
  let status = 0;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${process.env.GRAPH_TOKEN}`, "content-type": "application/scim+json" },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    status = response.status;
  } catch {
    // A network error loses the batch too ("status 0").
  }
  result.statuses[status] = (result.statuses[status] ?? 0) + 1;
  if (status >= 200 && status < 300) result.accepted++;
  else result.lostRecords += users.length;
}

const started = performance.now();
const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
let header;
let batch = [];
for await (const line of lines) {
  if (line === "") continue;
  const cells = line.split(",");
  if (!header) {
    header = cells.map((cell) => cell.replace(/^\uFEFF/, ""));
    continue;
  }
  const row = Object.fromEntries(header.map((column, i) => [column, cells[i] ?? ""]));
  result.records++;
  batch.push(toScimUser(row));
  if (batch.length === BATCH) {
    await post(batch);
    batch = [];
  }
}
if (batch.length > 0) await post(batch);
result.elapsedMs = performance.now() - started;
console.log(JSON.stringify(result));
