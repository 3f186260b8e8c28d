// Bundles the page's script into wwwroot/app.js (run by SeedTour's build after tsc type-checked it).
import { build } from "esbuild";

await build({
  entryPoints: ["ClientApp/app.ts"],
  bundle: true,
  format: "iife",
  target: "es2020",
  outfile: "wwwroot/app.js",
  logLevel: "warning",
});
