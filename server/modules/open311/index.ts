// The open311 module owns Concord's GeoReport v2 (Open311) endpoint for other systems: discovery,
// services from the responsibility list, and service requests that are cases, by API key.
export { open311Routes } from './open311.routes.ts';
export { open311FrameworkError } from './open311-http.ts';
export type { Open311Tables } from './open311.table.ts';
