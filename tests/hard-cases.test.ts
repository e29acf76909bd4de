// The hard-case table of lib/check/README.md (bench/hard-cases.ts): gradcheck gives every case a
// verdict a perfect checker could give, with the reason codes the table shows.
import { describe, expect, it } from "vitest";
import { HARD_CASES, ngcVerdict, right } from "../bench/hard-cases";

describe("the hard cases", () => {
  for (const c of HARD_CASES) {
    it(`${c.what}: ${c.expected}`, () => {
      const v = ngcVerdict(c);
      expect(right(c.expected, v.text), v.text).toBe(true);
    });
  }

  it("a passing case costs exactly 2·P evaluations", () => {
    for (const c of HARD_CASES.filter((h) => ["tiny-correct", "large-w", "well-scaled-correct"].includes(h.id))) {
      expect(ngcVerdict(c).evaluations).toBe(2 * c.w.length);
    }
  });
});
