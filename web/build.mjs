// Bundles src/ (with socket.io-client) into dist/widget.js, one self-contained file
// with the CSS inlined, so a page needs a single <script> tag and no npm.
// `node build.mjs --check` rebuilds in memory and fails if the committed bundle is stale.
import { build, transform } from "esbuild";
import { readFile, writeFile } from "node:fs/promises";

const outfile = new URL("./dist/widget.js", import.meta.url);
// The stylesheet exactly as the widget injects it: the demo page's CSP allows it by its hash.
const cssfile = new URL("./dist/widget.css", import.meta.url);
let injectedCss = "";
const check = process.argv.includes("--check");

// The CSS goes in as a string (for the shadow root), minified first.
const minifiedCss = {
  name: "minified-css",
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await transform(await readFile(args.path, "utf8"), { loader: "css", minify: true, target: ["chrome90", "firefox90", "safari15"] });
      injectedCss = code;
      return { contents: code, loader: "text" };
    });
  },
};

const result = await build({
  entryPoints: [new URL("./src/widget.js", import.meta.url).pathname],
  bundle: true,
  format: "iife",
  target: ["es2020", "chrome90", "firefox90", "safari15"],
  minify: true,
  legalComments: "eof",
  plugins: [minifiedCss],
  write: false,
  logLevel: "warning",
});
const code = result.outputFiles[0].text;

if (check) {
  const committed = await readFile(outfile, "utf8").catch(() => "");
  const committedCss = await readFile(cssfile, "utf8").catch(() => "");
  if (committed !== code || committedCss !== injectedCss) {
    console.error("web/dist/widget.js is out of date: run `npm run build` in web/ and commit it.");
    process.exit(1);
  }
  console.log("web/dist/widget.js is up to date.");
} else {
  await writeFile(outfile, code);
  await writeFile(cssfile, injectedCss);
  console.log(`wrote dist/widget.js (${code.length} bytes)`);
}
