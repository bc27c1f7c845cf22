import { checkImports } from './import-graph.js';

/** `npm run layers [root]`: counts of the deployed code and every import that runs the wrong way. */
const root = process.argv[2] ?? process.cwd();
const report = checkImports(root);
console.log(`files ${report.files}, lines ${report.lines}, largest ${report.largest.file} (${report.largest.lines} lines), relative imports ${report.imports}`);
console.log(`imports against the layers: ${report.violations.length}`);
for (const v of report.violations) console.log(`  ${v.from} -> ${v.to}: ${v.reason}`);
if (report.unplaced.length > 0) console.log(`files in no layer: ${report.unplaced.join(', ')}`);
process.exitCode = report.violations.length > 0 ? 1 : 0;
