import { describe, expect, it } from "vitest";
import { bodyEtag, isNotModified } from "../../src/protocol/calendar/index.js";
import { renderCalendar } from "../../src/protocol/calendar/ics.js";
import { storedEvent } from "./fixtures.js";

describe("bodyEtag", () => {
  it("is a strong, quoted entity-tag of RFC 9110's grammar", () => {
    expect(bodyEtag("BEGIN:VCALENDAR\r\n")).toMatch(/^"[\x21\x23-\x7E]+"$/);
  });

  it("is the same for the same bytes and differs for any other bytes", () => {
    const body = renderCalendar([storedEvent()], { name: "Events" });
    expect(bodyEtag(body)).toBe(bodyEtag(renderCalendar([storedEvent()], { name: "Events" })));
    expect(bodyEtag(body)).not.toBe(bodyEtag(renderCalendar([storedEvent()], { name: "Event" })));
    expect(bodyEtag(body)).not.toBe(bodyEtag(renderCalendar([storedEvent({ version: 2 })], { name: "Events" })));
    // Same length in UTF-16, different bytes.
    expect(bodyEtag("é")).not.toBe(bodyEtag("e"));
    expect(bodyEtag("日")).not.toBe(bodyEtag("本"));
  });
});

describe("isNotModified (If-None-Match, RFC 9110 §13.1.2)", () => {
  const current = '"abc123"';
  it.each([
    ["the current tag", '"abc123"'],
    ["the current tag among others", '"x", "abc123", "y"'],
    ["a list without spaces", '"x","abc123"'],
    ["a list with tabs and empty members", ' ,\t"x" , ,"abc123",'],
    ["*", "*"],
    ["* with spaces", "  * "],
    ["a weak tag (weak comparison)", 'W/"abc123"'],
    ["a weak tag in a list", '"x", W/"abc123"'],
  ])("304 for %s", (_, header) => {
    expect(isNotModified(header, current)).toBe(true);
  });

  it("compares weakly when the current tag is weak", () => {
    expect(isNotModified('"v3"', 'W/"v3"')).toBe(true);
    expect(isNotModified('W/"v3"', 'W/"v3"')).toBe(true);
    expect(isNotModified('"v4"', 'W/"v3"')).toBe(false);
  });

  it("reads a comma inside a tag as part of it", () => {
    expect(isNotModified('"a,b"', '"a,b"')).toBe(true);
    expect(isNotModified('"a,b"', '"a"')).toBe(false);
    expect(isNotModified('"a,b"', '"b"')).toBe(false);
  });

  it.each([
    ["no header", undefined],
    ["a null header", null],
    ["an empty header", ""],
    ["another tag", '"abc124"'],
    ["a tag differing in case", '"ABC123"'],
    ["a list of other tags", '"x", W/"y"'],
  ])("200 for %s", (_, header) => {
    expect(isNotModified(header, current)).toBe(false);
  });

  it.each([
    ["an unquoted tag", "abc123"],
    ["an unterminated quote", '"abc123'],
    ["a lower-case weak prefix", 'w/"abc123"'],
    ["two tags without a comma", '"x" "abc123"'],
    ["* inside a list", '*, "abc123"'],
    ["a tag with a space inside", '"abc 123"'],
    ["garbage after a valid tag", '"abc123";q=1'],
  ])("ignores a malformed header (a full 200): %s", (_, header) => {
    expect(isNotModified(header, current)).toBe(false);
  });
});
