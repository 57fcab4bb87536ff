import { describe, expect, it } from "vitest";
import { instantKey, isEventDate } from "../src/index.js";
import { prng } from "./helpers.js";

const KEY_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;

describe("instantKey: accepted forms", () => {
  it.each([
    // calendar dates: midnight UTC
    ["2024-12-15", "2024-12-15T00:00:00.000000000Z"],
    ["1970-01-01", "1970-01-01T00:00:00.000000000Z"],
    // date-times with Z
    ["2024-12-15T18:30:00Z", "2024-12-15T18:30:00.000000000Z"],
    ["2024-12-15T18:30Z", "2024-12-15T18:30:00.000000000Z"],
    // no offset: read as UTC
    ["2024-12-15T18:30:00", "2024-12-15T18:30:00.000000000Z"],
    ["2024-12-15T18:30", "2024-12-15T18:30:00.000000000Z"],
    // offsets
    ["2024-12-15T18:30:00+02:00", "2024-12-15T16:30:00.000000000Z"],
    ["2024-12-15T18:30:00-05:00", "2024-12-15T23:30:00.000000000Z"],
    ["2024-12-15T18:30+05:30", "2024-12-15T13:00:00.000000000Z"],
    ["2024-12-15T18:30:00-09:30", "2024-12-16T04:00:00.000000000Z"],
    ["2024-12-15T18:30:00+00:00", "2024-12-15T18:30:00.000000000Z"],
    ["2024-12-15T18:30:00-00:00", "2024-12-15T18:30:00.000000000Z"],
    ["2024-12-15T12:00:00+14:00", "2024-12-14T22:00:00.000000000Z"],
    ["2024-12-15T12:00:00-12:00", "2024-12-16T00:00:00.000000000Z"],
    // offsets that cross day, month and year boundaries
    ["2024-12-15T00:30:00+01:00", "2024-12-14T23:30:00.000000000Z"],
    ["2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00.000000000Z"],
    ["2025-01-01T00:15:00+00:30", "2024-12-31T23:45:00.000000000Z"],
    ["2024-02-28T23:00:00-01:00", "2024-02-29T00:00:00.000000000Z"],
    ["2023-02-28T23:00:00-01:00", "2023-03-01T00:00:00.000000000Z"],
    // fractions: 1 to 9 digits, kept to the nanosecond
    ["2024-12-15T18:30:00.5Z", "2024-12-15T18:30:00.500000000Z"],
    ["2024-12-15T18:30:00.12Z", "2024-12-15T18:30:00.120000000Z"],
    ["2024-12-15T18:30:00.123Z", "2024-12-15T18:30:00.123000000Z"],
    ["2024-12-15T18:30:00.1234Z", "2024-12-15T18:30:00.123400000Z"],
    ["2024-12-15T18:30:00.123456789Z", "2024-12-15T18:30:00.123456789Z"],
    ["2024-12-15T18:30:00.000000001Z", "2024-12-15T18:30:00.000000001Z"],
    ["2024-12-15T18:30:00.999999999Z", "2024-12-15T18:30:00.999999999Z"],
    ["2024-12-15T18:30:00.123456789+02:00", "2024-12-15T16:30:00.123456789Z"],
    ["2024-12-15T18:30:00.5", "2024-12-15T18:30:00.500000000Z"],
    // extremes of the clock
    ["2024-12-15T23:59:59Z", "2024-12-15T23:59:59.000000000Z"],
    ["2024-12-15T00:00:00Z", "2024-12-15T00:00:00.000000000Z"],
    // before the Unix epoch
    ["1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999000000Z"],
    ["1900-01-01", "1900-01-01T00:00:00.000000000Z"],
  ])("%s -> %s", (value, key) => {
    expect(instantKey(value)).toBe(key);
    expect(isEventDate(value)).toBe(true);
  });

  it("always yields the fixed-width nanosecond UTC form", () => {
    for (const value of ["2024-12-15", "2024-12-15T18:30", "0001-01-01", "2024-12-15T18:30:00.1+01:00"]) {
      expect(instantKey(value)).toMatch(KEY_FORMAT);
    }
  });
});

describe("instantKey: real calendar dates only", () => {
  it.each([
    ["2024-02-29", true], // divisible by 4
    ["2000-02-29", true], // divisible by 400
    ["1600-02-29", true],
    ["2400-02-29", true],
    ["0000-02-29", true], // year 0 is a leap year (proleptic Gregorian)
    ["2023-02-29", false],
    ["1900-02-29", false], // divisible by 100 but not 400
    ["2100-02-29", false],
    ["2024-02-30", false],
    ["2024-02-31", false],
    ["2024-04-31", false],
    ["2024-06-31", false],
    ["2024-09-31", false],
    ["2024-11-31", false],
    ["2024-01-31", true],
    ["2024-03-31", true],
    ["2024-12-31", true],
    ["2024-13-01", false],
    ["2024-00-10", false],
    ["2024-12-00", false],
    ["2024-12-32", false],
    ["2024-99-99", false],
  ])("%s is valid: %s", (value, valid) => {
    expect(isEventDate(value)).toBe(valid);
    expect(isEventDate(`${value}T12:00:00Z`)).toBe(valid);
    expect(instantKey(value) !== undefined).toBe(valid);
  });

  it("leap day keys are on the right day", () => {
    expect(instantKey("2024-02-29")).toBe("2024-02-29T00:00:00.000000000Z");
    expect(instantKey("2000-02-29T12:00:00+13:00")).toBe("2000-02-28T23:00:00.000000000Z");
  });
});

describe("instantKey: rejected values", () => {
  it.each([
    // times out of range
    "2024-12-15T24:00:00Z",
    "2024-12-15T24:00",
    "2024-12-15T23:60:00Z",
    "2024-12-15T23:59:60Z", // no leap seconds
    "2024-12-15T99:00:00Z",
    // bad offsets
    "2024-12-15T18:30:00+24:00",
    "2024-12-15T18:30:00-24:00",
    "2024-12-15T18:30:00+02:60",
    "2024-12-15T18:30:00+99:99",
    "2024-12-15T18:30:00+2:00",
    "2024-12-15T18:30:00+02:0",
    "2024-12-15T18:30:00+02:00Z",
    "2024-12-15T18:30:00Z+02:00",
    "2024-12-15T18:30:00ZZ",
    "2024-12-15T18:30:00 +02:00",
    "2024-12-15+02:00",
    "2024-12-15Z",
    // fractions
    "2024-12-15T18:30:00.1234567891Z", // 10 digits
    "2024-12-15T18:30:00.Z",
    "2024-12-15T18:30:00.",
    "2024-12-15T18:30.5Z", // a fraction needs seconds
    "2024-12-15T18:30:00,5Z",
    // incomplete or malformed
    "",
    " ",
    "garbage",
    "null",
    "2024",
    "2024-12",
    "2024-12-15T",
    "2024-12-15T18",
    "2024-12-15T18:3",
    "2024-12-15T1:30:00Z",
    "2024-1-15",
    "2024-12-5",
    "24-12-15",
    "20241215",
    "2024-12-15 18:30:00", // space instead of T
    " 2024-12-15",
    "2024-12-15 ",
    "2024-12-15\n",
    "12/15/2024",
    "15.12.2024",
    "2024/12/15",
    "+02024-12-15",
    "-2024-12-15",
    "10000-01-01",
    "2024-W50-7",
    "2024-350",
    "2024-12-15T18:30:00Zjunk",
    "２０２４-１２-１５", // full-width digits
    "٢٠٢٤-١٢-١٥", // Arabic-Indic digits
  ])("%j", (value) => {
    expect(instantKey(value)).toBeUndefined();
    expect(isEventDate(value)).toBe(false);
  });
});

describe("instantKey: year bounds (four-digit UTC years only)", () => {
  it("accepts the first and last instants of years 0000-9999", () => {
    expect(instantKey("0000-01-01")).toBe("0000-01-01T00:00:00.000000000Z");
    expect(instantKey("0000-01-01T00:00:00Z")).toBe("0000-01-01T00:00:00.000000000Z");
    expect(instantKey("9999-12-31")).toBe("9999-12-31T00:00:00.000000000Z");
    expect(instantKey("9999-12-31T23:59:59Z")).toBe("9999-12-31T23:59:59.000000000Z");
    expect(instantKey("9999-12-31T23:59:59.999999999Z")).toBe("9999-12-31T23:59:59.999999999Z");
  });

  it("rejects local times whose UTC instant leaves years 0000-9999", () => {
    expect(instantKey("0000-01-01T00:00:00+00:01")).toBeUndefined();
    expect(instantKey("0000-01-01T00:59:59+01:00")).toBeUndefined();
    expect(instantKey("9999-12-31T23:59:59-00:01")).toBeUndefined();
    expect(instantKey("9999-12-31T23:30:00-01:00")).toBeUndefined();
  });

  it("accepts offsets that keep the instant inside the bounds", () => {
    expect(instantKey("0000-01-01T01:00:00+01:00")).toBe("0000-01-01T00:00:00.000000000Z");
    expect(instantKey("9999-12-31T22:59:59.999999999-01:00")).toBe("9999-12-31T23:59:59.999999999Z");
  });

  it("does not map two-digit years to the 1900s", () => {
    expect(instantKey("0001-01-01")).toBe("0001-01-01T00:00:00.000000000Z");
    expect(instantKey("0099-06-15T12:00:00Z")).toBe("0099-06-15T12:00:00.000000000Z");
    expect(instantKey("0048-02-29")).toBe("0048-02-29T00:00:00.000000000Z");
    expect(instantKey("0049-02-29")).toBeUndefined();
  });
});

describe("instantKey: ordering", () => {
  const key = (value: string) => {
    const k = instantKey(value);
    if (k === undefined) throw new Error(`not a date: ${value}`);
    return k;
  };

  it("orders by instant across time zones, not by the text", () => {
    // 16:30Z is before 17:00Z although "18:30" > "17:00" as text.
    expect(key("2024-12-15T18:30:00+02:00") < key("2024-12-15T17:00:00Z")).toBe(true);
    expect("2024-12-15T18:30:00+02:00" > "2024-12-15T17:00:00Z").toBe(true);
    // 23:00Z on the 14th is before midnight of the 15th.
    expect(key("2024-12-15T01:00:00+02:00") < key("2024-12-15")).toBe(true);
  });

  it("sorts a mixed list into chronological order", () => {
    const chronological = [
      "1969-07-20T20:17:40Z",
      "2024-12-15T01:00:00+02:00", // 2024-12-14T23:00Z
      "2024-12-14T23:59:59.999999999Z",
      "2024-12-15", // midnight UTC
      "2024-12-15T00:00:00.000000001Z",
      "2024-12-15T00:00:00.001",
      "2024-12-15T18:30:00+02:00", // 16:30Z
      "2024-12-15T17:00:00Z",
      "2024-12-15T17:00:00.5",
      "2024-12-15T12:00:00-06:00", // 18:00Z
      "2024-12-16T00:30:00+01:00", // 2024-12-15T23:30Z
      "2024-12-16",
      "9999-12-31",
    ];
    const random = prng(7);
    for (let round = 0; round < 20; round++) {
      const shuffled = [...chronological].sort(() => random() - 0.5);
      const sorted = shuffled.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      expect(sorted).toEqual(chronological);
    }
  });

  it("equal instants give equal keys, whatever the notation", () => {
    const same = [
      "2024-12-15",
      "2024-12-15T00:00",
      "2024-12-15T00:00Z",
      "2024-12-15T00:00:00",
      "2024-12-15T00:00:00Z",
      "2024-12-15T00:00:00.000000000Z",
      "2024-12-15T02:00:00+02:00",
      "2024-12-14T19:00:00-05:00",
      "2024-12-14T23:00:00.0-01:00",
    ];
    expect(new Set(same.map(key))).toEqual(new Set(["2024-12-15T00:00:00.000000000Z"]));
  });

  it("orders sub-millisecond differences", () => {
    const values = [
      "2024-12-15T18:30:00.000999999Z",
      "2024-12-15T18:30:00.000000002Z",
      "2024-12-15T18:30:00.000000010Z",
      "2024-12-15T18:30:00.0000001Z",
      "2024-12-15T18:30:00.001Z",
      "2024-12-15T18:30:00.000000001Z",
    ];
    const byKey = [...values].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(byKey).toEqual([
      "2024-12-15T18:30:00.000000001Z",
      "2024-12-15T18:30:00.000000002Z",
      "2024-12-15T18:30:00.000000010Z",
      "2024-12-15T18:30:00.0000001Z",
      "2024-12-15T18:30:00.000999999Z",
      "2024-12-15T18:30:00.001Z",
    ]);
  });

  it("agrees with Date for thousands of random instants and offsets", () => {
    const random = prng(20241215);
    const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");
    const min = Date.UTC(1000, 0, 1);
    const max = Date.UTC(9000, 0, 1);
    const samples: Array<{ text: string; millis: number }> = [];
    for (let i = 0; i < 3000; i++) {
      const millis = min + Math.floor(random() * (max - min));
      const offsetMinutes = (Math.floor(random() * 113) - 56) * 15; // -14:00 .. +14:00
      const local = new Date(millis + offsetMinutes * 60_000);
      const sign = offsetMinutes < 0 ? "-" : "+";
      const offset =
        offsetMinutes === 0 && random() < 0.5
          ? "Z"
          : `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
      const text =
        `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
        `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
        `.${pad(local.getUTCMilliseconds(), 3)}${offset}`;
      samples.push({ text, millis });
      expect(key(text)).toBe(`${new Date(millis).toISOString().slice(0, 23)}000000Z`);
      expect(Date.parse(text)).toBe(millis);
    }
    const byKey = [...samples].sort((a, b) => (key(a.text) < key(b.text) ? -1 : key(a.text) > key(b.text) ? 1 : 0));
    const byMillis = [...samples].sort((a, b) => a.millis - b.millis);
    expect(byKey.map((s) => s.millis)).toEqual(byMillis.map((s) => s.millis));
  });
});
