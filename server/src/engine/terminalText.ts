/**
 * Text that reaches a terminal carries names, images, messages and logs from the workspace's
 * manifests: an `image: "busybox\e[31m"` (or a container that prints escape sequences) must not
 * drive the user's terminal. Control characters other than newline and tab are shown in caret
 * notation (ESC as `^[`, DEL as `^?`), C1 controls as `\u009b`-style escapes; a CR is kept only
 * before a newline.
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export function escapeTerminal(text: string): string {
  if (!CONTROLS.test(text)) return text;
  CONTROLS.lastIndex = 0;
  return text.replace(CONTROLS, (c, offset: number) => {
    const code = c.charCodeAt(0);
    if (code === 0x0d && text[offset + 1] === '\n') return c;
    if (code < 0x20) return '^' + String.fromCharCode(code + 64);
    if (code === 0x7f) return '^?';
    return `\\u00${code.toString(16)}`;
  });
}
