export { mediaRoutes } from './media-routes.js';
export { photosRoutes as photosApi } from './routes.js';
