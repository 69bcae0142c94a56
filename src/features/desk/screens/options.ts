import type { DeskSite } from '../context.js';
import type { DeskServices } from '../services.js';

/** What every desk area's plugin is given: the services and the site. */
export interface ScreenOptions {
  services: DeskServices;
  site: DeskSite;
  /** The largest notice table file taken, in bytes (`TABLE_LIMIT`). */
  tableLimit: number;
}
