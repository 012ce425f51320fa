/** The routes of the agreements capability, registered in app.ts. */
export { qualificationRoutes } from './qualifications.routes.js';
export { agreementRoutes } from './agreements.routes.js';
export { signingRoutes } from './signing.routes.js';
export { seedQualifications } from './qualifications.service.js';
