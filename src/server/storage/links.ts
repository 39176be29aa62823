/**
 * The host that stands for object storage (S3 in hosted Mender): artifact
 * links point here, not at the API host, so a device that lacks this host's
 * CA certificate fails its download as a real one would. `.test` is a
 * reserved top-level domain, so nothing can ever leave the simulation.
 */
export const ARTIFACT_STORAGE_ORIGIN = 'https://mender-artifacts.object-storage.test';

/** The bucket path under which artifacts are served on the storage host. */
export const ARTIFACT_STORAGE_PATH_PREFIX = '/mender-artifact-storage/';
