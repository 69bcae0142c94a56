export { publicSearchRoutes as searchContent, searchRoutes as searchApi } from './routes.js';
