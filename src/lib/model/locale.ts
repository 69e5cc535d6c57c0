import { z } from 'zod';

/**
 * Every message zod writes itself (one we did not write in a schema, e.g. for
 * an unknown hostmanship principle or a number where a name belongs) in Dutch:
 * people read them in forms, import reports and API answers. The setting is
 * global to zod, so importing this module once, anywhere, is enough; every
 * model file does so through `ids.ts`, on the server and in the browser.
 */
z.config(z.locales.nl());
