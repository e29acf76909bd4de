// Math that works offline in the exported pages: nbconvert's HTML template loads
// MathJax 2 from a CDN, so a page opened without network shows every formula as
// raw TeX. inlineMathJax() replaces that <script src> and its MathJax 2
// configuration with MathJax 3 (the npm package `mathjax`, Apache-2.0, its
// self-contained es5/tex-svg-full.js) inlined into the page, configured for the
// same delimiters. Used by scripts/workbook.mjs; tested in tests/offline-math.test.ts.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The MathJax 3 bundle that renders TeX to SVG with no further download. */
export function mathJaxSource() {
  return readFileSync(require.resolve("mathjax/es5/tex-svg-full.js"), "utf8");
}

const CDN_SCRIPT = /<script[^>]*src="[^"]*mathjax[^"]*"[^>]*>\s*<\/script>/i;
const V2_CONFIG = /<script type="text\/x-mathjax-config">[\s\S]*?<\/script>/i;

const CONFIG = `<script>
window.MathJax = {
  tex: { inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]], displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]], processEscapes: true, processEnvironments: true, tags: "ams" },
  svg: { fontCache: "global" },
  options: { ignoreHtmlClass: "tex2jax_ignore|jp-OutputArea-output", processHtmlClass: "jp-MarkdownOutput" },
};
</script>`;

/**
 * The page with MathJax inlined instead of loaded from a CDN. Throws if the
 * page has no MathJax script tag to replace (nbconvert's template changed).
 * A `</script` inside the bundle is escaped so that it cannot end the tag early.
 */
export function inlineMathJax(html, source = mathJaxSource()) {
  if (!CDN_SCRIPT.test(html)) throw new Error("no MathJax <script src> found in the page: nbconvert's template has changed");
  const bundle = source.replace(/<\/script/gi, "<\\/script");
  // Function replacers: the bundle contains "$&" and "$'" sequences that a string replacement would expand.
  return html.replace(V2_CONFIG, () => "").replace(CDN_SCRIPT, () => `${CONFIG}\n<script>${bundle}</script>`);
}
