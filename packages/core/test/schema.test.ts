import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  CAPACITY_LIMITS,
  CapacitySchema,
  CreateEventInputSchema,
  DEFAULT_EVENT_STATUS,
  EVENT_ID_PATTERN,
  EVENT_STATUSES,
  EventChangesSchema,
  EventDateSchema,
  EventIdSchema,
  EventSchema,
  EventStatusSchema,
  LIST_LIMITS,
  ListEventsInputSchema,
  READ_ONLY_FIELDS,
  TEXT_LIMITS,
  textProblem,
  type TextField,
} from "../src/index.js";
import { validInput } from "./helpers.js";

/** The issues of a failed parse (fails the test when it parses). */
function issuesOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
  return result.error.issues;
}

/** Issues of a create input with one field replaced (or removed with undefined). */
function createIssues(field: string, value: unknown) {
  return issuesOf(CreateEventInputSchema, { ...validInput(), [field]: value });
}

/** The one issue on `field` of a create input with that field set to `value`. */
function fieldIssue(field: string, value: unknown) {
  const issues = createIssues(field, value);
  expect(issues.map((i) => i.path.join("."))).toEqual([field]);
  return issues[0]!;
}

const accepts = (field: string, value: unknown) =>
  CreateEventInputSchema.safeParse({ ...validInput(), [field]: value }).success;

const TEXT_FIELDS = Object.keys(TEXT_LIMITS) as TextField[];

describe("CreateEventInputSchema: a valid event", () => {
  it("parses a complete input unchanged", () => {
    const input = validInput({ eventId: "tech-conf-2024", status: "published" });
    expect(CreateEventInputSchema.parse(input)).toEqual(input);
  });

  it("needs no eventId or status, and adds no default itself (the service does)", () => {
    const parsed = CreateEventInputSchema.parse(validInput());
    expect(parsed.eventId).toBeUndefined();
    expect(parsed.status).toBeUndefined();
    expect(DEFAULT_EVENT_STATUS).toBe("draft");
  });

  it.each(["title", "description", "date", "location", "capacity", "organizer"])("requires %s", (field) => {
    const input: Record<string, unknown> = { ...validInput() };
    delete input[field];
    const issues = issuesOf(CreateEventInputSchema, input);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual([field]);
    expect(issues[0]!.message).toBe("is required");
  });

  it("reports every invalid field at once", () => {
    const issues = issuesOf(CreateEventInputSchema, {
      title: "",
      description: 5,
      date: "2024-02-30",
      location: "   ",
      capacity: 0,
      organizer: "x".repeat(101),
      status: "archived",
    });
    expect(issues.map((i) => i.path[0]).sort()).toEqual(
      ["capacity", "date", "description", "location", "organizer", "status", "title"].sort(),
    );
  });

  it("rejects non-objects", () => {
    for (const value of [null, undefined, "event", 42, [], [validInput()]]) {
      expect(CreateEventInputSchema.safeParse(value).success).toBe(false);
    }
  });
});

describe("text fields: lengths in code points", () => {
  it.each(TEXT_FIELDS)("%s: 1 to max characters", (field) => {
    const { max } = TEXT_LIMITS[field];
    expect(accepts(field, "a")).toBe(true);
    expect(accepts(field, "a".repeat(max))).toBe(true);
    const issue = fieldIssue(field, "a".repeat(max + 1));
    expect(issue.message).toBe(`must be at most ${max} characters`);
    expect(fieldIssue(field, "").message).toBe("must not be empty");
  });

  it.each(TEXT_FIELDS)("%s: astral characters (emoji) count once each", (field) => {
    const { max } = TEXT_LIMITS[field];
    const emoji = "🎉";
    expect(emoji.length).toBe(2); // two UTF-16 code units
    expect(accepts(field, emoji.repeat(max))).toBe(true);
    expect(accepts(field, emoji.repeat(max + 1))).toBe(false);
    // a string longer than max in code units but not in code points
    expect(accepts(field, `${"a".repeat(max - 1)}${emoji}`)).toBe(true);
  });

  it("title: 200 emoji is fine, 201 is not", () => {
    expect(TEXT_LIMITS.title.max).toBe(200);
    expect(CreateEventInputSchema.safeParse(validInput({ title: "😀".repeat(200) })).success).toBe(true);
    expect(fieldIssue("title", "😀".repeat(201)).message).toBe("must be at most 200 characters");
  });

  it("counts combining marks as characters of their own", () => {
    const decomposed = "e\u0301"; // é as e + combining acute: two code points
    expect(accepts("organizer", decomposed.repeat(50))).toBe(true);
    expect(accepts("organizer", `${decomposed.repeat(50)}x`)).toBe(false);
  });

  it("the limits match the contract", () => {
    expect(TEXT_LIMITS).toEqual({
      title: { min: 1, max: 200 },
      description: { min: 1, max: 1000 },
      location: { min: 1, max: 200 },
      organizer: { min: 1, max: 100 },
    });
  });
});

describe("text fields: content", () => {
  it.each(TEXT_FIELDS)("%s: blank strings are rejected", (field) => {
    for (const blank of [" ", "   ", "\t", "\n", "\r\n", " \t\n ", "\u00a0", "\u3000", "\u2003"]) {
      expect(fieldIssue(field, blank).message).toBe("must not be blank");
    }
  });

  it.each(TEXT_FIELDS)("%s: control characters are rejected", (field) => {
    for (const control of ["\u0000", "\u0001", "\u0007", "\u0008", "\u000b", "\u000c", "\u001b", "\u001f", "\u007f", "\u0080", "\u0085", "\u009f"]) {
      expect(fieldIssue(field, `before${control}after`).message).toBe("must not contain control characters");
    }
  });

  it.each(TEXT_FIELDS)("%s: tab, line feed and carriage return inside text are fine", (field) => {
    expect(accepts(field, "line one\nline two")).toBe(true);
    expect(accepts(field, "a\tb")).toBe(true);
    expect(accepts(field, "a\r\nb")).toBe(true);
  });

  it.each(TEXT_FIELDS)("%s: lone surrogates are rejected", (field) => {
    expect(fieldIssue(field, "bad \ud800 text").message).toBe("must be valid Unicode text");
    expect(fieldIssue(field, "\udfff").message).toBe("must be valid Unicode text");
  });

  it.each(TEXT_FIELDS)("%s: must be a string", (field) => {
    for (const value of [5, 0, true, null, [], ["a"], { text: "a" }]) {
      expect(fieldIssue(field, value).message).toBe("must be a string");
    }
  });

  it("keeps surrounding whitespace and Unicode as sent", () => {
    const input = validInput({ title: "  Café — 会议 🎉  ", location: "Zürich\nHall 2" });
    expect(CreateEventInputSchema.parse(input)).toEqual(input);
  });

  it("textProblem explains the first broken rule, or nothing", () => {
    expect(textProblem("title", "ok")).toBeUndefined();
    expect(textProblem("title", "")).toBe("must not be empty");
    expect(textProblem("organizer", "x".repeat(101))).toBe("must be at most 100 characters");
    expect(textProblem("description", "  ")).toBe("must not be blank");
    expect(textProblem("location", "a\u0000")).toBe("must not contain control characters");
    expect(textProblem("title", "\ud83d")).toBe("must be valid Unicode text");
  });
});

describe("capacity", () => {
  it.each([1, 2, 500, 99_999, 100_000, 1e5, 1.0])("accepts %s", (value) => {
    expect(accepts("capacity", value)).toBe(true);
  });

  it.each([0, -1, -0, 100_001, 1e6, 1.5, 0.5, 99_999.9, Number.NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2])(
    "rejects %s",
    (value) => {
      const issues = createIssues("capacity", value);
      expect(issues.length).toBeGreaterThan(0);
      for (const issue of issues) {
        expect(issue.path).toEqual(["capacity"]);
        expect(issue.message).toBe("must be an integer from 1 to 100000");
      }
    },
  );

  it.each(["500", "1", "", "1e3", " 5 "])("rejects the numeric string %j", (value) => {
    expect(fieldIssue("capacity", value).message).toBe("must be an integer from 1 to 100000");
  });

  it.each([null, true, false, [500], { value: 500 }, 500n])("rejects %s", (value) => {
    expect(fieldIssue("capacity", value).message).toBe("must be an integer from 1 to 100000");
  });

  it("reads its limits from CAPACITY_LIMITS", () => {
    expect(CAPACITY_LIMITS).toEqual({ min: 1, max: 100_000 });
    expect(CapacitySchema.safeParse(CAPACITY_LIMITS.max).success).toBe(true);
    expect(CapacitySchema.safeParse(CAPACITY_LIMITS.max + 1).success).toBe(false);
  });
});

describe("date", () => {
  it.each(["2024-12-15", "2024-12-15T18:30:00Z", "2024-12-15T18:30:00+02:00", "2024-12-15T18:30:00", "2024-12-15T18:30", "2024-12-15T18:30:00.123456789-05:00"])(
    "accepts %s and keeps it exactly as sent",
    (date) => {
      expect(CreateEventInputSchema.parse(validInput({ date })).date).toBe(date);
    },
  );

  it.each(["2024-02-30", "2023-02-29", "2024-12-15T24:00:00Z", "2024-13-01", "2024-12-15T18:30:00+25:00", "tomorrow", ""])(
    "rejects %j",
    (date) => {
      expect(fieldIssue("date", date).message).toMatch(/^must be a real ISO 8601 date/);
    },
  );

  it("must be a string", () => {
    expect(fieldIssue("date", 1734287400000).message).toBe("must be a string");
    expect(EventDateSchema.safeParse(new Date()).success).toBe(false);
  });
});

describe("status", () => {
  it("is one of the five statuses", () => {
    expect([...EVENT_STATUSES]).toEqual(["draft", "published", "cancelled", "completed", "active"]);
    for (const status of EVENT_STATUSES) {
      expect(CreateEventInputSchema.parse(validInput({ status })).status).toBe(status);
      expect(EventStatusSchema.parse(status)).toBe(status);
    }
  });

  it.each(["Draft", "PUBLISHED", "archived", "deleted", "", " draft", "draft ", 1, null])("rejects %j", (status) => {
    expect(fieldIssue("status", status).message).toBe("must be one of draft, published, cancelled, completed, active");
  });
});

describe("eventId", () => {
  it.each(["a", "EVT-1", "evt-1", "tech-conf-2024", "A.b_c~d-e", "0", "~", "...", "x".repeat(128), "550e8400-e29b-41d4-a716-446655440000"])(
    "accepts %j",
    (eventId) => {
      expect(EventIdSchema.parse(eventId)).toBe(eventId);
      expect(CreateEventInputSchema.parse(validInput({ eventId })).eventId).toBe(eventId);
      expect(EVENT_ID_PATTERN.test(eventId)).toBe(true);
    },
  );

  it("accepts every unreserved URL character", () => {
    const all = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
    expect(EventIdSchema.safeParse(all).success).toBe(true);
    expect(encodeURIComponent(all)).toBe(all); // needs no escaping in a URL
  });

  it.each([
    "",
    "x".repeat(129),
    "has space",
    "slash/inside",
    "back\\slash",
    "percent%20",
    "hash#tag",
    "question?",
    "plus+",
    "colon:",
    "at@",
    "quote'",
    'dquote"',
    "amp&",
    "é",
    "emoji🎉",
    "tab\t",
    "newline\n",
    "a\u0000",
    "évent",
    "ＡＢＣ",
  ])("rejects %j", (eventId) => {
    const issue = fieldIssue("eventId", eventId);
    expect(issue.message).toBe("must be 1-128 characters from A-Z a-z 0-9 - _ . ~");
  });

  it.each([123, null, true, {}])("rejects non-string %j", (eventId) => {
    expect(fieldIssue("eventId", eventId).message).toBe("must be a string");
  });
});

describe("unknown fields", () => {
  it("a typo such as capcity is rejected, naming the field", () => {
    const { capacity, ...rest } = validInput();
    const issues = issuesOf(CreateEventInputSchema, { ...rest, capcity: capacity });
    const unknown = issues.find((i) => i.code === "unrecognized_keys");
    expect(unknown).toBeDefined();
    expect(unknown && "keys" in unknown ? unknown.keys : []).toEqual(["capcity"]);
    expect(unknown!.message).toContain("capcity");
    // the real field is then missing as well
    expect(issues.some((i) => i.path[0] === "capacity" && i.message === "is required")).toBe(true);
  });

  it("an extra field next to valid ones is still rejected", () => {
    const issues = issuesOf(CreateEventInputSchema, { ...validInput(), capcity: 5, extra: true });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe("unrecognized_keys");
    expect((issues[0] as { keys?: string[] }).keys?.sort()).toEqual(["capcity", "extra"]);
  });

  it("server fields are not accepted on create", () => {
    for (const field of ["createdAt", "updatedAt", "version", "dateOrder", "pk"]) {
      const issues = issuesOf(CreateEventInputSchema, { ...validInput(), [field]: field === "version" ? 1 : "x" });
      expect(issues[0]!.code).toBe("unrecognized_keys");
      expect(issues[0]!.message).toContain(field);
    }
  });

  it("update input rejects unknown fields too; a list query ignores unknown parameters", () => {
    expect(issuesOf(EventChangesSchema, { capcity: 10 })[0]!.message).toContain("capcity");
    expect(ListEventsInputSchema.parse({ _: "1", status: "draft" })).toEqual({ status: "draft" });
  });
});

describe("EventChangesSchema (partial update)", () => {
  it("every field is optional and nothing gets a default", () => {
    expect(EventChangesSchema.parse({})).toEqual({});
    expect(EventChangesSchema.parse({ title: "New" })).toEqual({ title: "New" });
    expect(EventChangesSchema.parse({ capacity: 10 })).toEqual({ capacity: 10 });
    expect("status" in EventChangesSchema.parse({ title: "New" })).toBe(false);
  });

  it("applies the same field rules as create", () => {
    expect(issuesOf(EventChangesSchema, { title: " " })[0]!.message).toBe("must not be blank");
    expect(issuesOf(EventChangesSchema, { title: "😀".repeat(201) })[0]!.path).toEqual(["title"]);
    expect(issuesOf(EventChangesSchema, { capacity: "500" })[0]!.path).toEqual(["capacity"]);
    expect(issuesOf(EventChangesSchema, { capacity: 1.5 })[0]!.path).toEqual(["capacity"]);
    expect(issuesOf(EventChangesSchema, { date: "2023-02-29" })[0]!.path).toEqual(["date"]);
    expect(issuesOf(EventChangesSchema, { status: "archived" })[0]!.path).toEqual(["status"]);
    expect(issuesOf(EventChangesSchema, { organizer: "a\u0007" })[0]!.path).toEqual(["organizer"]);
  });

  it("null is not a way to clear a field", () => {
    for (const field of ["title", "description", "date", "location", "capacity", "organizer", "status"]) {
      expect(issuesOf(EventChangesSchema, { [field]: null })[0]!.path).toEqual([field]);
    }
  });

  it("accepts the read-only fields a GET returned", () => {
    expect(READ_ONLY_FIELDS).toEqual(["registeredCount", "waitlistCount", "createdAt", "updatedAt", "version"]);
    const echoed = {
      registeredCount: 2,
      waitlistCount: 1,
      createdAt: "2024-01-01T00:00:00.000Z",
      updatedAt: "2024-01-02T00:00:00.000Z",
      version: 3,
    };
    expect(EventChangesSchema.parse({ ...echoed, title: "x" })).toEqual({ ...echoed, title: "x" });
  });

  it("version, when echoed, must still look like a version", () => {
    expect(EventChangesSchema.safeParse({ version: 0 }).success).toBe(false);
    expect(EventChangesSchema.safeParse({ version: 1.5 }).success).toBe(false);
    expect(EventChangesSchema.safeParse({ version: "1" }).success).toBe(false);
  });
});

describe("ListEventsInputSchema", () => {
  it("everything is optional", () => {
    expect(ListEventsInputSchema.parse({})).toEqual({});
    expect(LIST_LIMITS).toEqual({ min: 1, max: 1000, default: 100 });
  });

  it.each([1, 2, 100, 999, 1000])("accepts limit %s", (limit) => {
    expect(ListEventsInputSchema.parse({ limit }).limit).toBe(limit);
  });

  it("reads a numeric string as a number (query strings carry text)", () => {
    expect(ListEventsInputSchema.parse({ limit: "10" }).limit).toBe(10);
    expect(ListEventsInputSchema.parse({ limit: "1000" }).limit).toBe(1000);
  });

  it.each([0, -1, 1001, 1e6, 1.5, Number.NaN, "0", "1001", "1.5", "abc", "", "-5"])("rejects limit %j", (limit) => {
    const issues = issuesOf(ListEventsInputSchema, { limit });
    expect(issues[0]!.path).toEqual(["limit"]);
    expect(issues[0]!.message).toBe("must be an integer from 1 to 1000");
  });

  it("status must be a known status", () => {
    expect(ListEventsInputSchema.parse({ status: "published" }).status).toBe("published");
    expect(issuesOf(ListEventsInputSchema, { status: "archived" })[0]!.path).toEqual(["status"]);
  });

  it("from and to must be real dates", () => {
    expect(ListEventsInputSchema.parse({ from: "2024-01-01", to: "2024-12-31T23:59:59+02:00" })).toEqual({
      from: "2024-01-01",
      to: "2024-12-31T23:59:59+02:00",
    });
    expect(issuesOf(ListEventsInputSchema, { from: "2024-02-30" })[0]!.path).toEqual(["from"]);
    expect(issuesOf(ListEventsInputSchema, { to: "yesterday" })[0]!.path).toEqual(["to"]);
  });

  it("a cursor is a bounded string", () => {
    expect(ListEventsInputSchema.parse({ cursor: "abc" }).cursor).toBe("abc");
    expect(issuesOf(ListEventsInputSchema, { cursor: "a".repeat(1025) })[0]!.message).toBe("is not a valid cursor");
    expect(issuesOf(ListEventsInputSchema, { cursor: 5 })[0]!.path).toEqual(["cursor"]);
  });
});

describe("EventSchema (a stored event)", () => {
  const stored = {
    eventId: "e1",
    ...validInput(),
    status: "draft",
    waitlistEnabled: false,
    registeredCount: 0,
    waitlistCount: 0,
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-01-01T00:00:00.000Z",
    version: 1,
  };

  it("parses a full event", () => {
    expect(EventSchema.parse(stored)).toEqual(stored);
  });

  it("rejects store internals leaking out", () => {
    expect(EventSchema.safeParse({ ...stored, dateOrder: "x" }).success).toBe(false);
    expect(EventSchema.safeParse({ ...stored, pk: "x" }).success).toBe(false);
  });

  it("requires every field", () => {
    for (const field of Object.keys(stored)) {
      const partial: Record<string, unknown> = { ...stored };
      delete partial[field];
      expect(EventSchema.safeParse(partial).success, field).toBe(false);
    }
  });
});
