/**
 * `date` output for virtual time. Virtual second 0 is DEFAULT_EPOCH_SECONDS (documented in
 * docs/image-catalog.md) so logs are the same on every run; containers run in UTC.
 */

/** 2026-01-01T00:00:00Z, as Unix seconds. */
export const DEFAULT_EPOCH_SECONDS = Date.UTC(2026, 0, 1, 0, 0, 0) / 1000;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pad = (n: number, w = 2, c = '0') => String(n).padStart(w, c);

/** strftime for the conversions people use in container scripts; unknown ones are kept as written. */
export function formatDate(unixSeconds: number, format: string): string {
  const d = new Date(Math.floor(unixSeconds) * 1000);
  const Y = d.getUTCFullYear(), m = d.getUTCMonth(), day = d.getUTCDate();
  const H = d.getUTCHours(), M = d.getUTCMinutes(), S = d.getUTCSeconds(), w = d.getUTCDay();
  const startOfYear = Date.UTC(Y, 0, 1) / 1000;
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%' || i + 1 >= format.length) { out += c; continue; }
    const f = format[++i];
    switch (f) {
      case 'Y': out += Y; break;
      case 'y': out += pad(Y % 100); break;
      case 'm': out += pad(m + 1); break;
      case 'd': out += pad(day); break;
      case 'e': out += pad(day, 2, ' '); break;
      case 'H': out += pad(H); break;
      case 'I': out += pad(((H + 11) % 12) + 1); break;
      case 'p': out += H < 12 ? 'AM' : 'PM'; break;
      case 'M': out += pad(M); break;
      case 'S': out += pad(S); break;
      case 's': out += Math.floor(unixSeconds); break;
      case 'N': out += '000000000'; break;
      case 'a': out += DAYS[w]; break;
      case 'A': out += DAY_NAMES[w]; break;
      case 'b': case 'h': out += MONTHS[m]; break;
      case 'B': out += MONTH_NAMES[m]; break;
      case 'j': out += pad(Math.floor((Math.floor(unixSeconds) - startOfYear) / 86400) + 1, 3); break;
      case 'u': out += w === 0 ? 7 : w; break;
      case 'w': out += w; break;
      case 'Z': out += 'UTC'; break;
      case 'z': out += '+0000'; break;
      case 'T': out += `${pad(H)}:${pad(M)}:${pad(S)}`; break;
      case 'R': out += `${pad(H)}:${pad(M)}`; break;
      case 'D': out += `${pad(m + 1)}/${pad(day)}/${pad(Y % 100)}`; break;
      case 'F': out += `${Y}-${pad(m + 1)}-${pad(day)}`; break;
      case 'c': out += formatDate(unixSeconds, '%a %b %e %H:%M:%S %Y'); break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '%': out += '%'; break;
      default: out += '%' + f;
    }
  }
  return out;
}

/** Default `date` output (same layout for busybox and GNU date in the C locale). */
export const DEFAULT_DATE_FORMAT = '%a %b %e %H:%M:%S %Z %Y';
