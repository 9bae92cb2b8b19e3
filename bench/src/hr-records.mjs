// The HR export the upload benchmark sends: a CSV in the shape of the sample of Microsoft's CSV2SCIM (one worker per
// line: id, status, names, login, mail, phones, job, organisation, manager, work address), written by a streaming
// generator so that 100,000 records never sit in memory here either. Deterministic: record i is the same in every run,
// so the emulator's counters can be checked against the ids alone (workerId(i)).

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";

export const HR_COLUMNS = [
  "WorkerID",
  "WorkerStatus",
  "WorkerType",
  "FirstName",
  "LastName",
  "FullName",
  "UserID",
  "Email",
  "OfficePhone",
  "MobilePhone",
  "JobTitle",
  "Department",
  "Division",
  "CostCenter",
  "Company",
  "ManagerID",
  "StreetAddress",
  "City",
  "ZipCode",
  "CountryCode",
  "HireDate",
];

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** The attribute mapping (`graphsync upload --map`, CSV2SCIM's shape) from the columns to a SCIM User. */
export const HR_MAPPING = {
  externalId: "WorkerID",
  userName: "UserID",
  name: { givenName: "FirstName", familyName: "LastName" },
  displayName: "FullName",
  active: { $column: "WorkerStatus", $equals: "Active" },
  userType: "WorkerType",
  title: "JobTitle",
  emails: [{ type: { $const: "work" }, value: "Email", primary: { $const: true } }],
  phoneNumbers: [
    { type: { $const: "work" }, value: "OfficePhone" },
    { type: { $const: "mobile" }, value: "MobilePhone" },
  ],
  addresses: [
    {
      type: { $const: "work" },
      streetAddress: "StreetAddress",
      locality: "City",
      postalCode: "ZipCode",
      country: "CountryCode",
    },
  ],
  [ENTERPRISE]: {
    employeeNumber: "WorkerID",
    costCenter: "CostCenter",
    organization: "Company",
    division: "Division",
    department: "Department",
    manager: { value: "ManagerID" },
  },
};

const FIRST = ["Ada", "Bruno", "Chloé", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ivo", "Jun", "Kofi", "Lena"];
const LAST = ["Okafor", "Lindqvist", "Moreau", "Nakamura", "Petrova", "Quispe", "Rossi", "Schmidt", "Tanaka", "Varga"];
const TITLES = ["Analyst", "Engineer", "Senior Engineer", "Nurse", "Technician", "Accountant", "Team Lead", "Clerk"];
const DEPARTMENTS = ["Finance", "Engineering", "Operations", "Care", "Logistics", "Sales", "People"];
const CITIES = [
  ["Lyon", "69002", "FR"],
  ["Rotterdam", "3011", "NL"],
  ["Porto", "4050-001", "PT"],
  ["Leeds", "LS1 4AP", "GB"],
];
/** Each worker's manager is an earlier worker: a tree ten wide, so managers come before their reports. */
const SPAN = 10;

export const workerId = (i) => `W${String(i + 1).padStart(7, "0")}`;

/** A small fast hash of the index: the same pseudo-random choices for record i in every run. */
function mix(i, salt) {
  let h = Math.imul(i ^ salt, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  return (h ^ (h >>> 13)) >>> 0;
}
const pick = (list, i, salt) => list[mix(i, salt) % list.length];

/** Record i as CSV fields (values never hold a comma, a quote or a line break). */
export function hrRecord(i) {
  const first = pick(FIRST, i, 1);
  const last = pick(LAST, i, 2);
  const [city, zip, country] = pick(CITIES, i, 3);
  const login = `${first
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase()}.${last.toLowerCase()}.${i + 1}`;
  const phone = (salt) => `+33 4 ${String(mix(i, salt) % 100_000_000).padStart(8, "0")}`;
  const department = pick(DEPARTMENTS, i, 4);
  return [
    workerId(i),
    mix(i, 5) % 20 === 0 ? "Inactive" : "Active",
    mix(i, 6) % 10 === 0 ? "Contractor" : "Employee",
    first,
    last,
    `${first} ${last}`,
    `${login}@contoso.example`,
    `${login}@contoso.example`,
    phone(7),
    phone(8),
    pick(TITLES, i, 9),
    department,
    `${department} ${1 + (mix(i, 10) % 3)}`,
    `CC-${1000 + (mix(i, 11) % 900)}`,
    "Contoso Health",
    i === 0 ? "" : workerId(Math.floor((i - 1) / SPAN)),
    `${1 + (mix(i, 12) % 200)} Rue du Port`,
    city,
    zip,
    country,
    new Date(Date.UTC(2000 + (mix(i, 13) % 25), mix(i, 14) % 12, 1 + (mix(i, 15) % 28))).toISOString().slice(0, 10),
  ];
}

/** Writes `count` records with a header to `file`, a thousand lines per write, waiting when the stream is full. */
export async function writeHrCsv(file, count) {
  const out = createWriteStream(file);
  const write = async (text) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(`${HR_COLUMNS.join(",")}\r\n`);
  for (let start = 0; start < count; start += 1000) {
    const lines = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) lines.push(`${hrRecord(i).join(",")}\r\n`);
    await write(lines.join(""));
  }
  out.end();
  await finished(out);
}
