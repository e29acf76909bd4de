// Tests for lib/workbook/display.ts: table and frameTable as text and as HTML.
import { inspect } from "util";
import { describe, expect, it } from "vitest";
import { Table, frameTable, table } from "../lib/workbook/display";
import { escapeHtml, formatNumber } from "../lib/check/format";

describe("formatNumber and escapeHtml", () => {
  it("rounds to significant digits, switching to exponent form when very small or large", () => {
    expect(formatNumber(23.456789)).toBe("23.4568");
    expect(formatNumber(0.000012345)).toBe("1.234e-5");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(1e7)).toBe("1.000e+7");
    expect(formatNumber(NaN)).toBe("NaN");
    expect(formatNumber(-Infinity)).toBe("-Infinity");
    expect(formatNumber(Math.PI, 3)).toBe("3.14");
  });

  it("escapes the five HTML specials", () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  });
});

describe("table from columns", () => {
  const t = table({ parameter: ["w0", "w1"], INIT: [0.1, -0.123456789] }, { caption: "INIT" });

  it("prints a caption, right-aligned columns and formatted numbers", () => {
    expect(t).toBeInstanceOf(Table);
    expect(t.toString()).toBe(
      ["INIT", "parameter       INIT", "---------  ---------", "       w0        0.1", "       w1  -0.123457"].join("\n"),
    );
    expect(inspect(t)).toBe(t.toString());
  });

  it("renders HTML with escaped headers and cells, and a caption", () => {
    const html = table({ "a<b": ["x&y"] }, { caption: "c>d" }).toHTML();
    expect(html).toMatch(/^<table class="ngc-table"/);
    expect(html).toContain("<caption");
    expect(html).toContain("c&gt;d");
    expect(html).toContain(">a&lt;b</th>");
    expect(html).toContain(">x&amp;y</td>");
  });

  it("highlights the rows asked for, and honours digits", () => {
    const html = table({ x: [1.23456, 2, 3] }, { digits: 3, highlight: (i) => i === 1 }).toHTML();
    const rows = html.match(/<tr[^>]*><td/g) ?? [];
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain("background");
    expect(rows[0]).not.toContain("background");
    expect(html).toContain(">1.23</td>");
  });

  it("rejects columns of different lengths, naming each length", () => {
    expect(() => table({ a: [1, 2], b: [1] })).toThrow("table: columns have different lengths (a: 2, b: 1)");
  });
});

describe("table from row objects", () => {
  it("takes the union of keys as columns; absent, null and undefined cells are blank", () => {
    const t = table([{ x: 1, y: true }, { x: 3, z: "hi" }, { x: null }]);
    expect(t.columns).toEqual(["x", "y", "z"]);
    expect(t.toString().split("\n")).toEqual(["x     y   z", "-  ----  --", "1  true    ", "3        hi", "           "]);
    expect(t.toHTML()).toContain("<td style=\"text-align:right\">true</td>");
  });
});

describe("frameTable", () => {
  // The parts of a danfojs DataFrame that frameTable reads.
  const frame = {
    columns: ["mpg", "weight"],
    index: ["count", "mean", "std"],
    values: [
      [392, 392],
      [23.445918367, 2977.5841837],
      [7.805, 849.40256],
    ],
  };

  it("puts the index first, under a blank header, and formats with the digits given", () => {
    const t = frameTable(frame, { digits: 4 });
    expect(t.columns).toEqual(["", "mpg", "weight"]);
    expect(t.rows[1]).toEqual(["mean", 23.445918367, 2977.5841837]);
    const text = t.toString();
    expect(text.split("\n")).toEqual([
      "         mpg  weight",
      "-----  -----  ------",
      "count    392     392",
      " mean  23.45    2978",
      "  std  7.805   849.4",
    ]);
    const html = t.toHTML();
    expect(html).toContain(">count</td>");
    expect(html).toContain(">23.45</td>");
    expect(html).toContain(">849.4</td>");
  });

  it("accepts a Series-like frame whose values are one-dimensional (e.g. df[\"mpg\"].describe())", () => {
    // FrameLike allows values: unknown[]; danfojs Series.describe() returns such a frame.
    const series = { columns: ["0"], index: ["count", "mean"], values: [392, 23.445918367] };
    const t = frameTable(series, { digits: 4 });
    expect(t.rows).toEqual([
      ["count", 392],
      ["mean", 23.445918367],
    ]);
    expect(t.toHTML()).toContain(">23.45</td>");
  });

  it("shows at most maxRows rows (20 by default)", () => {
    expect(frameTable(frame, { maxRows: 2 }).rows).toHaveLength(2);
    const long = { columns: ["v"], index: Array.from({ length: 30 }, (_, i) => i), values: Array.from({ length: 30 }, (_, i) => [i]) };
    expect(frameTable(long).rows).toHaveLength(20);
    expect(frameTable(long).rows[19]).toEqual(["19", 19]);
  });
});
