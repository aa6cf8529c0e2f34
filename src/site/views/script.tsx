// A script of the theme: deferred, and named by its hash, without which the Content-Security-Policy
// does not let it run (security-headers.ts).
import { integrityOf } from '../assets.js';

export function Script({ src }: { src: string }) {
  return <script src={src} integrity={integrityOf(src)} defer />;
}
