// A module-resolution hook for tests that load main-process code under plain Node:
// `electron` resolves to ./electron-stub.mjs (the real package only exports a path).
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') {
    return { url: new URL('./electron-stub.mjs', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
