// The error classes: names, codes, serialisation, and secrets.
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";

const { AbortError, AuthenticationError, GraphError, GraphSyncError, isGraphSyncError } = api;
const { NetworkError, TimeoutError, ValidationError } = api;

describe("error classes", () => {
  it("all extend GraphSyncError and Error, with a stable name", () => {
    const classes = [GraphError, NetworkError, TimeoutError, AbortError, ValidationError, AuthenticationError];
    for (const Class of classes) {
      const error = new Class("m", { code: "C" });
      expect(error).toBeInstanceOf(GraphSyncError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(Class.name);
      expect(String(error)).toBe(`${Class.name}: m`);
      expect(isGraphSyncError(error)).toBe(true);
    }
    expect(isGraphSyncError(new Error("x"))).toBe(false);
    expect(isGraphSyncError(new DOMException("x", "AbortError"))).toBe(false);
    // A copy from another realm or a second copy of the package is recognised by its shape.
    const foreign = Object.assign(new Error("x"), { name: "GraphError", code: "Request_ResourceNotFound" });
    expect(isGraphSyncError(foreign)).toBe(true);
  });

  it("JSON.stringify gives the name, the message and every field, never the cause", () => {
    const cause = new Error("secret cause");
    const error = new GraphError("m", { code: "C", status: 500, body: "b" }, cause);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "GraphError",
      message: "m",
      code: "C",
      status: 500,
      body: "b",
    });
    expect(error.cause).toBe(cause);
  });
});
