/**
 * The layers of packages/core/src point one way: the composition root and
 * index (files directly in src/) → the domains (event/, registration/, calendar/) →
 * idempotency/ → places/ → webhooks/ (outbox, endpoints, dispatcher) → store/ (client, guard, failures) → model/ (table,
 * entities, the ElectroDB Service) → rules/ (field rules, schemas, cursors,
 * errors). A file may import its own layer or one below it, never one above,
 * and no two folders import each other (read from the source's import statements).
 */
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkLayers, folderCycles, folderGraph, localImports } from "../../../test-support/import-graph.js";

const SRC = resolve(import.meta.dirname, "../src");
/** Top to bottom; folders in one entry sit side by side. */
const LAYERS = ["", ["event", "registration", "calendar"], "idempotency", "places", "webhooks", "store", "model", "rules"];

describe("packages/core/src's import graph", () => {
  const { files, upwardEdges } = checkLayers(SRC, LAYERS);

  it("would report one (the check can fail)", () => {
    // An entity reaching up for the places logic: places → webhooks (the outbox) → store → model → places.
    const file = join(SRC, "model/event-entity.ts");
    const upward = 'import { createPlaces } from "../places/places.js";';
    expect(localImports(SRC, file, upward).map((t) => relative(SRC, t))).toEqual(["places/places.ts"]);
    expect(upwardEdges([file], (f) => localImports(SRC, f, upward))).toEqual(["model/event-entity.ts → places/places.ts"]);
    const withUpward = (f: string) => (f === file ? localImports(SRC, f, upward) : localImports(SRC, f));
    expect(folderCycles(folderGraph(SRC, files, withUpward))).toEqual(["model ⇄ places ⇄ store ⇄ webhooks"]);
    // Two folders side by side importing each other: no layer runs up, the circle is still found.
    const sideways = (f: string) =>
      f === join(SRC, "event/item.ts") ? [join(SRC, "registration/service.ts")] : f === join(SRC, "registration/service.ts") ? [join(SRC, "event/item.ts")] : [];
    expect(upwardEdges(files, sideways)).toEqual([]);
    expect(folderCycles(folderGraph(SRC, files, sideways))).toEqual(["event ⇄ registration"]);
  });
});
