// One line per panel case × variant (correct | each bug) with gradCheck's status at
// defaults, the per-entry counts, reason codes (p: on passed entries, i: on
// inconclusive ones), evaluations and the broken rules (see judge.ts). Compare the
// verdict engine before and after: npx tsx tests/panel/print.ts [--details | --json] [filter]
import { panelCases } from "./index";
import { FLOOR, RIGHT_REL, WRONG_REL, judge, summaryJson, summaryLine } from "./judge";

const args = process.argv.slice(2);
const details = args.includes("--details");
const filter = args.find((a) => !a.startsWith("--"));
const known = args.includes("--known");
const json = args.includes("--json");
if (!known && !json) console.log(`# panel: wrong if |a-t| > max(${WRONG_REL}|t|, ${FLOOR}F); right if |a-t| <= ${RIGHT_REL}|t|; rules H1-H5 hard, G1-G4 goals (tests/panel/judge.ts)`);
const tally = new Map<string, number>();
let lines = 0;
for (const c of known ? [] : panelCases()) {
  if (filter && !c.name.includes(filter)) continue;
  for (const v of ["correct", ...c.bugs.map((b) => b.name)]) {
    const j = judge(c, v);
    console.log(json ? JSON.stringify(summaryJson(c, j)) : summaryLine(c, j));
    lines++;
    for (const b of j.broken) {
      tally.set(b.rule, (tally.get(b.rule) ?? 0) + 1);
      if (details && !json) console.log(`      ${b.rule} ${b.message}`);
    }
  }
}
if (!known && !json) console.log(`# ${lines} lines; broken rule instances: ${[...tally].sort().map(([r, n]) => `${r}×${n}`).join(" ") || "none"}`);

// --known: print tests/panel/known.ts (the current checker's breaches, for it.fails).
if (args.includes("--known")) {
  const hard: string[] = [];
  const goal: string[] = [];
  for (const c of panelCases()) {
    for (const v of ["correct", ...c.bugs.map((b) => b.name)]) {
      const j = judge(c, v);
      if (j.broken.some((b) => b.rule.startsWith("H"))) hard.push(`${c.name} :: ${v}`);
      if (j.broken.some((b) => b.rule.startsWith("G"))) goal.push(`${c.name} :: ${v}`);
    }
  }
  const list = (xs: string[]) => xs.map((x) => `  ${JSON.stringify(x)},`).join("\n");
  console.log(`// The current checker's breaches of the panel's rules, as it.fails in tests/panel.test.ts.
// Regenerate with: npx tsx tests/panel/print.ts --known > tests/panel/known.ts (then check the diff).
// A fixed breach makes its it.fails fail: remove it from here. PANEL_STRICT=1 runs them all as plain its.
export const KNOWN_HARD: string[] = [
${list(hard)}
];

export const KNOWN_GOAL: string[] = [
${list(goal)}
];`);
}
