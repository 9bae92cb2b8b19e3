// The error classes: names, codes, serialisation, and secrets.
import { describe, expect, it } from "vitest";
import {
  AbortError,
  AuthenticationError,
  GraphError,
  GraphSyncError,
  isGraphSyncError,
  NetworkError,
  TimeoutError,
  ValidationError,
} from "../src/index.js";

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

  it("JSON.stringify gives every field, never the cause, and survives a service's absurdly deep innerError", () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const cause = new Error("secret cause");
    const error = new GraphError("m", { code: "Deep", status: 500, innerError: deep, details: [] }, cause);
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toEqual({
      name: "GraphError",
      message: "m",
      code: "Deep",
      status: 500,
      innerError: "(not serialisable)",
      details: [],
    });
    expect(error.cause).toBe(cause);
  });
});
