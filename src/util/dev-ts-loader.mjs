// Module hooks that let a worker thread run ftvm's TypeScript sources directly
// (tests under vitest, `node --import` users): .ts files are compiled with
// esbuild as they load, and extensionless relative imports find their .ts
// file, as the bundler resolution of tsconfig.json does. The bundled CLI
// never uses this: its worker is plain JavaScript.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';

export async function resolve(specifier, context, next) {
  const parent = context.parentURL;
  if (parent && parent.startsWith('file:') && parent.endsWith('.ts') && (specifier.startsWith('./') || specifier.startsWith('../'))) {
    const base = fileURLToPath(new URL(specifier, parent));
    for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
      if (existsSync(candidate) && statSync(candidate).isFile()) {
        return { url: pathToFileURL(candidate).href, format: candidate.endsWith('.ts') ? 'module' : undefined, shortCircuit: true };
      }
    }
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.ts')) {
    const path = fileURLToPath(url);
    const { code } = transformSync(readFileSync(path, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: path, sourcemap: 'inline' });
    return { format: 'module', source: code, shortCircuit: true };
  }
  return next(url, context);
}
