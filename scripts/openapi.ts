// Writes openapi/openapi.json from the route schemas: `npm run openapi`.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderOpenApi } from '../src/openapi.js';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../openapi/openapi.json');
await fs.mkdir(path.dirname(target), { recursive: true });
await fs.writeFile(target, await renderOpenApi());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
