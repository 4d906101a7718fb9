import { writeFileSync } from 'node:fs';
import { printedSchema } from './index.js';

/** Writes the schema, printed from the code and sorted, to the path given (default: stdout). */
const target = process.argv[2];
if (target) writeFileSync(target, printedSchema());
else process.stdout.write(printedSchema());
