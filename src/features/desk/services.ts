import type { ArticlesService } from '../articles/service.js';
import type { AuditService } from '../audit/service.js';
import type { Planner } from '../editions/plan.js';
import type { Releases } from '../editions/release.js';
import type { EditionsService } from '../editions/service.js';
import type { ImportsService } from '../imports/service.js';
import type { NoticeKindsService } from '../notices/kinds.js';
import type { NoticesService } from '../notices/service.js';
import type { PeopleService } from '../people/service.js';
import type { PhotosService } from '../photos/service.js';
import type { PrintService } from '../print/service.js';
import type { SearchService } from '../search/service.js';
import type { SectionsService } from '../sections/service.js';
import type { SessionsService } from '../sessions/service.js';
import type { UsersService } from '../users/service.js';

/**
 * The services the desk works through: the same ones the API's routes call, so every rule
 * (who may edit what, the workflow, table checks, copy-fit) is the services' and holds alike.
 */
export interface DeskServices {
  sessions: SessionsService;
  users: UsersService;
  articles: ArticlesService;
  notices: NoticesService;
  noticeKinds: NoticeKindsService;
  editions: EditionsService;
  imports: ImportsService;
  releases: Releases;
  planner: Planner;
  print: PrintService;
  people: PeopleService;
  photos: PhotosService;
  sections: SectionsService;
  audit: AuditService;
  search: SearchService;
}
