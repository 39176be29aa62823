export {
  createMockServer,
  type MockServer,
  type MockServerOptions,
  type ServerProfile,
} from './mockServer.ts';
export { createMswHandlers } from './msw.ts';
export {
  ARTIFACT_STORAGE_ORIGIN,
  ARTIFACT_STORAGE_PATH_PREFIX,
} from './storage/links.ts';
