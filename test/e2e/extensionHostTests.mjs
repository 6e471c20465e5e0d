export async function runExtensionHostTests() {
  return null;
}
