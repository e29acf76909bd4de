// scripts/offline-math.mjs: the exported pages carry MathJax themselves, so that
// their formulas render with no network (the browser test checks the rendering).
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { inlineMathJax, mathJaxSource } from "../scripts/offline-math.mjs";

const PAGE = `<html><head>
<!-- Load mathjax -->
<script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js?config=TeX-AMS_CHTML-full,Safe"> </script>
<script type="text/x-mathjax-config">
    init_mathjax = function() { MathJax.Hub.Config({}); }
    init_mathjax();
</script>
</head><body><div class="jp-MarkdownOutput">$\\text{tol} = 10^{-6}$</div></body></html>`;

describe("inlineMathJax", () => {
  it("replaces the CDN script and the MathJax 2 configuration with the npm bundle, inlined", () => {
    const out: string = inlineMathJax(PAGE, "/* bundle: $& $' </script> */");
    expect(out).not.toMatch(/cdnjs|https?:\/\/[^"]*mathjax/i);
    expect(out).not.toContain("x-mathjax-config");
    expect(out).toContain("window.MathJax = {");
    expect(out).toContain("/* bundle: $& $' <\\/script> */"); // kept literally, and cannot close the tag
    expect(out).toContain("$\\text{tol} = 10^{-6}$");
  });

  it("refuses a page without the template's MathJax script", () => {
    expect(() => inlineMathJax("<html></html>", "x")).toThrow(/no MathJax/);
  });

  it("the bundle is MathJax 3 with TeX input and SVG output, from node_modules", () => {
    const src: string = mathJaxSource();
    expect(src.length).toBeGreaterThan(1_000_000);
    expect(src).toMatch(/3\.2\.\d/);
  });
});
